// express-pouchdb on 127.0.0.1, in memory: the server side of the PouchDB comparison.
// Usage: node server.js PORT
'use strict';
const express = require('express');
const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'));

const port = Number(process.argv[2] || 5984);
const MemPouch = PouchDB.defaults({ adapter: 'memory' });
const app = express();
app.use('/', require('express-pouchdb')(MemPouch, { mode: 'minimumForPouchDB', logPath: '/dev/null' }));
app.listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));

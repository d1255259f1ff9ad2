// Replicates the documents in a JSON file (one array) from an in-memory PouchDB to a remote
// database, and prints the elapsed milliseconds as JSON. Bytes on the wire are counted by the
// caller's proxy. Usage: node replicate.js DOCS.json http://127.0.0.1:PORT/db
'use strict';
const fs = require('fs');
const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'));

async function main() {
  const [file, target] = process.argv.slice(2);
  const docs = JSON.parse(fs.readFileSync(file, 'utf8'));
  const local = new PouchDB('local', { adapter: 'memory' });
  // Written locally first, as the phone writes offline; only replication is timed.
  for (let i = 0; i < docs.length; i += 500) {
    await local.bulkDocs(docs.slice(i, i + 500));
  }
  const remote = new PouchDB(target);
  await remote.info();
  const started = process.hrtime.bigint();
  const result = await local.replicate.to(remote, { batch_size: 500 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const info = await remote.info();
  console.log(JSON.stringify({ ms, docs_written: result.docs_written, remote_docs: info.doc_count }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

-- The region's content: the last complete bundle, replaced as a whole in one transaction.
-- Not part of the entry log: it is the region's, and the next bundle replaces it.

CREATE TABLE content_state (
    singleton     INTEGER PRIMARY KEY CHECK (singleton = 1),
    version       INTEGER NOT NULL,
    published_at  INTEGER NOT NULL,
    sample        INTEGER NOT NULL,
    installed_at  INTEGER NOT NULL,
    -- The version the nurse last acknowledged; below `version` the app shows "new version".
    seen_version  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Guidelines and quick references; doc_no is also the rowid in content_search.
CREATE TABLE content_documents (
    doc_no      INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    audience    TEXT NOT NULL,
    chapter     TEXT,
    version     TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    owner       TEXT NOT NULL,
    sample      INTEGER NOT NULL,
    html        TEXT NOT NULL,
    -- The words without markup (also in content_search): search snippets are cut from here.
    text        TEXT NOT NULL
) STRICT;

-- Full-text search: diacritics folded (hjartstopp finds hjärtstopp), prefix queries for typing.
CREATE VIRTUAL TABLE content_search USING fts5(
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

CREATE TABLE content_contacts (
    position      INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    phone         TEXT NOT NULL,
    hours         TEXT NOT NULL,
    unit          TEXT,
    municipality  TEXT
) STRICT;

CREATE TABLE content_municipalities (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    ivpa  TEXT NOT NULL,
    lat   REAL NOT NULL,
    lon   REAL NOT NULL
) STRICT;

CREATE TABLE content_units (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    municipality  TEXT NOT NULL
) STRICT;

-- One row per synonym term; terms with the same group mean the same to a searching nurse.
CREATE TABLE content_synonyms (
    term   TEXT PRIMARY KEY,
    grp    INTEGER NOT NULL
) STRICT;

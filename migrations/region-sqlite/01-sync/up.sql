-- The region's store for a zero-setup local run (SQLite). Mirrors region-postgres.

CREATE TABLE units (
    unit_id       TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    municipality  TEXT
) STRICT;

-- One-time enrolment codes, kept only as hashes.
CREATE TABLE enrolments (
    code_hash   TEXT PRIMARY KEY,
    unit_id     TEXT NOT NULL REFERENCES units (unit_id),
    user_id     TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    device_id   TEXT
) STRICT;

-- Enrolled devices; the token is kept only as a hash. high_water: every entry of this device
-- with seq <= high_water is stored.
CREATE TABLE devices (
    device_id    TEXT PRIMARY KEY,
    unit_id      TEXT NOT NULL REFERENCES units (unit_id),
    user_id      TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    enrolled_at  INTEGER NOT NULL,
    revoked_at   INTEGER,
    high_water   INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Which unit a job belongs to: fixed by its creating entry.
CREATE TABLE jobs (
    job_id      TEXT PRIMARY KEY,
    unit_id     TEXT NOT NULL REFERENCES units (unit_id),
    created_by  TEXT NOT NULL
) STRICT;

-- Every entry every device pushed, exactly once. region_seq orders them for pull cursors.
CREATE TABLE entries (
    region_seq   INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id    TEXT NOT NULL,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    job_id       TEXT NOT NULL REFERENCES jobs (job_id),
    unit_id      TEXT NOT NULL,
    hlc          TEXT NOT NULL,
    author       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    UNIQUE (device_id, seq)
) STRICT;

CREATE INDEX entries_by_unit ON entries (unit_id, region_seq);

CREATE TRIGGER entries_are_append_only_update BEFORE UPDATE ON entries
BEGIN
    SELECT RAISE(ABORT, 'entries are append-only');
END;

CREATE TRIGGER entries_are_append_only_delete BEFORE DELETE ON entries
BEGIN
    SELECT RAISE(ABORT, 'entries are append-only');
END;

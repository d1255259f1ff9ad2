-- The device's append-only entry log and the read models folded from it.

-- Who this installation is. One row.
CREATE TABLE device (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id   TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

-- Every entry ever written here or received from the region. Never updated, never deleted:
-- a correction is a newer entry. (device_id, seq) is the identity sync relies on.
CREATE TABLE entries (
    device_id   TEXT NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    job_id      TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    author      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    stored_at   INTEGER NOT NULL,
    PRIMARY KEY (device_id, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX entries_by_job ON entries (job_id, hlc);

CREATE TRIGGER entries_are_append_only_update BEFORE UPDATE ON entries
BEGIN
    SELECT RAISE(ABORT, 'entries are append-only');
END;

CREATE TRIGGER entries_are_append_only_delete BEFORE DELETE ON entries
BEGIN
    SELECT RAISE(ABORT, 'entries are append-only');
END;

-- The read model: one row per job, the fold of its entries as JSON (samverka_model::JobView),
-- with the columns the home screen filters and sorts on. Rebuildable from `entries`.
CREATE TABLE jobs (
    job_id        TEXT PRIMARY KEY,
    job_type      TEXT,
    status        TEXT NOT NULL,
    -- samverka_model::Status::is_closed, so the closed statuses are listed in one place.
    closed        INTEGER NOT NULL DEFAULT 0,
    unit_id       TEXT,
    municipality  TEXT,
    practice      INTEGER NOT NULL DEFAULT 0,
    requested_at  INTEGER,
    last_hlc      TEXT NOT NULL,
    view          TEXT NOT NULL
) STRICT;

CREATE INDEX jobs_open ON jobs (closed, requested_at);

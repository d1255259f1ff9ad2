-- Assistance requests from health centres (#9): a staff role for the centres' staff, the units'
-- kind (municipal or ambulance: the age and ECG rules differ), the requests and their answers,
-- and the audit log of phones reading them. Mirrors region-postgres/0007_requests.sql.

-- A requester is staff bound to a health centre by name (centres are not units: they ask,
-- they do not perform). SQLite cannot change a CHECK in place, so staff is rebuilt; the
-- sessions that reference it are kept aside while the old table is dropped (nothing else
-- references staff), so nobody is signed out by the upgrade.
CREATE TABLE staff_sessions_kept AS SELECT * FROM staff_sessions;
DELETE FROM staff_sessions;

CREATE TABLE staff_new (
    name           TEXT PRIMARY KEY,
    role           TEXT NOT NULL CHECK (role IN ('coach', 'admin', 'requester')),
    password_hash  TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    unit_id        TEXT REFERENCES units (unit_id),
    -- The health centre a requester asks for (exactly requesters have one).
    centre         TEXT,
    CHECK ((role = 'requester') = (centre IS NOT NULL))
) STRICT;

INSERT INTO staff_new (name, role, password_hash, created_at, unit_id)
    SELECT name, role, password_hash, created_at, unit_id FROM staff;
DROP TABLE staff;
ALTER TABLE staff_new RENAME TO staff;

INSERT INTO staff_sessions (token_hash, name, created_at, expires_at)
    SELECT token_hash, name, created_at, expires_at FROM staff_sessions_kept;
DROP TABLE staff_sessions_kept;

-- What sort of unit: set from the published content's units (or `units add --kind`). NULL for
-- a unit nobody said; such a unit takes no requests.
ALTER TABLE units ADD COLUMN kind TEXT
    CHECK (kind IN ('municipal', 'ambulance', 'hospital', 'primary_care', 'other'));

-- One request: the model's checked AssistanceRequest as JSON, and once answered the model's
-- RequestAnswered as JSON with its parts as columns for the lists.
CREATE TABLE requests (
    request_id       TEXT PRIMARY KEY,
    unit_id          TEXT NOT NULL REFERENCES units (unit_id),
    centre           TEXT NOT NULL,
    requested_by     TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    request          TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'requested'
                     CHECK (status IN ('requested', 'accepted', 'declined')),
    answer           TEXT,
    answered_device  TEXT,
    answered_at      INTEGER,
    CHECK ((status = 'requested') = (answer IS NULL))
) STRICT;

CREATE INDEX requests_by_unit ON requests (unit_id, created_at);
CREATE INDEX requests_by_centre ON requests (centre, created_at);

-- A request is answered once: the answer never changes and requests are never removed.
CREATE TRIGGER requests_answered_once BEFORE UPDATE ON requests
    WHEN OLD.answer IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a request is answered once');
END;
CREATE TRIGGER requests_are_kept BEFORE DELETE ON requests
BEGIN
    SELECT RAISE(ABORT, 'requests are kept');
END;

-- Who read which request's identifying data (personal identity number, name, address) and
-- when: written before the answer leaves the region; never changed or removed.
CREATE TABLE request_audit_log (
    audit_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('request_list')),
    role        TEXT NOT NULL CHECK (role IN ('nurse', 'coach', 'admin', 'requester')),
    actor       TEXT NOT NULL,
    device_id   TEXT,
    request_id  TEXT NOT NULL REFERENCES requests (request_id),
    unit_id     TEXT NOT NULL,
    client      TEXT,
    CHECK ((role = 'nurse') = (device_id IS NOT NULL))
) STRICT;

CREATE INDEX request_audit_by_request ON request_audit_log (request_id, audit_id);

CREATE TRIGGER request_audit_is_append_only_u BEFORE UPDATE ON request_audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER request_audit_is_append_only_d BEFORE DELETE ON request_audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

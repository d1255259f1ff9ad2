-- Security (#7): a unit scope for staff, and the audit log of every read of identifying data.
-- Mirrors region-postgres/0005_security.sql.

-- A coach belongs to one unit and reads only its jobs; an admin is region-wide (NULL). The
-- rule "a coach has a unit" is checked where staff are added, not here: coaches added before
-- this migration have none and can read no job until they are given one.
ALTER TABLE staff ADD COLUMN unit_id TEXT REFERENCES units (unit_id);

-- Who read which job's identifying entries (personal identity number, name), when, how and
-- from where. Written before the answer leaves the region; never changed or removed.
CREATE TABLE audit_log (
    audit_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('job_read', 'pull')),
    role       TEXT NOT NULL CHECK (role IN ('nurse', 'coach', 'admin')),
    -- A device's user, or a staff member's name.
    actor      TEXT NOT NULL,
    -- The reading device (nurses only).
    device_id  TEXT,
    job_id     TEXT NOT NULL REFERENCES jobs (job_id),
    -- The job's unit, so an admin can answer "who read unit U's patients".
    unit_id    TEXT NOT NULL,
    -- The client's IP address as the region saw it (a proxy's, behind one).
    client     TEXT,
    CHECK ((role = 'nurse') = (device_id IS NOT NULL))
) STRICT;

CREATE INDEX audit_log_by_job ON audit_log (job_id, audit_id);

CREATE TRIGGER audit_log_is_append_only_u BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_is_append_only_d BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

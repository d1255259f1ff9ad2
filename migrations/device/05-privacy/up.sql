-- Privacy on the device. Identifying data (the `identity` entries: personal identity number and
-- name) is purged a set time after the region acknowledged the job; everything about patients
-- is wiped when the region revokes the device (a lost phone).
CREATE TABLE privacy (
    singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
    -- 1 only inside a purge or wipe transaction: the one door through the append-only triggers.
    redacting        INTEGER NOT NULL DEFAULT 0 CHECK (redacting IN (0, 1)),
    -- How long identifying data stays after the region acknowledged a finished job.
    retention_hours  INTEGER NOT NULL DEFAULT 72 CHECK (retention_hours BETWEEN 1 AND 8760),
    -- When the region revoked this device and the patient data was wiped, and how many of the
    -- wiped entries the region had never received (the nurse is told).
    revoked_at       INTEGER,
    wiped_unsent     INTEGER
) STRICT;

INSERT INTO privacy (singleton) VALUES (1);

-- When the region held every entry of a finished job: the purge clock starts here.
CREATE TABLE job_acks (
    job_id    TEXT PRIMARY KEY,
    acked_at  INTEGER NOT NULL
) STRICT;

-- Jobs whose identifying part was purged.
CREATE TABLE identity_purges (
    job_id     TEXT PRIMARY KEY,
    purged_at  INTEGER NOT NULL
) STRICT;

-- The log stays append-only, with two doors that open only while `redacting` is set: an
-- identity entry's payload may be emptied (nothing else of it, nor of any other entry, may
-- change), and a wipe may delete.
DROP TRIGGER entries_are_append_only_update;
DROP TRIGGER entries_are_append_only_delete;

CREATE TRIGGER entries_are_append_only_update BEFORE UPDATE ON entries
WHEN (SELECT redacting FROM privacy) = 0
  OR OLD.kind <> 'identity'
  OR NEW.kind IS NOT OLD.kind
  OR NEW.device_id IS NOT OLD.device_id
  OR NEW.seq IS NOT OLD.seq
  OR NEW.job_id IS NOT OLD.job_id
  OR NEW.hlc IS NOT OLD.hlc
  OR NEW.author IS NOT OLD.author
  OR NEW.payload <> '{"set":{}}'
BEGIN
    SELECT RAISE(ABORT, 'entries are append-only');
END;

CREATE TRIGGER entries_are_append_only_delete BEFORE DELETE ON entries
WHEN (SELECT redacting FROM privacy) = 0
BEGIN
    SELECT RAISE(ABORT, 'entries are append-only');
END;

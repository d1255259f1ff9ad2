-- Restore from backup (#21): the region's incarnation and what a restore could not bring back.
-- Mirrors region-postgres/0011_restore.sql, which says why.
CREATE TABLE region_epoch (
    singleton  INTEGER PRIMARY KEY DEFAULT 1 CHECK (singleton = 1),
    epoch      TEXT NOT NULL,
    since      INTEGER NOT NULL
) STRICT;
INSERT INTO region_epoch (singleton, epoch, since)
VALUES (1, lower(hex(randomblob(16))), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));

CREATE TABLE epoch_renewals (
    device_id   TEXT NOT NULL,
    renewed_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX epoch_renewals_by_device ON epoch_renewals (device_id, renewed_at);

CREATE TABLE restore_log (
    device_id  TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    unit_id    TEXT NOT NULL,
    job_id     TEXT NOT NULL,
    what       TEXT NOT NULL,
    logged_at  INTEGER NOT NULL,
    PRIMARY KEY (device_id, seq)
) STRICT;

CREATE TRIGGER restore_log_is_append_only_update BEFORE UPDATE ON restore_log
BEGIN
    SELECT RAISE(ABORT, 'restore_log is append-only');
END;
CREATE TRIGGER restore_log_is_append_only_delete BEFORE DELETE ON restore_log
BEGIN
    SELECT RAISE(ABORT, 'restore_log is append-only');
END;

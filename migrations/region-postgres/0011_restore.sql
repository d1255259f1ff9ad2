-- Restore from backup (#21). The region's incarnation: pull cursors belong to one. When the
-- region finds it was restored from a backup (a phone's acknowledged log or its pull cursor
-- beyond what the region holds), it starts a new incarnation, and every phone whose cursor
-- belongs to the old one pulls again from the start — the entries the phones send again after
-- a restore get new places in the order, some below cursors given out before it.
CREATE TABLE region_epoch (
    singleton  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    epoch      TEXT NOT NULL,
    since      BIGINT NOT NULL
);
INSERT INTO region_epoch (singleton, epoch, since)
VALUES (TRUE, gen_random_uuid()::text, (extract(epoch FROM now()) * 1000)::bigint);

-- Which device made the region start a new incarnation, when: a device may do so once a day.
-- Every renewal makes every phone pull again from the start, so a device that claims more was
-- acknowledged than was (a forged `acked`) must not be able to make the region's phones
-- re-pull everything at will; a real restore is seen by many phones, and the first renews.
CREATE TABLE epoch_renewals (
    device_id   TEXT NOT NULL,
    renewed_at  BIGINT NOT NULL
);
CREATE INDEX epoch_renewals_by_device ON epoch_renewals (device_id, renewed_at);

-- What a restore could not bring back: an identity entry (personnummer, name) that the phone
-- had already purged when it sent it again arrives empty. Named here for the region's IT and
-- the unit's coach; never changed or deleted. Mirrors region-sqlite/11-restore.
CREATE TABLE restore_log (
    device_id  TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    unit_id    TEXT NOT NULL,
    job_id     TEXT NOT NULL,
    what       TEXT NOT NULL,
    logged_at  BIGINT NOT NULL,
    PRIMARY KEY (device_id, seq)
);

CREATE FUNCTION restore_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'restore_log is append-only';
END;
$$;

CREATE TRIGGER restore_log_is_append_only BEFORE UPDATE OR DELETE ON restore_log
    FOR EACH ROW EXECUTE FUNCTION restore_log_is_append_only();

-- Quarantine (#16): entries the region refused for good (written as another nurse, stamped by
-- a clock too far ahead, a form code not in force …), handed over by the phone that wrote
-- them so a coach can see them. Kept apart from the record (never pulled, never counted),
-- never changed or deleted. Taking one moves the device's high-water mark past its seq, so
-- the entries after it can be pushed.
CREATE TABLE quarantine (
    device_id    TEXT NOT NULL REFERENCES devices (device_id),
    seq          BIGINT NOT NULL CHECK (seq >= 1),
    unit_id      TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    job_id       TEXT,
    kind         TEXT,
    code         TEXT NOT NULL,
    message      TEXT NOT NULL,
    entry        TEXT NOT NULL,
    received_at  BIGINT NOT NULL,
    PRIMARY KEY (device_id, seq)
);

CREATE INDEX quarantine_by_unit ON quarantine (unit_id, received_at);

CREATE FUNCTION quarantine_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'quarantine is append-only';
END;
$$;

CREATE TRIGGER quarantine_is_append_only BEFORE UPDATE OR DELETE ON quarantine
    FOR EACH ROW EXECUTE FUNCTION quarantine_is_append_only();
CREATE TRIGGER quarantine_is_not_truncated BEFORE TRUNCATE ON quarantine
    FOR EACH STATEMENT EXECUTE FUNCTION quarantine_is_append_only();

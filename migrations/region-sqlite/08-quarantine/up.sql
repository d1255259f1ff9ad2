-- Quarantine (#16): entries the region refused for good (written as another nurse, stamped by
-- a clock too far ahead, a form code not in force …), handed over by the phone that wrote
-- them so a coach can see them. Kept apart from the record (never pulled, never counted),
-- never changed or deleted. Taking one moves the device's high-water mark past its seq, so
-- the entries after it can be pushed.
CREATE TABLE quarantine (
    device_id    TEXT NOT NULL REFERENCES devices (device_id),
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    unit_id      TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    job_id       TEXT,
    kind         TEXT,
    code         TEXT NOT NULL,
    message      TEXT NOT NULL,
    entry        TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    PRIMARY KEY (device_id, seq)
) STRICT;

CREATE INDEX quarantine_by_unit ON quarantine (unit_id, received_at);

CREATE TRIGGER quarantine_is_append_only_update BEFORE UPDATE ON quarantine
BEGIN
    SELECT RAISE(ABORT, 'quarantine is append-only');
END;

CREATE TRIGGER quarantine_is_append_only_delete BEFORE DELETE ON quarantine
BEGIN
    SELECT RAISE(ABORT, 'quarantine is append-only');
END;

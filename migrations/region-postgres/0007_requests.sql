-- Assistance requests from health centres (#9): a staff role for the centres' staff, the units'
-- kind (municipal or ambulance: the age and ECG rules differ), the requests and their answers,
-- and the audit log of phones reading them. Mirrors region-sqlite/07-requests.

-- A requester is staff bound to a health centre by name (centres are not units: they ask,
-- they do not perform).
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check
    CHECK (role IN ('coach', 'admin', 'requester'));
ALTER TABLE staff ADD COLUMN centre TEXT;
ALTER TABLE staff ADD CONSTRAINT staff_requester_centre
    CHECK ((role = 'requester') = (centre IS NOT NULL));

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
    created_at       BIGINT NOT NULL,
    request          TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'requested'
                     CHECK (status IN ('requested', 'accepted', 'declined')),
    answer           TEXT,
    answered_device  TEXT,
    answered_at      BIGINT,
    CHECK ((status = 'requested') = (answer IS NULL))
);

CREATE INDEX requests_by_unit ON requests (unit_id, created_at);
CREATE INDEX requests_by_centre ON requests (centre, created_at);

-- A request is answered once: the answer never changes and requests are never removed.
CREATE FUNCTION requests_answered_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'requests are kept';
    END IF;
    IF OLD.answer IS NOT NULL THEN
        RAISE EXCEPTION 'a request is answered once';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER requests_answered_once BEFORE UPDATE OR DELETE ON requests
    FOR EACH ROW EXECUTE FUNCTION requests_answered_once();

-- Who read which request's identifying data (personal identity number, name, address) and
-- when: written before the answer leaves the region; never changed or removed.
CREATE TABLE request_audit_log (
    audit_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          BIGINT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('request_list')),
    role        TEXT NOT NULL CHECK (role IN ('nurse', 'coach', 'admin', 'requester')),
    actor       TEXT NOT NULL,
    device_id   TEXT,
    request_id  TEXT NOT NULL REFERENCES requests (request_id),
    unit_id     TEXT NOT NULL,
    client      TEXT,
    CHECK ((role = 'nurse') = (device_id IS NOT NULL))
);

CREATE INDEX request_audit_by_request ON request_audit_log (request_id, audit_id);

CREATE TRIGGER request_audit_is_append_only BEFORE UPDATE OR DELETE ON request_audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER request_audit_is_not_truncated BEFORE TRUNCATE ON request_audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- The region's production store (PostgreSQL). Mirrors region-sqlite.

CREATE TABLE units (
    unit_id       TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    municipality  TEXT
);

-- One-time enrolment codes, kept only as hashes.
CREATE TABLE enrolments (
    code_hash   TEXT PRIMARY KEY,
    unit_id     TEXT NOT NULL REFERENCES units (unit_id),
    user_id     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT,
    device_id   TEXT
);

-- Enrolled devices; the token is kept only as a hash. high_water: every entry of this device
-- with seq <= high_water is stored.
CREATE TABLE devices (
    device_id    TEXT PRIMARY KEY,
    unit_id      TEXT NOT NULL REFERENCES units (unit_id),
    user_id      TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    enrolled_at  BIGINT NOT NULL,
    revoked_at   BIGINT,
    high_water   BIGINT NOT NULL DEFAULT 0
);

-- Which unit a job belongs to: fixed by its creating entry.
CREATE TABLE jobs (
    job_id      TEXT PRIMARY KEY,
    unit_id     TEXT NOT NULL REFERENCES units (unit_id),
    created_by  TEXT NOT NULL
);

-- Every entry every device pushed, exactly once. region_seq orders them for pull cursors;
-- pushes of one unit are serialised (advisory lock) so a unit's region_seq commits in order.
CREATE TABLE entries (
    region_seq   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id    TEXT NOT NULL,
    seq          BIGINT NOT NULL CHECK (seq >= 1),
    job_id       TEXT NOT NULL REFERENCES jobs (job_id),
    unit_id      TEXT NOT NULL,
    hlc          TEXT NOT NULL,
    author       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    received_at  BIGINT NOT NULL,
    UNIQUE (device_id, seq)
);

CREATE INDEX entries_by_unit ON entries (unit_id, region_seq);

CREATE FUNCTION entries_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'entries are append-only';
END;
$$;

CREATE TRIGGER entries_are_append_only BEFORE UPDATE OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION entries_are_append_only();

-- Attempt limits shared by every node of a region (#21): enrolment and login attempts per
-- client address, kept in the database so that a guesser spreading attempts over several
-- nodes behind a load balancer meets one limit, and a restart forgets nothing. Mirrors
-- region-postgres/0010_attempt_limits.sql.
--
-- One row per scope and client: GCRA's theoretical arrival time (`tat`, ms since the epoch),
-- moved on by one interval per attempt in a single upsert (crates/region/src/storage/ops.rs).
-- A row whose `tat` has passed says nothing any more and is deleted.
CREATE TABLE attempt_limits (
    scope   TEXT NOT NULL CHECK (scope IN ('enroll', 'login')),
    -- An IPv4 address, or an IPv6 client's /64 prefix.
    client  TEXT NOT NULL CHECK (length(client) BETWEEN 1 AND 64),
    tat     INTEGER NOT NULL,
    PRIMARY KEY (scope, client)
) STRICT;

CREATE INDEX attempt_limits_tat ON attempt_limits (tat);

-- Attempt limits shared by every node of a region (#21): enrolment and login attempts per
-- client address, kept in the database so that a guesser spreading attempts over several
-- nodes behind a load balancer meets one limit, and a restart forgets nothing. Mirrors
-- region-sqlite/10-attempt-limits.
--
-- One row per scope and client: GCRA's theoretical arrival time (`tat`, ms since the epoch),
-- moved on by one interval per attempt in a single upsert (crates/region/src/storage/ops.rs).
-- A row whose `tat` has passed says nothing any more and is deleted.
--
-- UNLOGGED: an attempt writes no WAL, so a guesser's requests never wait for a synchronous
-- standby and fill no archive. The price: after a crash or a failover the counts start empty,
-- which gives a guesser one more burst, not a way past the limit.
CREATE UNLOGGED TABLE attempt_limits (
    scope   TEXT NOT NULL CHECK (scope IN ('enroll', 'login')),
    -- An IPv4 address, or an IPv6 client's /64 prefix.
    client  TEXT NOT NULL CHECK (char_length(client) BETWEEN 1 AND 64),
    tat     BIGINT NOT NULL,
    PRIMARY KEY (scope, client)
);

CREATE INDEX attempt_limits_tat ON attempt_limits (tat);

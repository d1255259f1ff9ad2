-- Where this device syncs to and how far it got. One row.
-- acked_seq: the region holds every own entry with seq <= acked_seq.
-- pull_cursor: the region cursor after the last pulled entries; updated in the same
-- transaction that stores those entries.
CREATE TABLE sync_state (
    singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
    region_url      TEXT,
    token           TEXT,
    unit_id         TEXT,
    user_id         TEXT,
    acked_seq       INTEGER NOT NULL DEFAULT 0,
    pull_cursor     INTEGER NOT NULL DEFAULT 0,
    last_synced_at  INTEGER,
    last_error      TEXT
) STRICT;

INSERT INTO sync_state (singleton) VALUES (1);

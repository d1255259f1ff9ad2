-- The app lock: the PIN's Argon2id hash (never the PIN) and the wrong attempts in a row, kept
-- in the encrypted database so a restart neither forgets the PIN nor resets a guesser's wait.
CREATE TABLE app_lock (
    singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
    pin_hash       TEXT,
    failures       INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    -- The last wrong attempt, when failures > 0: the wait runs from here.
    failed_at      INTEGER
) STRICT;

INSERT INTO app_lock (singleton) VALUES (1);

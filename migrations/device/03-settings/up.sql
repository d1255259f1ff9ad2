-- The nurse's preferences on this phone (language, theme, performer kind) as one JSON object.
-- Device-only: never synced, not part of the entry log.
CREATE TABLE settings (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    value      TEXT NOT NULL
) STRICT;

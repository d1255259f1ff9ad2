-- The coaches' corner on the phone: the quality test's banks and the practice scenarios come
-- with the content (replaced whole with it); results taken here wait for sync; the unit's
-- introduction list is a copy of the region's, shown offline with the time it was made.

-- Banks as the model's JSON: the phone only ever reads them whole, to give the test.
CREATE TABLE content_question_banks (
    position  INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    bank      TEXT NOT NULL
) STRICT;

CREATE TABLE content_scenarios (
    position  INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    scenario  TEXT NOT NULL
) STRICT;

-- A taken test, graded on the phone. The id is the phone-made uuid the region deduplicates by;
-- synced_at is set when the region acknowledged it (it then never goes again).
CREATE TABLE quiz_results (
    id           TEXT PRIMARY KEY,
    result       TEXT NOT NULL,
    finished_at  INTEGER NOT NULL,
    synced_at    INTEGER
) STRICT;

CREATE INDEX quiz_results_unsynced ON quiz_results (finished_at) WHERE synced_at IS NULL;

-- The region's newest introduction list for the phone's unit, as it sent it.
CREATE TABLE introduction_cache (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    list       TEXT NOT NULL
) STRICT;

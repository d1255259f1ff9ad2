-- The coaches' corner (#8): the introduction checklist's confirmed items and the quality
-- tests' results. Mirrors region-postgres/0006_coach.sql.

-- A nurse is a user of a unit (user ids are names, unique only within a unit), so a mark is
-- keyed by unit, nurse and item: one row each, a later confirmation replaces it.
CREATE TABLE checklist_marks (
    unit_id       TEXT NOT NULL REFERENCES units (unit_id),
    nurse_id      TEXT NOT NULL,
    item          TEXT NOT NULL,
    -- The day it was done, YYYY-MM-DD.
    done_on       TEXT NOT NULL CHECK (done_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- The confirming coach's (or admin's) name, from the session.
    confirmed_by  TEXT NOT NULL,
    recorded_at   INTEGER NOT NULL,
    PRIMARY KEY (unit_id, nurse_id, item)
) STRICT;

-- Every confirmation ever recorded, replaced ones included; never changed.
CREATE TABLE checklist_mark_history (
    history_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id       TEXT NOT NULL,
    nurse_id      TEXT NOT NULL,
    item          TEXT NOT NULL,
    done_on       TEXT NOT NULL,
    confirmed_by  TEXT NOT NULL,
    recorded_at   INTEGER NOT NULL
) STRICT;

-- A taken quality test, graded on the phone; its id (made on the phone) makes a repeated
-- upload a no-op.
CREATE TABLE quiz_results (
    result_id        TEXT PRIMARY KEY,
    unit_id          TEXT NOT NULL REFERENCES units (unit_id),
    nurse_id         TEXT NOT NULL,
    content_version  INTEGER NOT NULL,
    started_at       INTEGER NOT NULL,
    finished_at      INTEGER NOT NULL,
    passed           INTEGER NOT NULL CHECK (passed IN (0, 1)),
    right_count      INTEGER NOT NULL,
    asked            INTEGER NOT NULL,
    -- The model's answers as JSON, as the phone sent them.
    answers          TEXT NOT NULL,
    received_at      INTEGER NOT NULL
) STRICT;

CREATE INDEX quiz_results_by_nurse ON quiz_results (unit_id, nurse_id, finished_at);

-- One row per answered question, for per-question aggregation.
CREATE TABLE quiz_answers (
    result_id  TEXT NOT NULL REFERENCES quiz_results (result_id),
    position   INTEGER NOT NULL,
    bank       TEXT NOT NULL,
    question   TEXT NOT NULL,
    correct    INTEGER NOT NULL CHECK (correct IN (0, 1)),
    PRIMARY KEY (result_id, position)
) STRICT;

CREATE INDEX quiz_answers_by_question ON quiz_answers (bank, question);

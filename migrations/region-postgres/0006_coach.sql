-- The coaches' corner (#8): the introduction checklist's confirmed items and the quality
-- tests' results. Mirrors region-sqlite/06-coach.

-- A nurse is a user of a unit (user ids are names, unique only within a unit), so a mark is
-- keyed by unit, nurse and item: one row each, a later confirmation replaces it.
CREATE TABLE checklist_marks (
    unit_id       TEXT NOT NULL REFERENCES units (unit_id),
    nurse_id      TEXT NOT NULL,
    item          TEXT NOT NULL,
    -- The day it was done, YYYY-MM-DD.
    done_on       TEXT NOT NULL CHECK (done_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    -- The confirming coach's (or admin's) name, from the session.
    confirmed_by  TEXT NOT NULL,
    recorded_at   BIGINT NOT NULL,
    PRIMARY KEY (unit_id, nurse_id, item)
);

-- Every confirmation ever recorded, replaced ones included; never changed.
CREATE TABLE checklist_mark_history (
    history_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id       TEXT NOT NULL,
    nurse_id      TEXT NOT NULL,
    item          TEXT NOT NULL,
    done_on       TEXT NOT NULL,
    confirmed_by  TEXT NOT NULL,
    recorded_at   BIGINT NOT NULL
);

-- A taken quality test, graded on the phone; its id (made on the phone) makes a repeated
-- upload a no-op.
CREATE TABLE quiz_results (
    result_id        UUID PRIMARY KEY,
    unit_id          TEXT NOT NULL REFERENCES units (unit_id),
    nurse_id         TEXT NOT NULL,
    content_version  BIGINT NOT NULL,
    started_at       BIGINT NOT NULL,
    finished_at      BIGINT NOT NULL,
    passed           BOOLEAN NOT NULL,
    right_count      INTEGER NOT NULL,
    asked            INTEGER NOT NULL,
    -- The model's answers as JSON, as the phone sent them.
    answers          JSONB NOT NULL,
    received_at      BIGINT NOT NULL
);

CREATE INDEX quiz_results_by_nurse ON quiz_results (unit_id, nurse_id, finished_at);

-- One row per answered question, for per-question aggregation.
CREATE TABLE quiz_answers (
    result_id  UUID NOT NULL REFERENCES quiz_results (result_id),
    position   INTEGER NOT NULL,
    bank       TEXT NOT NULL,
    question   TEXT NOT NULL,
    correct    BOOLEAN NOT NULL,
    PRIMARY KEY (result_id, position)
);

CREATE INDEX quiz_answers_by_question ON quiz_answers (bank, question);

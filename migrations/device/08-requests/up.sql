-- Assistance requests from health centres (#9): the unit's requests as the region last sent
-- them, for offline use, and this phone's own answers until the region has them. Both hold
-- identifying data (the database is encrypted; a revocation wipes them with the entries).

-- The region's records (the model's RequestRecord as JSON), replaced by each fetch. A request
-- this phone answered stays until the region has the answer, even if it left the region's list.
CREATE TABLE requests (
    request_id  TEXT PRIMARY KEY,
    record      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    fetched_at  INTEGER NOT NULL
) STRICT;

-- This phone's answer (the model's RequestAnswer as JSON): pending until posted, then sent, or
-- refused when the region had another answer already. An accept names the job made here.
CREATE TABLE request_answers (
    request_id   TEXT PRIMARY KEY,
    answer       TEXT NOT NULL,
    answered_at  INTEGER NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'refused')),
    job_id       TEXT,
    updated_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX request_answers_pending ON request_answers (answered_at) WHERE state = 'pending';

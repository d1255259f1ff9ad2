-- Statistics: one row per counted job (a submitted form of a real job, or an imported paper
-- form), its key in every report dimension as a column, so a report is GROUP BY and count.
-- Mirrors region-postgres/0003_stats.sql; the keys are the model's (samverka_model::stats).

-- Whether a job is practice and when it was requested, from its creating entry.
ALTER TABLE jobs ADD COLUMN practice INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN requested_at INTEGER;

CREATE TABLE stats_forms (
    job_id            TEXT PRIMARY KEY,
    source            TEXT NOT NULL CHECK (source IN ('app', 'import')),
    -- The submitting entry's HLC ('' for imports): of two racing submissions the later counts.
    hlc               TEXT NOT NULL,
    date              TEXT NOT NULL,
    job_type          TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    minutes_value     INTEGER,
    performer         TEXT NOT NULL,
    municipality      TEXT NOT NULL,
    unit              TEXT NOT NULL,
    requester         TEXT NOT NULL,
    sex               TEXT NOT NULL,
    age_band          TEXT NOT NULL,
    problem           TEXT NOT NULL,
    right_care_level  TEXT NOT NULL,
    stayed_home       TEXT NOT NULL,
    info_matched      TEXT NOT NULL,
    prevented_visit   TEXT NOT NULL,
    benefit           TEXT NOT NULL,
    arrival           TEXT NOT NULL,
    minutes           TEXT NOT NULL
) STRICT;

CREATE INDEX stats_forms_by_date ON stats_forms (date);

-- The form as submitted, beside its row rather than in it: reports scan stats_forms whole,
-- and the JSON would make every scan several times longer.
CREATE TABLE stats_form_docs (
    job_id  TEXT PRIMARY KEY REFERENCES stats_forms (job_id),
    form    TEXT NOT NULL
) STRICT;

CREATE TABLE stats_form_actions (
    job_id  TEXT NOT NULL REFERENCES stats_forms (job_id),
    action  TEXT NOT NULL,
    PRIMARY KEY (job_id, action)
) STRICT;

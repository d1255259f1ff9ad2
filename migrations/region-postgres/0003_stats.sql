-- Statistics: one row per counted job (a submitted form of a real job, or an imported paper
-- form), its key in every report dimension as a column, so a report is GROUP BY and count.
-- Mirrors region-sqlite/03-stats; the keys are the model's (samverka_model::stats).

-- Whether a job is practice and when it was requested, from its creating entry.
ALTER TABLE jobs ADD COLUMN practice BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE jobs ADD COLUMN requested_at BIGINT;

-- Keys are ASCII codes: byte order ("C") groups and sorts them without the locale's costly
-- comparisons.
CREATE TABLE stats_forms (
    job_id            TEXT PRIMARY KEY,
    source            TEXT NOT NULL CHECK (source IN ('app', 'import')),
    -- The submitting entry's HLC ('' for imports): of two racing submissions the later counts.
    hlc               TEXT NOT NULL,
    date              TEXT COLLATE "C" NOT NULL,
    job_type          TEXT COLLATE "C" NOT NULL,
    outcome           TEXT COLLATE "C" NOT NULL,
    minutes_value     BIGINT,
    performer         TEXT COLLATE "C" NOT NULL,
    municipality      TEXT COLLATE "C" NOT NULL,
    unit              TEXT COLLATE "C" NOT NULL,
    requester         TEXT COLLATE "C" NOT NULL,
    sex               TEXT COLLATE "C" NOT NULL,
    age_band          TEXT COLLATE "C" NOT NULL,
    problem           TEXT COLLATE "C" NOT NULL,
    right_care_level  TEXT COLLATE "C" NOT NULL,
    stayed_home       TEXT COLLATE "C" NOT NULL,
    info_matched      TEXT COLLATE "C" NOT NULL,
    prevented_visit   TEXT COLLATE "C" NOT NULL,
    benefit           TEXT COLLATE "C" NOT NULL,
    arrival           TEXT COLLATE "C" NOT NULL,
    minutes           TEXT COLLATE "C" NOT NULL
);

CREATE INDEX stats_forms_by_date ON stats_forms (date);

-- The form as submitted, beside its row rather than in it: reports scan stats_forms whole,
-- and the JSON would make every scan several times longer.
CREATE TABLE stats_form_docs (
    job_id  TEXT PRIMARY KEY REFERENCES stats_forms (job_id),
    form    TEXT NOT NULL
);

CREATE TABLE stats_form_actions (
    job_id  TEXT NOT NULL REFERENCES stats_forms (job_id),
    action  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (job_id, action)
);

-- Statistics roll-up (#19): the report's counts per month, job type, outcome, dimension and key,
-- so a report over whole months sums a few thousand rows instead of grouping every form.
-- Kept by triggers on stats_forms and stats_form_actions, in the transaction of every write
-- (a push's submission, its replacement by a later one, an import, an operator's UPDATE or
-- DELETE, a migration like 0012), so it always equals what GROUP BY over the forms counts.
-- A report that filters on performer, municipality, unit or requester (not in the roll-up)
-- counts the forms themselves; the months a period only partly covers are counted from the
-- forms too (stats_forms_by_month). PostgreSQL only: SQLite counts the forms.

-- month: the first 7 characters of the form's date ('2025-03'); n and minutes are the count
-- and the sum of minutes_value, as the report's count(*) and sum(minutes_value). A key whose
-- forms all went is left at n = 0; the report skips it.
CREATE TABLE stats_rollup (
    month     TEXT COLLATE "C" NOT NULL,
    job_type  TEXT COLLATE "C" NOT NULL,
    outcome   TEXT COLLATE "C" NOT NULL,
    dim       TEXT COLLATE "C" NOT NULL,
    key       TEXT COLLATE "C" NOT NULL,
    n         BIGINT NOT NULL,
    minutes   BIGINT NOT NULL,
    PRIMARY KEY (month, job_type, outcome, dim, key)
);

-- The forms of a partly covered month.
CREATE INDEX stats_forms_by_month ON stats_forms (substr(date, 1, 7));

-- Adds (factor 1) or takes away (factor -1) what `forms` count, with their actions as stored now.
-- Rows in key order, and every writer first takes one advisory lock: two pushes writing the
-- same keys wait for each other instead of deadlocking.
CREATE FUNCTION stats_rollup_forms(forms stats_forms[], factor INTEGER) RETURNS VOID
LANGUAGE sql AS $$
    INSERT INTO stats_rollup AS r (month, job_type, outcome, dim, key, n, minutes)
    SELECT month, job_type, outcome, dim, key, factor * count(*),
           factor * coalesce(sum(minutes_value), 0)
    FROM (
        SELECT substr(f.date, 1, 7) AS month, f.job_type, f.outcome, d.dim, d.key,
               f.minutes_value
        FROM unnest(forms) AS f
        CROSS JOIN LATERAL (VALUES
            ('total' COLLATE "C", 'all' COLLATE "C"),
            ('performer', f.performer),
            ('municipality', f.municipality),
            ('unit', f.unit),
            ('requester', f.requester),
            ('sex', f.sex),
            ('age_band', f.age_band),
            ('problem', f.problem),
            ('right_care_level', f.right_care_level),
            ('stayed_home', f.stayed_home),
            ('info_matched', f.info_matched),
            ('prevented_visit', f.prevented_visit),
            ('benefit', f.benefit),
            ('arrival', f.arrival),
            ('minutes', f.minutes)
        ) AS d (dim, key)
        UNION ALL
        SELECT substr(f.date, 1, 7), f.job_type, f.outcome, 'action',
               coalesce(a.action, 'unanswered'), f.minutes_value
        FROM unnest(forms) AS f
        LEFT JOIN stats_form_actions AS a ON a.job_id = f.job_id
    ) AS c
    GROUP BY month, job_type, outcome, dim, key
    ORDER BY month, job_type, outcome, dim, key
    ON CONFLICT (month, job_type, outcome, dim, key)
    DO UPDATE SET n = r.n + excluded.n, minutes = r.minutes + excluded.minutes
$$;

-- What a change of actions changes: each added (+1) or removed (-1) action of a job counts
-- with its form as stored now, and 'unanswered' comes or goes with a job's last action.
CREATE FUNCTION stats_rollup_actions(jobs TEXT[], actions TEXT[], signs INTEGER[]) RETURNS VOID
LANGUAGE sql AS $$
    WITH change AS (
        SELECT * FROM unnest(jobs, actions, signs) AS c (job_id, action, sign)
    ),
    per_job AS (
        SELECT c.job_id, sum(c.sign) AS delta,
               (SELECT count(*) FROM stats_form_actions a WHERE a.job_id = c.job_id) AS left_now
        FROM change c GROUP BY c.job_id
    ),
    delta AS (
        SELECT job_id, action COLLATE "C" AS key, sign FROM change
        UNION ALL
        SELECT job_id, 'unanswered', (left_now = 0)::int - (left_now - delta = 0)::int
        FROM per_job WHERE (left_now = 0) <> (left_now - delta = 0)
    )
    INSERT INTO stats_rollup AS r (month, job_type, outcome, dim, key, n, minutes)
    SELECT substr(f.date, 1, 7), f.job_type, f.outcome, 'action', d.key, sum(d.sign),
           sum(d.sign * coalesce(f.minutes_value, 0))
    FROM delta d JOIN stats_forms f ON f.job_id = d.job_id
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (month, job_type, outcome, dim, key)
    DO UPDATE SET n = r.n + excluded.n, minutes = r.minutes + excluded.minutes
$$;

-- The one lock of every roll-up writer, held to the end of its transaction (two 32-bit keys:
-- a key space apart from the units' 64-bit push locks).
CREATE FUNCTION stats_rollup_lock() RETURNS VOID LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(19, 2)
$$;

CREATE FUNCTION stats_rollup_on_forms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF EXISTS (SELECT 1 FROM old_forms) THEN
            PERFORM stats_rollup_lock();
            PERFORM stats_rollup_forms(ARRAY(SELECT ROW(o.*)::stats_forms FROM old_forms o), -1);
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        IF EXISTS (SELECT 1 FROM new_forms) THEN
            PERFORM stats_rollup_lock();
            PERFORM stats_rollup_forms(ARRAY(SELECT ROW(n.*)::stats_forms FROM new_forms n), 1);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION stats_rollup_on_actions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    jobs TEXT[] := '{}';
    actions TEXT[] := '{}';
    signs INTEGER[] := '{}';
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        jobs := jobs || ARRAY(SELECT o.job_id FROM old_actions o ORDER BY o.job_id, o.action);
        actions := actions
            || ARRAY(SELECT o.action::text FROM old_actions o ORDER BY o.job_id, o.action);
        signs := signs || array_fill(-1, ARRAY[cardinality(jobs)]);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        jobs := jobs || ARRAY(SELECT n.job_id FROM new_actions n ORDER BY n.job_id, n.action);
        actions := actions
            || ARRAY(SELECT n.action::text FROM new_actions n ORDER BY n.job_id, n.action);
        signs := signs || array_fill(1, ARRAY[cardinality(jobs) - cardinality(signs)]);
    END IF;
    IF cardinality(jobs) > 0 THEN
        PERFORM stats_rollup_lock();
        PERFORM stats_rollup_actions(jobs, actions, signs);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER stats_rollup_forms_insert AFTER INSERT ON stats_forms
    REFERENCING NEW TABLE AS new_forms
    FOR EACH STATEMENT EXECUTE FUNCTION stats_rollup_on_forms();
CREATE TRIGGER stats_rollup_forms_update AFTER UPDATE ON stats_forms
    REFERENCING OLD TABLE AS old_forms NEW TABLE AS new_forms
    FOR EACH STATEMENT EXECUTE FUNCTION stats_rollup_on_forms();
CREATE TRIGGER stats_rollup_forms_delete AFTER DELETE ON stats_forms
    REFERENCING OLD TABLE AS old_forms
    FOR EACH STATEMENT EXECUTE FUNCTION stats_rollup_on_forms();
CREATE TRIGGER stats_rollup_actions_insert AFTER INSERT ON stats_form_actions
    REFERENCING NEW TABLE AS new_actions
    FOR EACH STATEMENT EXECUTE FUNCTION stats_rollup_on_actions();
CREATE TRIGGER stats_rollup_actions_update AFTER UPDATE ON stats_form_actions
    REFERENCING OLD TABLE AS old_actions NEW TABLE AS new_actions
    FOR EACH STATEMENT EXECUTE FUNCTION stats_rollup_on_actions();
CREATE TRIGGER stats_rollup_actions_delete AFTER DELETE ON stats_form_actions
    REFERENCING OLD TABLE AS old_actions
    FOR EACH STATEMENT EXECUTE FUNCTION stats_rollup_on_actions();

-- TRUNCATE has no transition table: counted again from what is left.
CREATE FUNCTION stats_rollup_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM stats_rollup_lock();
    DELETE FROM stats_rollup;
    PERFORM stats_rollup_forms(ARRAY(SELECT ROW(f.*)::stats_forms FROM stats_forms f), 1);
    RETURN NULL;
END
$$;
CREATE TRIGGER stats_rollup_forms_truncate AFTER TRUNCATE ON stats_forms
    FOR EACH STATEMENT EXECUTE FUNCTION stats_rollup_on_truncate();
CREATE TRIGGER stats_rollup_actions_truncate AFTER TRUNCATE ON stats_form_actions
    FOR EACH STATEMENT EXECUTE FUNCTION stats_rollup_on_truncate();

-- The forms stored before this migration.
SELECT stats_rollup_lock();
SELECT stats_rollup_forms(ARRAY(SELECT ROW(f.*)::stats_forms FROM stats_forms f), 1);

-- The annual report's age bands (#20): ten years each with children 0–17 apart ("80-89"),
-- instead of 0-17/18-64/65-74/75-84/85+. Every stored row gets its key again from the form's
-- patient_age, as samverka_model::stats::age_band computes it for new rows. Mirrors
-- region-sqlite/12-age-bands.
UPDATE stats_forms AS f
SET age_band = CASE
        WHEN a.age IS NULL THEN 'unanswered'
        WHEN a.age <= 17 THEN '0-17'
        WHEN a.age <= 29 THEN '18-29'
        WHEN a.age <= 39 THEN '30-39'
        WHEN a.age <= 49 THEN '40-49'
        WHEN a.age <= 59 THEN '50-59'
        WHEN a.age <= 69 THEN '60-69'
        WHEN a.age <= 79 THEN '70-79'
        WHEN a.age <= 89 THEN '80-89'
        ELSE '90+'
    END
FROM (
    SELECT job_id, (form::jsonb ->> 'patient_age')::integer AS age FROM stats_form_docs
) AS a
WHERE a.job_id = f.job_id;

-- The annual report's age bands (#20): ten years each with children 0–17 apart ("80-89"),
-- instead of 0-17/18-64/65-74/75-84/85+. Every stored row gets its key again from the form's
-- patient_age, as samverka_model::stats::age_band computes it for new rows. Mirrors
-- region-postgres/0012_age_bands.sql.
UPDATE stats_forms
SET age_band = (
    SELECT CASE
        WHEN json_extract(d.form, '$.patient_age') IS NULL THEN 'unanswered'
        WHEN json_extract(d.form, '$.patient_age') <= 17 THEN '0-17'
        WHEN json_extract(d.form, '$.patient_age') <= 29 THEN '18-29'
        WHEN json_extract(d.form, '$.patient_age') <= 39 THEN '30-39'
        WHEN json_extract(d.form, '$.patient_age') <= 49 THEN '40-49'
        WHEN json_extract(d.form, '$.patient_age') <= 59 THEN '50-59'
        WHEN json_extract(d.form, '$.patient_age') <= 69 THEN '60-69'
        WHEN json_extract(d.form, '$.patient_age') <= 79 THEN '70-79'
        WHEN json_extract(d.form, '$.patient_age') <= 89 THEN '80-89'
        ELSE '90+'
    END
    FROM stats_form_docs d
    WHERE d.job_id = stats_forms.job_id
)
WHERE EXISTS (SELECT 1 FROM stats_form_docs d WHERE d.job_id = stats_forms.job_id);

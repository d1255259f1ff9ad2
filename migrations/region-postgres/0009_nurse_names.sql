-- Nurses' display names (#18): how colleagues' phones and the journal export name a nurse of a
-- unit ("Anna Berg") instead of her user id. Set by a coach with `enroll --display-name` or
-- `nurses name`; a later name replaces the earlier one. Mirrors region-sqlite/09-nurse-names.

-- A nurse is a user of a unit (user ids are unique only within one), as in checklist_marks.
CREATE TABLE nurse_names (
    unit_id       TEXT NOT NULL REFERENCES units (unit_id),
    nurse_id      TEXT NOT NULL,
    display_name  TEXT NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (unit_id, nurse_id)
);

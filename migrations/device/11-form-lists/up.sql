-- The statistics form's lists (#20): every version the installed content holds, as the model's
-- JSON, replaced whole with the rest of the content. A tap on a job's form is checked against
-- the version in force on the job's day, so a job of last year keeps last year's lists.
CREATE TABLE content_form_lists (
    position    INTEGER PRIMARY KEY,
    version     TEXT NOT NULL UNIQUE,
    valid_from  TEXT NOT NULL,
    lists       TEXT NOT NULL
) STRICT;

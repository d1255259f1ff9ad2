-- A job's read model in two rows (#19). `jobs` keeps the line the home screen lists and filters
-- on, with the chief complaint and the holder, which were read out of the view's JSON, now as
-- columns of their own: a small row, written by a tap only when it changes the line.
-- `job_snapshots` holds the view's JSON as a snapshot, the fold of the job's entries up to
-- `last_hlc`; the entries after it (a stamp greater than `last_hlc`) are folded in when the job
-- is read, and the snapshot is written again once enough entries wait (see
-- crates/device/src/rows.rs). Both stay rebuildable from `entries`.
CREATE TABLE job_snapshots (
    job_id    TEXT PRIMARY KEY,
    last_hlc  TEXT NOT NULL,
    view      TEXT NOT NULL
) STRICT;

INSERT INTO job_snapshots (job_id, last_hlc, view) SELECT job_id, last_hlc, view FROM jobs;

ALTER TABLE jobs ADD COLUMN chief_complaint TEXT;
-- Who holds the job now, as samverka_model::holder::Holder's JSON: the last hand-on's receiver,
-- or the nurse who created it.
ALTER TABLE jobs ADD COLUMN holder TEXT;

UPDATE jobs SET
    chief_complaint = json_extract(view, '$.record.value.chief_complaint'),
    holder = coalesce(
        json_extract(view, '$.hand_ons[#-1].hand_on.to'),
        CASE WHEN json_extract(view, '$.header.author') IS NOT NULL
             THEN json_object('kind', 'nurse', 'nurse', json_extract(view, '$.header.author'))
        END);

ALTER TABLE jobs DROP COLUMN view;
ALTER TABLE jobs DROP COLUMN last_hlc;

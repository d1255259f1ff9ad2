-- The region incarnation the pull cursor belongs to (#21): a region restored from a backup
-- starts a new one and answers a cursor of the old one from the start. Empty: none known yet
-- (a fresh phone, or one synced only with an older region).
ALTER TABLE sync_state ADD COLUMN pull_epoch TEXT NOT NULL DEFAULT '';

-- Own entries the region refused for good (#16): the entry stays in the log (never deleted),
-- this row says why, so the push goes on after it, the nurse sees it and the region's
-- quarantine (for a coach) is told. A wipe after revocation removes the entries; these rows
-- carry no patient data (seq, the region's code and message) and stay.
CREATE TABLE quarantine (
    seq             INTEGER PRIMARY KEY CHECK (seq > 0),
    code            TEXT NOT NULL,
    message         TEXT NOT NULL,
    quarantined_at  INTEGER NOT NULL,
    -- When the region's quarantine took it (its high-water mark then moved past it).
    reported_at     INTEGER
) STRICT;

CREATE TRIGGER quarantine_kept BEFORE DELETE ON quarantine
BEGIN
    SELECT RAISE(ABORT, 'quarantined entries are kept');
END;

-- When the region last refused an entry because this phone's clock was too far ahead; cleared
-- by the next push the region takes. The UI shows "telefonens klocka går fel" while it is set.
ALTER TABLE sync_state ADD COLUMN clock_refused_at INTEGER;

-- Published content bundles (guidelines, quick references, contacts, units). Immutable: a new
-- publication is a new version. Mirrors region-postgres/0002_content.sql.
CREATE TABLE content_bundles (
    version        INTEGER PRIMARY KEY,
    published_at   INTEGER NOT NULL,
    -- SHA-256 of the bundle alone: publishing the same content again makes no new version.
    bundle_sha256  TEXT NOT NULL,
    -- The answer phones get (the bundle with its version), and its SHA-256.
    body           BLOB NOT NULL,
    body_sha256    TEXT NOT NULL
) STRICT;

CREATE TRIGGER content_bundles_are_immutable_u BEFORE UPDATE ON content_bundles
BEGIN
    SELECT RAISE(ABORT, 'content bundles are immutable');
END;
CREATE TRIGGER content_bundles_are_immutable_d BEFORE DELETE ON content_bundles
BEGIN
    SELECT RAISE(ABORT, 'content bundles are immutable');
END;

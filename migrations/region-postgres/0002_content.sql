-- Published content bundles (guidelines, quick references, contacts, units). Immutable: a new
-- publication is a new version. Mirrors region-sqlite/02-content.
CREATE TABLE content_bundles (
    version        BIGINT PRIMARY KEY,
    published_at   BIGINT NOT NULL,
    -- SHA-256 of the bundle alone: publishing the same content again makes no new version.
    bundle_sha256  TEXT NOT NULL,
    -- The answer phones get (the bundle with its version), and its SHA-256.
    body           BYTEA NOT NULL,
    body_sha256    TEXT NOT NULL
);

CREATE FUNCTION content_bundles_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'content bundles are immutable';
END;
$$;

CREATE TRIGGER content_bundles_are_immutable BEFORE UPDATE OR DELETE ON content_bundles
    FOR EACH ROW EXECUTE FUNCTION content_bundles_are_immutable();

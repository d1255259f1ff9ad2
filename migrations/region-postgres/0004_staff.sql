-- People who read the region's statistics on the dashboard: coaches and admins. Passwords are
-- kept only as Argon2id PHC strings, sessions only as SHA-256 hashes of their tokens.
-- Mirrors region-sqlite/04-staff.
CREATE TABLE staff (
    name           TEXT PRIMARY KEY,
    role           TEXT NOT NULL CHECK (role IN ('coach', 'admin')),
    password_hash  TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);

CREATE TABLE staff_sessions (
    token_hash  TEXT PRIMARY KEY,
    name        TEXT NOT NULL REFERENCES staff (name),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- workos-emulator: AuthKit signing keys, sessions and refresh tokens (catalog-A §6.3, §6.5, §6.6).
-- Append-only, like every migration.

-- The RSA keys an environment signs access tokens with; GET /sso/jwks/{client_id} publishes all of them and the
-- newest signs. A key is generated on first use (or pinned by the seed's environment.signing_key_pem) and kept, so
-- tokens verify across restarts; a reset keeps it too, like the API keys.
CREATE TABLE signing_keys (
    environment_id   TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    kid              TEXT NOT NULL,                 -- key_<26 base32 chars of SHA-256(public key)>
    private_key_pem  TEXT NOT NULL,                 -- PKCS#8 PEM
    certificate_der  BLOB NOT NULL,                 -- self-signed X.509 certificate of the public key (JWKS x5c)
    created_at       TEXT NOT NULL,
    PRIMARY KEY (environment_id, kid)
);

-- A signed-in user's session (`sid` of its access tokens). status is active or revoked as stored; `expired` is
-- computed on read once expires_at has passed. organization_id is the organization most recently used by the
-- session (a refresh with organization_id switches it).
CREATE TABLE sessions (
    id                   TEXT PRIMARY KEY,          -- session_<ULID>
    environment_id       TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    user_id              TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    organization_id      TEXT REFERENCES organizations(id) ON DELETE SET NULL,
    auth_method          TEXT NOT NULL,             -- password | magic_code | oauth | sso | impersonation | ...
    authentication_method TEXT,                     -- AuthenticateResponse form: Password, MagicAuth, GoogleOAuth, ...
    status               TEXT NOT NULL,             -- active | revoked
    ip_address           TEXT,
    user_agent           TEXT,
    impersonator_email   TEXT,
    impersonator_reason  TEXT,
    expires_at           TEXT NOT NULL,
    ended_at             TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX sessions_environment ON sessions(environment_id, id);
CREATE INDEX sessions_user ON sessions(environment_id, user_id, status, id);

-- Refresh tokens are single use and only their SHA-256 (hex) is stored: unlike codes, the API never shows a refresh
-- token again, so the database need not hold a usable one.
CREATE TABLE refresh_tokens (
    token_hash       TEXT PRIMARY KEY,              -- lower-case hex SHA-256 of the token
    environment_id   TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    session_id       TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    organization_id  TEXT,                          -- the organization of the access token issued with it
    used_at          TEXT,                          -- set when it is redeemed
    created_at       TEXT NOT NULL
);
CREATE INDEX refresh_tokens_session ON refresh_tokens(session_id);
CREATE INDEX refresh_tokens_environment ON refresh_tokens(environment_id);

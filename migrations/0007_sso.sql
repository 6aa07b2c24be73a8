-- workos-emulator: SSO — connections, the profiles their simulated identity provider knows, SSO access tokens, and
-- the AuthKit authorize-request and authorization-code tables generalized to carry SSO sign-ins (catalog-B §2;
-- emulator.md "Control API", "Hosted sign-in pages"). Append-only, like every migration.

-- SSO connections (GET/DELETE /connections, POST /_emulator/connections). An environment's OAuth connections
-- (GoogleOAuth, ...) belong to no organization.
CREATE TABLE connections (
    id               TEXT PRIMARY KEY,              -- conn_<ULID>
    environment_id   TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    organization_id  TEXT REFERENCES organizations(id) ON DELETE CASCADE,
    connection_type  TEXT NOT NULL,                 -- OktaSAML, GoogleOAuth, ... (catalog-B §2.6)
    name             TEXT NOT NULL,
    state            TEXT NOT NULL,                 -- draft | active | validating | inactive
    external_key     TEXT NOT NULL,                 -- connection.* events carry it
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX connections_environment ON connections(environment_id, id);
CREATE INDEX connections_organization ON connections(environment_id, organization_id, id);

CREATE TABLE connection_domains (
    id              TEXT PRIMARY KEY,               -- org_domain_<ULID> (the REST API's prefix for them)
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    connection_id   TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    domain          TEXT NOT NULL,                  -- lower-case
    created_at      TEXT NOT NULL,
    UNIQUE (connection_id, domain)
);
CREATE INDEX connection_domains_domain ON connection_domains(environment_id, domain);
CREATE INDEX connection_domains_connection ON connection_domains(connection_id, id);

-- The users a connection's identity provider knows: declared with the connection, or added just in time by its page.
-- Each is the Profile object (prof_) its sign-ins return.
CREATE TABLE sso_profiles (
    id                 TEXT PRIMARY KEY,            -- prof_<ULID>
    environment_id     TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    connection_id      TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    idp_id             TEXT NOT NULL,
    email              TEXT NOT NULL,               -- lower-case
    first_name         TEXT,
    last_name          TEXT,
    role_slug          TEXT,
    groups             TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
    custom_attributes  TEXT NOT NULL DEFAULT '{}',  -- JSON object
    raw_attributes     TEXT NOT NULL DEFAULT '{}',  -- JSON object
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (connection_id, email),
    UNIQUE (connection_id, idp_id)
);
CREATE INDEX sso_profiles_environment ON sso_profiles(environment_id, id);

-- Access tokens of POST /sso/token, exchanged again by GET /sso/profile. Only their SHA-256 is kept.
CREATE TABLE sso_access_tokens (
    token_hash      TEXT PRIMARY KEY,
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    profile_id      TEXT NOT NULL REFERENCES sso_profiles(id) ON DELETE CASCADE,
    expires_at      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX sso_access_tokens_environment ON sso_access_tokens(environment_id);
CREATE INDEX sso_access_tokens_profile ON sso_access_tokens(profile_id);

-- Authorize requests: which API issued them (its codes are redeemed there), and the OpenID Connect nonce.
ALTER TABLE authorization_requests ADD COLUMN kind TEXT NOT NULL DEFAULT 'authkit';  -- authkit | sso
ALTER TABLE authorization_requests ADD COLUMN nonce TEXT;

-- Authorization codes: an SSO sign-in's code names the profile (and connection) instead of a user; an AuthKit code
-- of an SSO connection names both until it is redeemed. user_id becomes nullable, so the table is rebuilt
-- (https://sqlite.org/lang_altertable.html#otheralter).
CREATE TABLE authorization_codes_new (
    code_hash          TEXT PRIMARY KEY,
    environment_id     TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    kind               TEXT NOT NULL DEFAULT 'authkit',  -- authkit (POST /user_management/authenticate) | sso
    client_id          TEXT NOT NULL,
    redirect_uri       TEXT NOT NULL,
    user_id            TEXT REFERENCES users(id) ON DELETE CASCADE,
    profile_id         TEXT REFERENCES sso_profiles(id) ON DELETE CASCADE,
    connection_id      TEXT,
    organization_id    TEXT,
    method             TEXT NOT NULL,
    first_factor       TEXT,
    provider           TEXT,
    oauth_tokens       TEXT,
    code_challenge     TEXT,
    ip_address         TEXT,
    user_agent         TEXT,
    expires_at         TEXT NOT NULL,
    used_at            TEXT,
    created_at         TEXT NOT NULL,
    CHECK (user_id IS NOT NULL OR profile_id IS NOT NULL)
);
INSERT INTO authorization_codes_new (code_hash, environment_id, kind, client_id, redirect_uri, user_id, profile_id,
    connection_id, organization_id, method, first_factor, provider, oauth_tokens, code_challenge, ip_address,
    user_agent, expires_at, used_at, created_at)
SELECT code_hash, environment_id, 'authkit', client_id, redirect_uri, user_id, NULL, NULL, organization_id, method,
    first_factor, provider, oauth_tokens, code_challenge, ip_address, user_agent, expires_at, used_at, created_at
FROM authorization_codes;
DROP TABLE authorization_codes;
ALTER TABLE authorization_codes_new RENAME TO authorization_codes;
CREATE INDEX authorization_codes_environment ON authorization_codes(environment_id);
CREATE INDEX authorization_codes_user ON authorization_codes(user_id);
CREATE INDEX authorization_codes_profile ON authorization_codes(profile_id);

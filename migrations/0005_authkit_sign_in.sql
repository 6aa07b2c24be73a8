-- workos-emulator: AuthKit sign-in — authorize requests and their hosted page, authorization codes, pending
-- authentications (step-ups), device authorizations, and users' MFA factors (catalog-A §6.3, §6.4, §6.12;
-- emulator.md "Hosted sign-in pages"). Append-only, like every migration.
-- Secrets a client presents later (page tokens, codes, pending tokens, device codes) are stored only as their
-- lower-case hex SHA-256: the API never shows them again, so the database need not hold usable ones.

-- One GET /user_management/authorize that passed validation. Its hosted page lives at /_emulator/authkit/<token>;
-- the page works until expires_at and is used up (completed_at) once it issues a code.
CREATE TABLE authorization_requests (
    id                     TEXT PRIMARY KEY,        -- authorization_request_<ULID> (internal)
    environment_id         TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    token_hash             TEXT NOT NULL UNIQUE,    -- SHA-256 of the page URL's token
    client_id              TEXT NOT NULL,
    redirect_uri           TEXT NOT NULL,
    state                  TEXT,
    provider               TEXT,                    -- authkit | GoogleOAuth | ... (NULL with organization_id)
    connection_id          TEXT,
    organization_id        TEXT,
    code_challenge         TEXT,                    -- PKCE S256 challenge
    screen_hint            TEXT,                    -- sign-in | sign-up
    login_hint             TEXT,
    domain_hint            TEXT,
    prompt                 TEXT,
    max_age                INTEGER,
    invitation_token       TEXT,
    provider_scopes        TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    provider_query_params  TEXT NOT NULL DEFAULT '{}',   -- JSON object of strings
    pending_id             TEXT,                    -- the page's current step-up (pending_authentications.id)
    expires_at             TEXT NOT NULL,
    completed_at           TEXT,
    created_at             TEXT NOT NULL
);
CREATE INDEX authorization_requests_environment ON authorization_requests(environment_id, id);

-- Authorization codes issued by the hosted page: single use, 10 minutes, bound to the client id and redirect URI.
-- What the page established (user, organization, how they signed in) waits here for POST /authenticate.
CREATE TABLE authorization_codes (
    code_hash          TEXT PRIMARY KEY,            -- SHA-256 of the code
    environment_id     TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    client_id          TEXT NOT NULL,
    redirect_uri       TEXT NOT NULL,
    user_id            TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    organization_id    TEXT,
    method             TEXT NOT NULL,               -- SignIn.Method: password | magic_auth | oauth | ...
    first_factor       TEXT,                        -- for a step-up method: the factor that started the sign-in
    provider           TEXT,                        -- OAuth provider, when method = oauth
    oauth_tokens       TEXT,                        -- JSON object, the response's oauth_tokens
    code_challenge     TEXT,                        -- PKCE S256 challenge of the authorize request
    ip_address         TEXT,
    user_agent         TEXT,
    expires_at         TEXT NOT NULL,
    used_at            TEXT,
    created_at         TEXT NOT NULL
);
CREATE INDEX authorization_codes_environment ON authorization_codes(environment_id);
CREATE INDEX authorization_codes_user ON authorization_codes(user_id);

-- A sign-in that proved its first factor and waits for a step-up: e-mail verification, an MFA challenge or an
-- organization selection. The API hands out pending_authentication_token (only its digest is kept); the hosted page
-- keeps the row's id on its authorization request instead.
CREATE TABLE pending_authentications (
    id                     TEXT PRIMARY KEY,        -- pending_authentication_<ULID> (internal)
    environment_id         TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    token_hash             TEXT UNIQUE,             -- SHA-256 of pending_authentication_token
    user_id                TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    step                   TEXT NOT NULL,           -- email_verification | mfa_challenge | organization_selection
    method                 TEXT NOT NULL,           -- the first factor (SignIn.Method)
    provider               TEXT,
    organization_id        TEXT,                    -- organization requested or chosen so far
    oauth_tokens           TEXT,
    email_verification_id  TEXT,
    completed_steps        TEXT NOT NULL DEFAULT '',    -- comma-separated steps already passed
    ip_address             TEXT,
    user_agent             TEXT,
    expires_at             TEXT NOT NULL,
    used_at                TEXT,
    created_at             TEXT NOT NULL
);
CREATE INDEX pending_authentications_environment ON pending_authentications(environment_id, id);
CREATE INDEX pending_authentications_user ON pending_authentications(user_id);

-- RFC 8628 device authorizations (POST /user_management/authorize/device), approved on /_emulator/device.
CREATE TABLE device_authorizations (
    id                 TEXT PRIMARY KEY,            -- device_authorization_<ULID> (internal)
    environment_id     TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    client_id          TEXT NOT NULL,
    device_code_hash   TEXT NOT NULL UNIQUE,        -- SHA-256 of device_code
    user_code          TEXT NOT NULL,               -- BCDF-GHJK
    status             TEXT NOT NULL,               -- pending | approved | denied | redeemed
    user_id            TEXT REFERENCES users(id) ON DELETE CASCADE,
    organization_id    TEXT,
    interval_seconds   INTEGER NOT NULL,
    last_polled_at     TEXT,
    expires_at         TEXT NOT NULL,
    created_at         TEXT NOT NULL
);
CREATE INDEX device_authorizations_environment ON device_authorizations(environment_id, id);
CREATE INDEX device_authorizations_user_code ON device_authorizations(user_code);

-- Users' MFA factors (GET/POST /user_management/users/{id}/auth_factors). The TOTP secret is kept as given: the
-- emulator computes the current code for GET /_emulator/auth_factors/{id}/code.
CREATE TABLE authentication_factors (
    id               TEXT PRIMARY KEY,              -- auth_factor_<ULID>
    environment_id   TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    type             TEXT NOT NULL,                 -- totp
    totp_issuer      TEXT,
    totp_user        TEXT,
    totp_secret      TEXT,                          -- RFC 4648 base32, no padding
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX authentication_factors_environment ON authentication_factors(environment_id, id);
CREATE INDEX authentication_factors_user ON authentication_factors(environment_id, user_id, id);

CREATE TABLE authentication_challenges (
    id                        TEXT PRIMARY KEY,     -- auth_challenge_<ULID>
    environment_id            TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    authentication_factor_id  TEXT NOT NULL REFERENCES authentication_factors(id) ON DELETE CASCADE,
    expires_at                TEXT,                 -- NULL for TOTP ("does not apply to TOTP factors")
    verified_at               TEXT,
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL
);
CREATE INDEX authentication_challenges_environment ON authentication_challenges(environment_id, id);
CREATE INDEX authentication_challenges_factor ON authentication_challenges(authentication_factor_id);

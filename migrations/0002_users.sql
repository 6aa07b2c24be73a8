-- workos-emulator: users and what hangs off them (catalog-A §6.1, §6.2, §6.7–§6.9), plus the e-mail outbox
-- (emulator.md "Control API"). Append-only, like every migration.
-- Every table carries environment_id; list orders and cursors use (environment_id, id) since ids are ULIDs.
-- Codes and tokens are stored as given: the API itself returns them again (GET magic_auth / email_verification /
-- password_reset include `code` / `password_reset_token`) and the outbox shows them, so hashing would hide nothing.
-- Passwords are stored only as the PasswordHasher's encoded hash, never in plain text.

CREATE TABLE users (
    id                   TEXT PRIMARY KEY,          -- user_<ULID>
    environment_id       TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    email                TEXT NOT NULL,             -- trimmed and lower-cased
    first_name           TEXT,
    last_name            TEXT,
    name                 TEXT,
    profile_picture_url  TEXT,
    email_verified       INTEGER NOT NULL DEFAULT 0,
    external_id          TEXT,
    metadata             TEXT NOT NULL DEFAULT '{}', -- JSON object of string values
    locale               TEXT,
    password_hash        TEXT,                      -- PasswordHasher output; NULL when the user has no password
    last_sign_in_at      TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX users_environment ON users(environment_id, id);
CREATE UNIQUE INDEX users_email ON users(environment_id, email);
CREATE UNIQUE INDEX users_external_id ON users(environment_id, external_id) WHERE external_id IS NOT NULL;

-- OAuth identities linked to a user (GET /user_management/users/{id}/identities), recorded by OAuth sign-ins.
CREATE TABLE user_identities (
    id              TEXT PRIMARY KEY,               -- user_identity_<ULID> (internal; WorkOS exposes none)
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    idp_id          TEXT NOT NULL,                  -- the user's id at the provider
    type            TEXT NOT NULL DEFAULT 'OAuth',
    provider        TEXT NOT NULL,                  -- GoogleOAuth, GithubOAuth, MicrosoftOAuth, ...
    created_at      TEXT NOT NULL,
    UNIQUE (environment_id, provider, idp_id)
);
CREATE INDEX user_identities_user ON user_identities(user_id, id);
CREATE INDEX user_identities_environment ON user_identities(environment_id, id);

CREATE TABLE email_verifications (
    id               TEXT PRIMARY KEY,              -- email_verification_<ULID>
    environment_id   TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email            TEXT NOT NULL,
    code             TEXT NOT NULL,                 -- 6 digits
    expires_at       TEXT NOT NULL,
    used_at          TEXT,                          -- set once the code verified the e-mail (single use)
    failed_attempts  INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX email_verifications_environment ON email_verifications(environment_id, id);
CREATE INDEX email_verifications_user ON email_verifications(environment_id, user_id, id);

CREATE TABLE email_changes (
    id               TEXT PRIMARY KEY,              -- email_change_<ULID> (internal; WorkOS exposes none)
    environment_id   TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    new_email        TEXT NOT NULL,                 -- lower-cased
    code             TEXT NOT NULL,                 -- 6 digits
    expires_at       TEXT NOT NULL,
    used_at          TEXT,
    failed_attempts  INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL
);
CREATE INDEX email_changes_environment ON email_changes(environment_id, id);
CREATE INDEX email_changes_user ON email_changes(environment_id, user_id, id);

CREATE TABLE password_resets (
    id              TEXT PRIMARY KEY,               -- password_reset_<ULID>
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    token           TEXT NOT NULL,                  -- 25 alphanumerics
    url             TEXT NOT NULL,                  -- password_reset_url
    expires_at      TEXT NOT NULL,
    used_at         TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX password_resets_environment ON password_resets(environment_id, id);
CREATE UNIQUE INDEX password_resets_token ON password_resets(environment_id, token);

CREATE TABLE magic_auths (
    id                TEXT PRIMARY KEY,             -- magic_auth_<ULID>
    environment_id    TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email             TEXT NOT NULL,
    code              TEXT NOT NULL,                -- 6 digits
    invitation_token  TEXT,                         -- accepted with the code (authenticate, later)
    ip_address        TEXT,
    user_agent        TEXT,
    expires_at        TEXT NOT NULL,
    used_at           TEXT,
    failed_attempts   INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX magic_auths_environment ON magic_auths(environment_id, id);
CREATE INDEX magic_auths_user ON magic_auths(environment_id, user_id, id);

-- Every e-mail the real service would have sent (GET /_emulator/emails). No foreign key to users: an e-mail stays
-- sent when its user is deleted.
CREATE TABLE outbox_emails (
    id              TEXT PRIMARY KEY,               -- email_<ULID>
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    recipient       TEXT NOT NULL,                  -- "to", lower-cased
    type            TEXT NOT NULL,                  -- magic_auth, email_verification, password_reset, invitation, ...
    subject         TEXT NOT NULL,
    code            TEXT,
    token           TEXT,
    url             TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX outbox_emails_environment ON outbox_emails(environment_id, id);
CREATE INDEX outbox_emails_recipient ON outbox_emails(environment_id, recipient, id);

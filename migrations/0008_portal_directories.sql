-- workos-emulator: Admin Portal links and the pages they open, and directories (catalog-A §7; catalog-B §3.1).
-- Append-only, like every migration. The Directory Sync area extends `directories` (users, groups) in later files.

-- One POST /portal/generate_link. The link is <origin>/portal/<token>; only the token's SHA-256 is stored. An
-- unopened link works until expires_at (five minutes after issuance, as WorkOS documents); opening it starts a
-- portal session that lasts until session_expires_at. The link is used up (completed_at) once its page has done
-- what the intent says, and revoked (revoked_at) by POST /portal/revoke_link.
CREATE TABLE portal_links (
    id                  TEXT PRIMARY KEY,        -- portal_link_<ULID> (internal)
    environment_id      TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    organization_id     TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    token_hash          TEXT NOT NULL UNIQUE,    -- SHA-256 of the link's token
    intent              TEXT,                    -- sso | dsync | audit_logs | log_streams | domain_verification |
                                                 -- certificate_renewal | bring_your_own_key; NULL: the admin picks
    return_url          TEXT,
    success_url         TEXT,
    it_contact_emails   TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    external_user_id    TEXT,
    expires_at          TEXT NOT NULL,
    opened_at           TEXT,
    session_expires_at  TEXT,
    completed_at        TEXT,
    revoked_at          TEXT,
    created_at          TEXT NOT NULL
);
CREATE INDEX portal_links_environment ON portal_links(environment_id, id);
CREATE INDEX portal_links_external_user ON portal_links(environment_id, organization_id, external_user_id);

-- Directories (catalog-B §3.1): the WorkOS Directory object's fields. An Admin Portal `dsync` page creates one.
CREATE TABLE directories (
    id               TEXT PRIMARY KEY,           -- directory_<ULID>
    environment_id   TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    external_key     TEXT NOT NULL,
    name             TEXT NOT NULL,
    type             TEXT NOT NULL,              -- okta scim v2.0 | generic scim v2.0 | gsuite directory | ...
    state            TEXT NOT NULL,              -- linked | validating | invalid_credentials | unlinked | deleting
    domain           TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX directories_environment ON directories(environment_id, id);
CREATE INDEX directories_organization ON directories(environment_id, organization_id, id);

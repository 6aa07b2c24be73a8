-- workos-emulator: permissions, roles (environment and organization), organization memberships and their roles,
-- invitations (catalog-A §5, §6.10, §6.11). Append-only, like every migration.
-- Every table carries environment_id; lists order and page by id (ULIDs, so id order is creation order).

CREATE TABLE permissions (
    id                  TEXT PRIMARY KEY,           -- perm_<ULID>
    environment_id      TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    slug                TEXT NOT NULL,              -- lower-case letters, digits, - _ : . *
    name                TEXT NOT NULL,
    description         TEXT,
    system              INTEGER NOT NULL DEFAULT 0, -- managed by WorkOS; cannot be deleted
    resource_type_slug  TEXT NOT NULL DEFAULT 'organization',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (environment_id, slug)
);
CREATE INDEX permissions_environment ON permissions(environment_id, id);

-- Environment roles have no organization_id; organization (custom) roles belong to one organization and go with it.
-- Roles are listed in priority order: ascending `priority` (one sequence per environment), then id.
CREATE TABLE roles (
    id                  TEXT PRIMARY KEY,           -- role_<ULID>
    environment_id      TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    organization_id     TEXT REFERENCES organizations(id) ON DELETE CASCADE,
    slug                TEXT NOT NULL,
    name                TEXT NOT NULL,
    description         TEXT,
    resource_type_slug  TEXT NOT NULL DEFAULT 'organization',
    priority            INTEGER NOT NULL,
    is_default          INTEGER NOT NULL DEFAULT 0, -- the role new memberships get when none is given
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX roles_environment_slug ON roles(environment_id, slug) WHERE organization_id IS NULL;
CREATE UNIQUE INDEX roles_organization_slug ON roles(organization_id, slug) WHERE organization_id IS NOT NULL;
CREATE INDEX roles_priority ON roles(environment_id, organization_id, priority, id);

-- The permissions of a role, in the order they were given (rowid order).
CREATE TABLE role_permissions (
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    role_id         TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    permission_id   TEXT NOT NULL REFERENCES permissions(id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, permission_id)
);
CREATE INDEX role_permissions_permission ON role_permissions(permission_id);
CREATE INDEX role_permissions_environment ON role_permissions(environment_id);

CREATE TABLE organization_memberships (
    id                 TEXT PRIMARY KEY,            -- om_<ULID>
    environment_id     TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    organization_id    TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id            TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status             TEXT NOT NULL,               -- active | inactive | pending
    directory_managed  INTEGER NOT NULL DEFAULT 0,
    custom_attributes  TEXT NOT NULL DEFAULT '{}',  -- JSON object
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (organization_id, user_id)
);
CREATE INDEX organization_memberships_environment ON organization_memberships(environment_id, id);
CREATE INDEX organization_memberships_organization
    ON organization_memberships(environment_id, organization_id, status, id);
CREATE INDEX organization_memberships_user ON organization_memberships(environment_id, user_id, status, id);

-- The roles a membership holds. A role held here cannot be deleted (409 role_has_assignments); the key is checked
-- at the end of the statement, so deleting an organization (its memberships and roles together) passes.
CREATE TABLE organization_membership_roles (
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    membership_id   TEXT NOT NULL REFERENCES organization_memberships(id) ON DELETE CASCADE,
    role_id         TEXT NOT NULL REFERENCES roles(id),
    PRIMARY KEY (membership_id, role_id)
);
CREATE INDEX organization_membership_roles_role ON organization_membership_roles(role_id);
CREATE INDEX organization_membership_roles_environment ON organization_membership_roles(environment_id);

-- `state` is pending, accepted or revoked as stored; `expired` is computed on read once expires_at has passed.
CREATE TABLE invitations (
    id                TEXT PRIMARY KEY,             -- invitation_<ULID>
    environment_id    TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    email             TEXT NOT NULL,                -- trimmed and lower-cased
    organization_id   TEXT REFERENCES organizations(id) ON DELETE CASCADE,
    inviter_user_id   TEXT REFERENCES users(id) ON DELETE SET NULL,
    accepted_user_id  TEXT REFERENCES users(id) ON DELETE SET NULL,
    role_slug         TEXT,
    locale            TEXT,
    token             TEXT NOT NULL,                -- 25 alphanumerics; accept_invitation_url carries it
    state             TEXT NOT NULL,                -- pending | accepted | revoked
    expires_in_days   INTEGER NOT NULL,             -- kept for resend, which restarts the same period
    expires_at        TEXT NOT NULL,
    accepted_at       TEXT,
    revoked_at        TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX invitations_environment ON invitations(environment_id, id);
CREATE UNIQUE INDEX invitations_token ON invitations(environment_id, token);
CREATE INDEX invitations_organization ON invitations(environment_id, organization_id, id);
CREATE INDEX invitations_email ON invitations(environment_id, email, id);

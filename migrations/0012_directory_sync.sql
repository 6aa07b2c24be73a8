-- workos-emulator: Directory Sync users, groups and group memberships (catalog-B §3.2–3.4), and the time of a
-- directory's last manual sync request (POST /directories/{id}/sync, five-minute cooldown).
-- Append-only, like every migration. 0011 is another area's; the migrator applies files in order and tolerates the gap.

ALTER TABLE directories ADD COLUMN sync_requested_at TEXT;

-- Directory users (catalog-B §3.2). organization_id copies the directory's (a directory never changes organization), so
-- list pages read one table. email is the primary e-mail's value (the `email` filter matches it case-insensitively,
-- hence NOCASE); emails, custom_attributes and raw_attributes are JSON text.
CREATE TABLE directory_users (
    id                 TEXT PRIMARY KEY,         -- directory_user_<ULID>
    environment_id     TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    directory_id       TEXT NOT NULL REFERENCES directories(id) ON DELETE CASCADE,
    organization_id    TEXT NOT NULL,
    idp_id             TEXT NOT NULL,
    email              TEXT COLLATE NOCASE,
    first_name         TEXT,
    last_name          TEXT,
    username           TEXT,
    job_title          TEXT,
    state              TEXT NOT NULL,            -- active | suspended | inactive
    emails             TEXT NOT NULL DEFAULT '[]',
    custom_attributes  TEXT NOT NULL DEFAULT '{}',
    raw_attributes     TEXT NOT NULL DEFAULT '{}',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX directory_users_directory ON directory_users(environment_id, directory_id, id);
CREATE UNIQUE INDEX directory_users_idp_id ON directory_users(environment_id, directory_id, idp_id);
CREATE INDEX directory_users_email ON directory_users(environment_id, directory_id, email);
-- The foreign key's own lookup when a directory is deleted (https://sqlite.org/foreignkeys.html#fk_indexes).
CREATE INDEX directory_users_directory_key ON directory_users(directory_id);

-- Directory groups (catalog-B §3.3).
CREATE TABLE directory_groups (
    id                 TEXT PRIMARY KEY,         -- directory_group_<ULID>
    environment_id     TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    directory_id       TEXT NOT NULL REFERENCES directories(id) ON DELETE CASCADE,
    organization_id    TEXT NOT NULL,
    idp_id             TEXT NOT NULL,
    name               TEXT NOT NULL,
    raw_attributes     TEXT NOT NULL DEFAULT '{}',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX directory_groups_directory ON directory_groups(environment_id, directory_id, id);
CREATE UNIQUE INDEX directory_groups_idp_id ON directory_groups(environment_id, directory_id, idp_id);
CREATE INDEX directory_groups_directory_key ON directory_groups(directory_id);

-- Which user is in which group (the `group` filter of GET /directory_users, `user` of GET /directory_groups, and a
-- user's embedded `groups`). Both sides belong to the same directory.
CREATE TABLE directory_group_members (
    environment_id     TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    group_id           TEXT NOT NULL REFERENCES directory_groups(id) ON DELETE CASCADE,
    user_id            TEXT NOT NULL REFERENCES directory_users(id) ON DELETE CASCADE,
    created_at         TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX directory_group_members_user ON directory_group_members(user_id, group_id);
CREATE INDEX directory_group_members_environment ON directory_group_members(environment_id);

-- The deprecated `domain` filter of GET /directories (directories are already indexed by organization).
CREATE INDEX directories_domain ON directories(environment_id, domain);

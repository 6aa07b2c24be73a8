-- workos-emulator: Fine-Grained Authorization, legacy /fga/v1 (catalog-B §6): the schema (resource types and
-- policies), resources, warrants and the per-environment write counter behind warrant tokens.
-- Append-only, like every migration. 0015 is reserved for work on another branch; the Migrator applies files in
-- version order and tolerates the gap.
-- None of these objects has a WorkOS id (catalog-B §6: a resource is keyed by (resource_type, resource_id), a warrant
-- by its full tuple); the `id` columns are internal ULIDs, used only as list cursors and creation order.

-- Resource types: `relations` is the JSON rule map exactly as validated (catalog-B §6.1).
CREATE TABLE fga_resource_types (
    id              TEXT PRIMARY KEY,             -- fga_rt_<ULID> (internal cursor)
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    type            TEXT NOT NULL,
    relations       TEXT NOT NULL,                -- JSON object {relation: rule}
    created_at      TEXT NOT NULL,
    UNIQUE (environment_id, type)
);

-- Schema policies `{name, language, description?, parameters, expression}` (catalog-B §6.1, POST /fga/v1/schema).
CREATE TABLE fga_policies (
    id              TEXT PRIMARY KEY,             -- fga_policy_<ULID> (internal)
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    definition      TEXT NOT NULL,                -- JSON object as sent
    created_at      TEXT NOT NULL,
    UNIQUE (environment_id, name)
);

-- Resources (catalog-B §6.2); also created implicitly by the warrants that name them.
CREATE TABLE fga_resources (
    id              TEXT PRIMARY KEY,             -- fga_resource_<ULID> (internal cursor)
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    resource_type   TEXT NOT NULL,
    resource_id     TEXT NOT NULL,
    meta            TEXT,                         -- JSON object or NULL
    created_at      TEXT NOT NULL,
    UNIQUE (environment_id, resource_type, resource_id)
);

-- Warrants (catalog-B §6.3). An absent subject relation or policy is stored as '' so that the tuple's UNIQUE
-- constraint holds (NULLs are distinct in SQLite UNIQUE constraints).
CREATE TABLE fga_warrants (
    id                TEXT PRIMARY KEY,           -- fga_warrant_<ULID> (internal cursor)
    environment_id    TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    resource_type     TEXT NOT NULL,
    resource_id       TEXT NOT NULL,              -- may be '*' (wildcard warrant)
    relation          TEXT NOT NULL,
    subject_type      TEXT NOT NULL,
    subject_id        TEXT NOT NULL,
    subject_relation  TEXT NOT NULL DEFAULT '',
    policy            TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    UNIQUE (environment_id, resource_type, resource_id, relation, subject_type, subject_id, subject_relation, policy)
);
-- The check walks resource → subjects (`type:id#rel` → its warrants; the UNIQUE index above serves it) and the
-- select-resources query and deletes walk subject → resources.
CREATE INDEX fga_warrants_subject
    ON fga_warrants(environment_id, subject_type, subject_id, subject_relation, relation);

-- One counter per environment, bumped by every FGA write; a warrant token encodes it (catalog-B §6.6).
CREATE TABLE fga_write_counters (
    environment_id  TEXT PRIMARY KEY REFERENCES environments(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL
);

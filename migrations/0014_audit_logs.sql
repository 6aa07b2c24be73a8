-- workos-emulator: Audit Logs (catalog-B §4): actions and their versioned schemas, the events an app sends, exports
-- of those events as CSV, and each organization's retention setting.
-- Append-only, like every migration. 0012 and 0013 are reserved for work on other branches; the Migrator applies
-- files in version order and tolerates the gap.

-- An action exists once its first schema is created ("If the `action` does not exist, it will also be created",
-- spec Create Schema). Ids are internal (`ala_<ULID>`, the cursor form of the spec's list examples); the API names
-- an action by its name.
CREATE TABLE audit_log_actions (
    id              TEXT PRIMARY KEY,             -- ala_<ULID>
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,                -- e.g. user.signed_in
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,                -- moves with each new schema version
    UNIQUE (environment_id, name)
);
CREATE INDEX audit_log_actions_environment ON audit_log_actions(environment_id, id);

-- Schema versions: 1, 2, 3… per action. The JSON-schema-ish parts are kept exactly as the app sent them.
CREATE TABLE audit_log_schemas (
    id              TEXT PRIMARY KEY,             -- als_<ULID> (list cursor)
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    action_id       TEXT NOT NULL REFERENCES audit_log_actions(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    targets         TEXT NOT NULL,                -- JSON array [{type, metadata?}]
    actor           TEXT,                         -- JSON {metadata} or NULL
    metadata        TEXT,                         -- JSON {type:"object", properties:{…}} or NULL
    created_at      TEXT NOT NULL,
    UNIQUE (action_id, version)
);
CREATE INDEX audit_log_schemas_action ON audit_log_schemas(environment_id, action_id, id);

-- Events as received; occurred_at is normalized to the emulator's ISO 8601 form (milliseconds, Z) so that text
-- comparison is time order and the export range is an index range.
CREATE TABLE audit_log_events (
    id                  TEXT PRIMARY KEY,         -- audit_log_event_<ULID> (internal; WorkOS answers {"success":true})
    environment_id      TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    organization_id     TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    action              TEXT NOT NULL,
    version             INTEGER,                  -- the schema version the event named, if any
    occurred_at         TEXT NOT NULL,
    actor_id            TEXT NOT NULL,
    actor_type          TEXT NOT NULL,
    actor_name          TEXT,
    actor_metadata      TEXT,                     -- JSON object or NULL
    context_location    TEXT NOT NULL,
    context_user_agent  TEXT,
    metadata            TEXT,                     -- JSON object or NULL
    created_at          TEXT NOT NULL
);
-- The export filters: organization + range always, then actions, actor ids, actor names (catalog-B §4).
CREATE INDEX audit_log_events_range ON audit_log_events(environment_id, organization_id, occurred_at);
CREATE INDEX audit_log_events_action ON audit_log_events(environment_id, organization_id, action, occurred_at);
CREATE INDEX audit_log_events_actor_id ON audit_log_events(environment_id, organization_id, actor_id, occurred_at);
CREATE INDEX audit_log_events_actor_name ON audit_log_events(environment_id, organization_id, actor_name, occurred_at);
CREATE INDEX audit_log_events_organization_key ON audit_log_events(organization_id);

-- Targets, one row each, so the export's `targets` (target types) filter is an indexed lookup.
CREATE TABLE audit_log_event_targets (
    event_id        TEXT NOT NULL REFERENCES audit_log_events(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,             -- index in the event's targets array
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    target_id       TEXT NOT NULL,
    type            TEXT NOT NULL,
    name            TEXT,
    metadata        TEXT,                         -- JSON object or NULL
    PRIMARY KEY (event_id, position)
);
CREATE INDEX audit_log_event_targets_type ON audit_log_event_targets(environment_id, type, event_id);

-- Exports: the filters as requested, the CSV once ready, and the current download token. Only the token's
-- SHA-256 is kept; each GET /audit_logs/exports/{id} issues a new token that works for 10 minutes ("The URL will
-- expire after 10 minutes. If the export is needed again at a later time, refetching the export will regenerate the
-- URL", spec Get Export).
CREATE TABLE audit_log_exports (
    id                 TEXT PRIMARY KEY,          -- audit_log_export_<ULID>
    environment_id     TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    organization_id    TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    state              TEXT NOT NULL,             -- pending | ready | error | expired
    range_start        TEXT NOT NULL,             -- normalized ISO 8601
    range_end          TEXT NOT NULL,
    actions            TEXT,                      -- JSON array of strings or NULL (no filter)
    actor_names        TEXT,                      -- JSON array; `actors` (deprecated) is merged in
    actor_ids          TEXT,
    targets            TEXT,                      -- JSON array of target types
    content            TEXT,                      -- the CSV, written when the export becomes ready
    url_token_digest   TEXT,                      -- lower-case hex SHA-256 of the current download token
    url_expires_at     TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK (state IN ('pending', 'ready', 'error', 'expired'))
);
CREATE INDEX audit_log_exports_environment ON audit_log_exports(environment_id, id);
CREATE INDEX audit_log_exports_organization_key ON audit_log_exports(organization_id);
CREATE UNIQUE INDEX audit_log_exports_token ON audit_log_exports(url_token_digest) WHERE url_token_digest IS NOT NULL;

-- PUT /organizations/{id}/audit_logs_retention; no row = never set (GET answers null).
CREATE TABLE audit_log_retentions (
    organization_id           TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
    environment_id            TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    retention_period_in_days  INTEGER NOT NULL,
    updated_at                TEXT NOT NULL
);
CREATE INDEX audit_log_retentions_environment ON audit_log_retentions(environment_id);

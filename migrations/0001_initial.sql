-- workos-emulator: environments, organizations, organization domains, events, idempotency keys.
-- Append-only: a shipped migration is never edited; fix forward with a new numbered file.
-- Every WorkOS table carries environment_id and every query is scoped by it.
-- Timestamps are ISO 8601 UTC strings with exactly three fractional digits ("2026-01-15T12:00:00.000Z"),
-- which sort lexicographically in time order. Ids are "<prefix>_<ULID>", so ORDER BY id is creation order.

CREATE TABLE environments (
    id          TEXT PRIMARY KEY,                 -- env_<ULID>
    name        TEXT NOT NULL,
    client_id   TEXT NOT NULL UNIQUE,             -- client_<...>
    is_default  INTEGER NOT NULL DEFAULT 0,
    seed        TEXT NOT NULL,                    -- the seed document it was created from (JSON), re-applied on reset
    created_at  TEXT NOT NULL
);

CREATE TABLE api_keys (
    key             TEXT PRIMARY KEY,             -- sk_test_...
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    created_at      TEXT NOT NULL
);
CREATE INDEX api_keys_environment ON api_keys(environment_id);

CREATE TABLE redirect_uris (
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    uri             TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (environment_id, uri)
);

CREATE TABLE organizations (
    id                                   TEXT PRIMARY KEY,   -- org_<ULID>
    environment_id                       TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    name                                 TEXT NOT NULL,
    external_id                          TEXT,
    stripe_customer_id                   TEXT,
    metadata                             TEXT NOT NULL DEFAULT '{}',  -- JSON object of string values
    allow_profiles_outside_organization  INTEGER NOT NULL DEFAULT 0,
    created_at                           TEXT NOT NULL,
    updated_at                           TEXT NOT NULL
);
CREATE INDEX organizations_environment ON organizations(environment_id, id);
CREATE UNIQUE INDEX organizations_external_id ON organizations(environment_id, external_id)
    WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX organizations_stripe_customer_id ON organizations(environment_id, stripe_customer_id)
    WHERE stripe_customer_id IS NOT NULL;

CREATE TABLE organization_domains (
    id                     TEXT PRIMARY KEY,           -- org_domain_<ULID>
    environment_id         TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    organization_id        TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    domain                 TEXT NOT NULL,              -- stored lower-case
    state                  TEXT NOT NULL,              -- pending | verified | failed | unverified | legacy_verified
    verification_strategy  TEXT NOT NULL,              -- dns | manual
    verification_token     TEXT,
    verification_prefix    TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    UNIQUE (organization_id, domain)
);
CREATE INDEX organization_domains_organization ON organization_domains(organization_id, id);
CREATE INDEX organization_domains_domain ON organization_domains(environment_id, domain);

CREATE TABLE events (
    id               TEXT PRIMARY KEY,                 -- event_<ULID>
    environment_id   TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    event            TEXT NOT NULL,                    -- e.g. organization.created
    organization_id  TEXT,                             -- the related organization, for GET /events?organization_id=
    data             TEXT NOT NULL,                    -- JSON payload
    context          TEXT,                             -- JSON object or NULL
    created_at       TEXT NOT NULL
);
CREATE INDEX events_environment ON events(environment_id, id);
CREATE INDEX events_environment_event ON events(environment_id, event, id);

CREATE TABLE idempotency_keys (
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    key             TEXT NOT NULL,
    path            TEXT NOT NULL,
    status          INTEGER NOT NULL,
    content_type    TEXT,
    body            BLOB NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (environment_id, key, path)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);

-- workos-emulator: User Management settings of an environment (catalog-A §6; spec RedirectUrisController_*,
-- CorsOriginsController_*, JwtTemplatesController_*). Like the credentials, these are kept by POST /_emulator/reset
-- (EnvironmentRepository.keptTables).

-- Redirect URIs become REST objects `{object:"redirect_uri", id:"redir_…", uri, default, created_at, updated_at}`
-- (spec RedirectUri), so the table gains an id, a default flag and updated_at; it is rebuilt
-- (https://sqlite.org/lang_altertable.html#otheralter) keeping every row. Existing rows get ULIDs built from their
-- created_at (48 bits of Unix milliseconds in 10 Crockford base32 characters, then 16 random ones), so the list
-- order by id stays the creation order. The earliest URI of each environment (the order the authorize error page
-- and the control API always listed them in: created_at, then uri) becomes its default.
CREATE TABLE redirect_uris_new (
    id              TEXT PRIMARY KEY,                 -- redir_<ULID>
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    uri             TEXT NOT NULL,
    is_default      INTEGER NOT NULL DEFAULT 0,       -- the spec's `default`: cannot be deleted (409)
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (environment_id, uri)
);
INSERT INTO redirect_uris_new (id, environment_id, uri, is_default, created_at, updated_at)
SELECT
    'redir_'
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((t.ms >> 45) & 31) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((t.ms >> 40) & 31) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((t.ms >> 35) & 31) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((t.ms >> 30) & 31) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((t.ms >> 25) & 31) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((t.ms >> 20) & 31) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((t.ms >> 15) & 31) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((t.ms >> 10) & 31) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((t.ms >> 5) & 31) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (t.ms & 31) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (abs(random()) % 32) + 1, 1),
    t.environment_id,
    t.uri,
    NOT EXISTS (
        SELECT 1 FROM redirect_uris AS o
        WHERE o.environment_id = t.environment_id
            AND (o.created_at < t.created_at OR (o.created_at = t.created_at AND o.uri < t.uri))
    ),
    t.created_at,
    t.created_at
FROM (
    SELECT environment_id, uri, created_at,
        CAST(round((julianday(created_at) - 2440587.5) * 86400000.0) AS INTEGER) AS ms
    FROM redirect_uris
) AS t;
DROP TABLE redirect_uris;
ALTER TABLE redirect_uris_new RENAME TO redirect_uris;
CREATE INDEX redirect_uris_environment ON redirect_uris(environment_id, id);

-- CORS origins (spec CorsOriginResponse: `cors_origin_…`, origin, created_at, updated_at); an origin is unique per
-- environment (the spec's 409 duplicate_cors_origin).
CREATE TABLE cors_origins (
    id              TEXT PRIMARY KEY,                 -- cors_origin_<ULID>
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    origin          TEXT NOT NULL,                    -- scheme://host[:port], scheme and host lower-case
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (environment_id, origin)
);
CREATE INDEX cors_origins_environment ON cors_origins(environment_id, id);
CREATE INDEX cors_origins_origin ON cors_origins(origin);

-- The JWT template (spec JwtTemplate): one per environment, its Liquid-style content as sent.
CREATE TABLE jwt_templates (
    environment_id  TEXT PRIMARY KEY REFERENCES environments(id) ON DELETE CASCADE,
    content         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

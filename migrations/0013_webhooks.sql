-- workos-emulator: webhook endpoints (REST /webhook_endpoints and POST /_emulator/webhook_endpoints share them) and
-- the deliveries of events to them (GET /_emulator/webhook_deliveries). A delivery row is written in the same
-- transaction as its event (EventLog.record), so a committed event always has its deliveries and a rolled-back one
-- has none; the delivery worker then sends it and records every attempt on the row.
-- Numbered 0013: 0012 is reserved for Directory Sync and 0014 for Audit Logs; the migrator applies files in version
-- order and does not require consecutive numbers. Append-only, like every migration.

CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,                 -- we_<ULID>
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    endpoint_url    TEXT NOT NULL,
    secret          TEXT NOT NULL,                    -- the HMAC-SHA256 key of WorkOS-Signature; kept to sign with
    status          TEXT NOT NULL DEFAULT 'enabled',  -- enabled | disabled
    events          TEXT NOT NULL,                    -- JSON array of event names; [] = every event (control API)
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (status IN ('enabled', 'disabled'))
);
CREATE INDEX webhook_endpoints_environment ON webhook_endpoints(environment_id, id);
-- One endpoint per URL and environment: the spec answers 409 duplicate_endpoint for a second one.
CREATE UNIQUE INDEX webhook_endpoints_url ON webhook_endpoints(environment_id, endpoint_url);

CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,                 -- webhook_delivery_<ULID>
    environment_id   TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    -- No foreign keys to the endpoint or the event: a delivery stays as a record after its endpoint is deleted
    -- (pending ones are then marked failed), and a reset empties events and deliveries together.
    endpoint_id      TEXT NOT NULL,
    url              TEXT NOT NULL,                    -- where it went (the endpoint's URL at the last attempt)
    event_id         TEXT NOT NULL,
    event            TEXT NOT NULL,                    -- the event's type, for ?event=
    status           TEXT NOT NULL DEFAULT 'pending',  -- pending | delivered | failed
    attempts         INTEGER NOT NULL DEFAULT 0,
    response_status  INTEGER,                          -- HTTP status of the last attempt that got one
    last_error       TEXT,                             -- why the last attempt failed; NULL once delivered
    next_attempt_at  INTEGER,                          -- ms since the epoch while pending; NULL once final
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    delivered_at     TEXT,
    CHECK (status IN ('pending', 'delivered', 'failed'))
);
CREATE INDEX webhook_deliveries_environment ON webhook_deliveries(environment_id, id);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(environment_id, endpoint_id, id);
-- The worker's queue: pending deliveries by due time (https://sqlite.org/partialindex.html).
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at, id) WHERE status = 'pending';

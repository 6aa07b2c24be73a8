-- workos-emulator: API keys at rest as their SHA-256 only. A key is only ever compared with the one a request
-- presents, so the database need not hold a usable copy (issue 7, security review: "stored hashed where only
-- comparison is needed"); a copied database file no longer hands out working keys. The keys already stored are
-- digested here by emulator_sha256_hex(), which `StoreFunctions` registers on the writer before migrating.
-- Append-only, like every migration.

-- Deleted pages are normally left as they were (Connection turns secure_delete off): zero them while the old
-- table's pages and its key index are freed, so the plain-text keys do not linger in the file's free pages
-- (https://sqlite.org/pragma.html#pragma_secure_delete).
PRAGMA secure_delete = ON;

CREATE TABLE api_keys_digested (
    key_digest      TEXT PRIMARY KEY,             -- lower-case hex SHA-256 of the key's UTF-8 bytes
    environment_id  TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    created_at      TEXT NOT NULL
);
INSERT INTO api_keys_digested (key_digest, environment_id, created_at)
    SELECT emulator_sha256_hex(key), environment_id, created_at FROM api_keys;
DROP TABLE api_keys;
ALTER TABLE api_keys_digested RENAME TO api_keys;
CREATE INDEX api_keys_environment ON api_keys(environment_id);

PRAGMA secure_delete = OFF;

-- workos-emulator: the standalone MFA API (/auth/factors/*, /auth/challenges/*; catalog-B §5). Its factors need no
-- user (`user_id` is optional on the Factor object) and come in three types: totp, sms (with an E.164 phone number)
-- and generic_otp. Their challenges carry one-time codes, an expiry and a count of wrong attempts.
-- Append-only, like every migration.

-- Factors: user_id becomes nullable and sms factors keep their phone number, so the table is rebuilt
-- (https://sqlite.org/lang_altertable.html#otheralter). The Migrator runs this with foreign keys off, so dropping the
-- old table does not cascade into authentication_challenges, whose REFERENCES clause names the table and therefore
-- points at the rebuilt one after the rename.
CREATE TABLE authentication_factors_new (
    id                TEXT PRIMARY KEY,             -- auth_factor_<ULID>
    environment_id    TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    user_id           TEXT REFERENCES users(id) ON DELETE CASCADE,  -- NULL for a standalone factor without a user
    type              TEXT NOT NULL,                -- totp | sms | generic_otp
    totp_issuer       TEXT,
    totp_user         TEXT,
    totp_secret       TEXT,                         -- RFC 4648 base32, no padding; the emulator computes codes
    sms_phone_number  TEXT,                         -- E.164, e.g. +14155550123
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (type IN ('totp', 'sms', 'generic_otp')),
    CHECK (type <> 'totp' OR totp_secret IS NOT NULL),
    CHECK (type <> 'sms' OR sms_phone_number IS NOT NULL)
);
INSERT INTO authentication_factors_new (id, environment_id, user_id, type, totp_issuer, totp_user, totp_secret,
    sms_phone_number, created_at, updated_at)
SELECT id, environment_id, user_id, type, totp_issuer, totp_user, totp_secret, NULL, created_at, updated_at
FROM authentication_factors;
DROP TABLE authentication_factors;
ALTER TABLE authentication_factors_new RENAME TO authentication_factors;
-- The indexes of 0005 and 0009 went with the old table.
CREATE INDEX authentication_factors_environment ON authentication_factors(environment_id, id);
CREATE INDEX authentication_factors_user ON authentication_factors(environment_id, user_id, id);
CREATE INDEX authentication_factors_user_key ON authentication_factors(user_id);

-- Challenges of sms and generic_otp factors carry a six-digit code; TOTP challenges carry none (the code comes from
-- the factor's secret). The code is kept as its SHA-256 (code_digest) for verification. An sms challenge also keeps
-- the plain code (sms_code) and the template: the emulator sends no SMS, so GET /_emulator/auth_challenges/{id}/code
-- must be able to show the developer the message the phone would have received. A generic_otp code is handed to the
-- app in the challenge response and never read back, so only its digest is kept.
ALTER TABLE authentication_challenges ADD COLUMN code_digest TEXT;       -- lower-case hex SHA-256; NULL for TOTP
ALTER TABLE authentication_challenges ADD COLUMN sms_code TEXT;          -- sms challenges only (see above)
ALTER TABLE authentication_challenges ADD COLUMN sms_template TEXT;      -- as given, with {{code}}; NULL = default
ALTER TABLE authentication_challenges ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;

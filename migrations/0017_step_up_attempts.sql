-- workos-emulator: wrong TOTP codes counted where the hosted pages challenge them. The API's mfa-totp grant counts
-- them on the challenge (authentication_challenges.failed_attempts, 0011); the AuthKit page's MFA step and the
-- device page challenge a user's factors without a challenge row, so they count on the pending sign-in and on the
-- device authorization. After five wrong codes the step is over (issue 7: a six-digit code must not be guessable by
-- trying them all).
-- Append-only, like every migration.

ALTER TABLE pending_authentications ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE device_authorizations ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;

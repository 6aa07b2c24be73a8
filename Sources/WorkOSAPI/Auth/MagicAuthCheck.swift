// workos-emulator — checking a Magic Auth code for the `…:magic-auth:code` grant and the hosted page
// (catalog-A §6.3, §6.7).
// Licensed MIT.

import SQLite

/// Verifies Magic Auth codes: single use, 10-minute expiry, a limited number of wrong attempts.
struct MagicAuthCheck {
    let environmentID: String
    let services: Services

    /// Checks `code` for `email`: among the address's codes, newest first, the one that matches must be unused (else
    /// `one_time_code_previously_used`), unexpired (`one_time_code_expired`) and not locked by wrong attempts
    /// (`one_time_code_too_many_attempts`); no match is `invalid_one_time_code` and counts against the newest code.
    /// Success marks the code used. Failures are returned, not thrown, so that the attempt count commits.
    func verify(email: String, code: String, in connection: Connection) throws -> Result<MagicAuthUse, APIError> {
        let rows = try connection.fetchAll(
            "SELECT * FROM magic_auths WHERE environment_id = ? AND email = ? ORDER BY id DESC",
            [.text(self.environmentID), .text(email.trimmingWhitespace().lowercased())]
        )
        let invalid = APIError.badRequest(.invalidOneTimeCode, "The one-time code is invalid.")
        guard let newest = rows.first else { return .failure(invalid) }
        guard let row = rows.first(where: { OneTimeCode.matches(code, $0["code"]) }) else {
            try connection.execute(
                "UPDATE magic_auths SET failed_attempts = failed_attempts + 1 WHERE id = ?",
                [.text(newest["id"] as String)]
            )
            return .failure(invalid)
        }
        let id: String = row["id"]
        if (row["used_at"] as String?) != nil {
            return .failure(.badRequest(.oneTimeCodePreviouslyUsed, "The one-time code has already been used."))
        }
        if (row["failed_attempts"] as Int64) >= Int64(OneTimeCode.maximumFailedAttempts) {
            return .failure(
                .badRequest(.oneTimeCodeTooManyAttempts, "Too many attempts were made with this one-time code.")
            )
        }
        let now = self.services.clock.now()
        guard let expiresAt = Timestamp(iso8601: row["expires_at"]), now < expiresAt else {
            return .failure(.badRequest(.oneTimeCodeExpired, "The one-time code has expired."))
        }
        try connection.execute(
            "UPDATE magic_auths SET used_at = ?, updated_at = ? WHERE id = ?",
            [.text(now.iso8601), .text(now.iso8601), .text(id)]
        )
        return .success(MagicAuthUse(userID: row["user_id"], invitationToken: row["invitation_token"]))
    }
}

/// What a used Magic Auth code yields.
struct MagicAuthUse: Sendable {
    /// The user the code was created for.
    var userID: String
    /// The invitation given when the code was created, accepted with it.
    var invitationToken: String?
}

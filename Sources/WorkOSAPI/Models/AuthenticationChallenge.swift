// workos-emulator — the AuthenticationChallenge wire object (catalog-A §6.12, catalog-B §5; spec
// `AuthenticationChallenge`).
// Licensed MIT.

import JSONCodec
import SQLite

/// An MFA challenge, `auth_challenge_…`. TOTP challenges have no expiry and no code (the authenticator app computes
/// it); sms and generic_otp challenges expire and carry a six-digit code, which only a generic_otp challenge's creation
/// response shows (catalog-B §5).
public struct AuthenticationChallenge: Sendable, Equatable, JSONRepresentable {
    /// `auth_challenge_…`.
    public var id: String
    /// The factor it challenges.
    public var factorID: String
    /// Expiry; nil for TOTP.
    public var expiresAt: Timestamp?
    /// When a code verified it.
    public var verifiedAt: Timestamp?
    /// SHA-256 (lower-case hex) of the code of an sms or generic_otp challenge; nil for TOTP.
    public var codeDigest: String?
    /// The plain code of an sms challenge, kept for `GET /_emulator/auth_challenges/{id}/code` (no SMS is sent).
    public var smsCode: String?
    /// The `sms_template` given when it was created, if any.
    public var smsTemplate: String?
    /// Wrong codes submitted so far.
    public var failedAttempts: Int
    /// The plain code to show in the response: set only on a new generic_otp challenge (never read from the store).
    public var code: String?
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `authentication_challenges`.
    public init(row: Row) {
        self.id = row["id"]
        self.factorID = row["authentication_factor_id"]
        self.expiresAt = (row["expires_at"] as String?).flatMap { Timestamp(iso8601: $0) }
        self.verifiedAt = (row["verified_at"] as String?).flatMap { Timestamp(iso8601: $0) }
        self.codeDigest = row["code_digest"]
        self.smsCode = row["sms_code"]
        self.smsTemplate = row["sms_template"]
        self.failedAttempts = row["failed_attempts"]
        self.code = nil
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The wire form; `expires_at` only when the challenge expires, `code` only on a new generic_otp challenge.
    public var json: JSON {
        var object: JSONObject = [
            "object": "authentication_challenge",
            "id": .string(self.id),
            "authentication_factor_id": .string(self.factorID),
        ]
        if let expiresAt = self.expiresAt { object["expires_at"] = .string(expiresAt.iso8601) }
        if let code = self.code { object["code"] = .string(code) }
        object["created_at"] = .string(self.createdAt.iso8601)
        object["updated_at"] = .string(self.updatedAt.iso8601)
        return .object(object)
    }
}

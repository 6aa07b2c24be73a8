// workos-emulator — the AuthenticationFactor and AuthenticationChallenge wire objects (catalog-A §6.12, catalog-B §5;
// spec `AuthenticationFactor`, `AuthenticationFactorEnrolled`, `AuthenticationChallenge`).
// Licensed MIT.

import Foundation
import JSONCodec
import SQLite

/// A user's MFA factor, `auth_factor_…`. Only TOTP factors are enrolled through the API.
public struct AuthenticationFactor: Sendable, Equatable, JSONRepresentable {
    /// `auth_factor_…`.
    public var id: String
    /// `totp` (the spec also names `generic_otp`, `sms`, `webauthn`).
    public var type: String
    /// The user it belongs to.
    public var userID: String
    /// `totp.issuer`.
    public var totpIssuer: String?
    /// `totp.user`.
    public var totpUser: String?
    /// The base32 shared secret (shown only in the enrollment response).
    public var totpSecret: String?
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `authentication_factors`.
    public init(row: Row) {
        self.id = row["id"]
        self.type = row["type"]
        self.userID = row["user_id"]
        self.totpIssuer = row["totp_issuer"]
        self.totpUser = row["totp_user"]
        self.totpSecret = row["totp_secret"]
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The `otpauth://` URI authenticator apps read (Key Uri Format): `otpauth://totp/Issuer:user?secret=…&issuer=…`.
    public var otpauthURI: String {
        let issuer = self.totpIssuer ?? ""
        let user = self.totpUser ?? ""
        let label = Self.escape(issuer) + ":" + Self.escape(user)
        return "otpauth://totp/\(label)?secret=\(self.totpSecret ?? "")&issuer=\(Self.escape(issuer))"
            + "&algorithm=SHA1&digits=6&period=30"
    }

    /// The object without secrets: list items and the `authentication_factors` of an `mfa_challenge`.
    public var json: JSON {
        var object: JSONObject = [
            "object": "authentication_factor",
            "id": .string(self.id),
            "type": .string(self.type),
            "user_id": .string(self.userID),
        ]
        if self.type == "totp" {
            object["totp"] = ["issuer": .string(self.totpIssuer ?? ""), "user": .string(self.totpUser ?? "")]
        }
        object["created_at"] = .string(self.createdAt.iso8601)
        object["updated_at"] = .string(self.updatedAt.iso8601)
        return .object(object)
    }

    /// The enrollment form: `totp` adds `secret`, `qr_code` (a PNG data URI of the `uri`) and `uri`.
    public var enrolledJSON: JSON {
        guard case .object(var object) = self.json else { return self.json }
        if self.type == "totp" {
            let uri = self.otpauthURI
            object["totp"] = [
                "issuer": .string(self.totpIssuer ?? ""),
                "user": .string(self.totpUser ?? ""),
                "secret": .string(self.totpSecret ?? ""),
                "qr_code": .string(QRCode.pngDataURI(for: uri)),
                "uri": .string(uri),
            ]
        }
        return .object(object)
    }

    /// Percent-encodes a label part (RFC 3986 unreserved characters stay).
    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~@")))
            ?? text
    }
}

/// An MFA challenge, `auth_challenge_…`. TOTP challenges have no expiry and no code (the app computes it).
public struct AuthenticationChallenge: Sendable, Equatable, JSONRepresentable {
    /// `auth_challenge_…`.
    public var id: String
    /// The factor it challenges.
    public var factorID: String
    /// Expiry; nil for TOTP.
    public var expiresAt: Timestamp?
    /// When a code verified it.
    public var verifiedAt: Timestamp?
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
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The wire form; `expires_at` only when the challenge expires.
    public var json: JSON {
        var object: JSONObject = [
            "object": "authentication_challenge",
            "id": .string(self.id),
            "authentication_factor_id": .string(self.factorID),
        ]
        if let expiresAt = self.expiresAt { object["expires_at"] = .string(expiresAt.iso8601) }
        object["created_at"] = .string(self.createdAt.iso8601)
        object["updated_at"] = .string(self.updatedAt.iso8601)
        return .object(object)
    }
}

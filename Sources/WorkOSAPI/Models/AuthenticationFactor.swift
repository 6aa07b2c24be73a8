// workos-emulator — the AuthenticationFactor wire object (catalog-A §6.12, catalog-B §5; spec
// `AuthenticationFactor`, `AuthenticationFactorEnrolled`).
// Licensed MIT.

import Foundation
import JSONCodec
import SQLite

/// An MFA factor, `auth_factor_…`: a user's TOTP factor (User Management) or a standalone factor of `/auth/factors`
/// (totp, sms or generic_otp, with or without a user).
public struct AuthenticationFactor: Sendable, Equatable, JSONRepresentable {
    /// The factor types the API enrolls (the spec's enum also names `webauthn`, which no API call creates).
    public enum Kind {
        /// An authenticator app: RFC 6238, SHA-1, 6 digits, 30 s.
        public static let totp = "totp"
        /// A code sent by text message to `sms.phone_number`.
        public static let sms = "sms"
        /// A code the app delivers itself; the challenge response carries it.
        public static let genericOTP = "generic_otp"
        /// Every type `POST /auth/factors/enroll` accepts.
        public static let enrollable: Set<String> = [totp, sms, genericOTP]
    }

    /// `auth_factor_…`.
    public var id: String
    /// One of `Kind`.
    public var type: String
    /// The user it belongs to; nil for a standalone factor enrolled without `user_id`.
    public var userID: String?
    /// `totp.issuer`.
    public var totpIssuer: String?
    /// `totp.user`.
    public var totpUser: String?
    /// The base32 shared secret (shown only in the enrollment response).
    public var totpSecret: String?
    /// `sms.phone_number` (E.164).
    public var smsPhoneNumber: String?
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
        self.smsPhoneNumber = row["sms_phone_number"]
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// The `otpauth://` URI authenticator apps read (Key Uri Format):
    /// `otpauth://totp/Issuer:user?secret=…&issuer=…`.
    public var otpauthURI: String {
        let issuer = self.totpIssuer ?? ""
        let user = self.totpUser ?? ""
        let label = Self.escape(issuer) + ":" + Self.escape(user)
        return "otpauth://totp/\(label)?secret=\(self.totpSecret ?? "")&issuer=\(Self.escape(issuer))"
            + "&algorithm=SHA1&digits=6&period=30"
    }

    /// The object without secrets: list items, `GET /auth/factors/{id}` and the `authentication_factors` of an
    /// `mfa_challenge`. Exactly the sub-object of its type (`totp` or `sms`): Python SDK 5.x picks its model by
    /// `type` and rejects a factor without it (catalog-B §5). `user_id` only when there is a user.
    public var json: JSON {
        var object: JSONObject = [
            "object": "authentication_factor",
            "id": .string(self.id),
            "type": .string(self.type),
        ]
        if let userID = self.userID { object["user_id"] = .string(userID) }
        if self.type == Kind.totp {
            object["totp"] = ["issuer": .string(self.totpIssuer ?? ""), "user": .string(self.totpUser ?? "")]
        }
        if self.type == Kind.sms {
            object["sms"] = ["phone_number": .string(self.smsPhoneNumber ?? "")]
        }
        object["created_at"] = .string(self.createdAt.iso8601)
        object["updated_at"] = .string(self.updatedAt.iso8601)
        return .object(object)
    }

    /// The enrollment form: `totp` adds `secret`, `qr_code` (a PNG data URI of the `uri`) and `uri`.
    public var enrolledJSON: JSON {
        guard case .object(var object) = self.json else { return self.json }
        if self.type == Kind.totp {
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

// workos-emulator — the Session wire object (catalog-A §6.5; py10 `UserSessionsListItem`), also the
// `session.*` payload.
// Licensed MIT.

import JSONCodec
import SQLite

/// A user's session, `session_…`: what `sid` names in the access tokens and what the refresh tokens keep alive.
public struct Session: Sendable, Equatable, JSONRepresentable {
    /// `status`: `active`, `expired` or `revoked`.
    public struct Status: RawRepresentable, Hashable, Sendable {
        /// The wire value.
        public let rawValue: String
        /// Wraps a wire value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Signed in; refreshes succeed.
        public static let active = Status(rawValue: "active")
        /// Past `expires_at` (computed on read, never stored).
        public static let expired = Status(rawValue: "expired")
        /// Revoked through the API or ended by logout.
        public static let revoked = Status(rawValue: "revoked")
    }

    /// `auth_method`: how the session was started (the spec's enum).
    public struct AuthMethod: RawRepresentable, Hashable, Sendable {
        /// The wire value.
        public let rawValue: String
        /// Wraps a wire value.
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let crossAppAuth = AuthMethod(rawValue: "cross_app_auth")
        public static let externalAuth = AuthMethod(rawValue: "external_auth")
        public static let impersonation = AuthMethod(rawValue: "impersonation")
        public static let magicCode = AuthMethod(rawValue: "magic_code")
        public static let migratedSession = AuthMethod(rawValue: "migrated_session")
        public static let oauth = AuthMethod(rawValue: "oauth")
        public static let passkey = AuthMethod(rawValue: "passkey")
        public static let password = AuthMethod(rawValue: "password")
        public static let sso = AuthMethod(rawValue: "sso")
        public static let unknown = AuthMethod(rawValue: "unknown")
    }

    /// Who is impersonating the user (`impersonator`, and the token's `act`).
    public struct Impersonator: Sendable, Equatable {
        /// The impersonating admin's e-mail.
        public var email: String
        /// Why, if given.
        public var reason: String?

        /// An impersonator.
        public init(email: String, reason: String?) {
            self.email = email
            self.reason = reason
        }

        /// `{"email", "reason"}` (py10 requires both keys, `reason` may be null).
        public var json: JSON { ["email": .string(self.email), "reason": self.reason.json] }
    }

    /// `session_…`.
    public var id: String
    /// The signed-in user.
    public var userID: String
    /// The organization most recently used by the session, if any.
    public var organizationID: String?
    /// How the session was started.
    public var authMethod: AuthMethod
    /// The AuthenticateResponse `authentication_method` of the sign-in (`Password`, `GoogleOAuth`, …), if any.
    public var authenticationMethod: String?
    /// Stored status: `active` or `revoked` (see `status` for the computed one).
    public var storedStatus: Status
    /// Client IP given at sign-in.
    public var ipAddress: String?
    /// Client user agent given at sign-in.
    public var userAgent: String?
    /// Set for impersonation sessions.
    public var impersonator: Impersonator?
    /// When the session ends on its own.
    public var expiresAt: Timestamp
    /// When it was revoked or logged out.
    public var endedAt: Timestamp?
    /// When it was started.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp
    /// The instant `status` is computed against (the read time).
    public var now: Timestamp

    /// Decodes a row of `sessions`; `now` decides whether an active session has expired.
    public init(row: Row, now: Timestamp) {
        self.id = row["id"]
        self.userID = row["user_id"]
        self.organizationID = row["organization_id"]
        self.authMethod = AuthMethod(rawValue: row["auth_method"])
        self.authenticationMethod = row["authentication_method"]
        self.storedStatus = Status(rawValue: row["status"])
        self.ipAddress = row["ip_address"]
        self.userAgent = row["user_agent"]
        self.impersonator = (row["impersonator_email"] as String?).map {
            Impersonator(email: $0, reason: row["impersonator_reason"])
        }
        self.expiresAt = Timestamp(iso8601: row["expires_at"]) ?? Timestamp(milliseconds: 0)
        self.endedAt = (row["ended_at"] as String?).flatMap { Timestamp(iso8601: $0) }
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
        self.now = now
    }

    /// `revoked` as stored, `expired` once `expires_at` has passed, else `active`.
    public var status: Status {
        if self.storedStatus == .active, self.expiresAt <= self.now { return .expired }
        return self.storedStatus
    }

    /// True when refreshes may continue it.
    public var isActive: Bool { self.status == .active }

    /// The wire form, also the `session.created` / `session.revoked` payload: every required key, nullable ones as
    /// `null` (catalog-A §6.5, §9.1); `organization_id` and `impersonator` only when set.
    public var json: JSON {
        var object: JSONObject = [
            "object": "session",
            "id": .string(self.id),
            "user_id": .string(self.userID),
        ]
        if let organizationID = self.organizationID { object["organization_id"] = .string(organizationID) }
        object["ip_address"] = self.ipAddress.json
        object["user_agent"] = self.userAgent.json
        object["auth_method"] = .string(self.authMethod.rawValue)
        object["status"] = .string(self.status.rawValue)
        if let impersonator = self.impersonator { object["impersonator"] = impersonator.json }
        object["expires_at"] = .string(self.expiresAt.iso8601)
        object["ended_at"] = (self.endedAt?.iso8601).json
        object["created_at"] = .string(self.createdAt.iso8601)
        object["updated_at"] = .string(self.updatedAt.iso8601)
        return .object(object)
    }
}

// workos-emulator — the Invitation wire object (catalog-A §6.11) and its `invitation.*` event payload (§2.1).
// Licensed MIT.

import JSONCodec
import SQLite

/// An invitation, `invitation_…`, to the application or to one organization.
public struct Invitation: Sendable, Equatable, JSONRepresentable {
    /// `state`: `pending`, `accepted`, `expired` or `revoked`.
    public struct State: RawRepresentable, Hashable, Sendable {
        /// The wire value.
        public let rawValue: String
        /// Wraps a wire value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Sent and usable.
        public static let pending = State(rawValue: "pending")
        /// Used by its recipient.
        public static let accepted = State(rawValue: "accepted")
        /// Past `expires_at` while pending (computed on read, never stored).
        public static let expired = State(rawValue: "expired")
        /// Withdrawn by the sender.
        public static let revoked = State(rawValue: "revoked")
    }

    /// `invitation_…`.
    public var id: String
    /// The recipient, lower-cased.
    public var email: String
    /// The state as of `now` (pending past its expiry reads as expired).
    public var state: State
    /// The organization to join, if any.
    public var organizationID: String?
    /// Who sent it, if given.
    public var inviterUserID: String?
    /// Who accepted it.
    public var acceptedUserID: String?
    /// The role the recipient gets on joining.
    public var roleSlug: String?
    /// The locale of the e-mail.
    public var locale: String?
    /// The secret carried by the e-mail link.
    public var token: String
    /// `invitation_url?invitation_token=<token>`.
    public var acceptInvitationURL: String
    /// The validity period in days (resend restarts it).
    public var expiresInDays: Int
    /// When it stops being usable.
    public var expiresAt: Timestamp
    /// When it was accepted.
    public var acceptedAt: Timestamp?
    /// When it was revoked.
    public var revokedAt: Timestamp?
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `invitations` as seen at `now`; `invitationURL` is the environment's accept page.
    public init(row: Row, invitationURL: String, now: Timestamp) {
        func time(_ column: String) -> Timestamp? { (row[column] as String?).flatMap { Timestamp(iso8601: $0) } }
        self.id = row["id"]
        self.email = row["email"]
        self.organizationID = row["organization_id"]
        self.inviterUserID = row["inviter_user_id"]
        self.acceptedUserID = row["accepted_user_id"]
        self.roleSlug = row["role_slug"]
        self.locale = row["locale"]
        self.token = row["token"]
        self.expiresInDays = row["expires_in_days"]
        self.expiresAt = time("expires_at") ?? Timestamp(milliseconds: 0)
        self.acceptedAt = time("accepted_at")
        self.revokedAt = time("revoked_at")
        self.createdAt = time("created_at") ?? Timestamp(milliseconds: 0)
        self.updatedAt = time("updated_at") ?? Timestamp(milliseconds: 0)
        let stored = State(rawValue: row["state"])
        // "The state becomes `expired` once `expires_at` has passed, and this is reported on read" (catalog-A §6.11).
        self.state = stored == .pending && self.expiresAt <= now ? .expired : stored
        let separator = invitationURL.contains("?") ? "&" : "?"
        self.acceptInvitationURL = invitationURL + separator + "invitation_token=" + self.token
    }

    /// The REST form: every required key, nullable ones as `null`, with `token` and `accept_invitation_url`.
    public var json: JSON {
        guard case .object(var object) = self.eventJSON else { return self.eventJSON }
        object["token"] = .string(self.token)
        object["accept_invitation_url"] = .string(self.acceptInvitationURL)
        return .object(object)
    }

    /// The `invitation.*` payload: the REST form without `token` and `accept_invitation_url` (catalog-A §2.1).
    public var eventJSON: JSON {
        [
            "object": "invitation",
            "id": .string(self.id),
            "email": .string(self.email),
            "state": .string(self.state.rawValue),
            "accepted_at": (self.acceptedAt?.iso8601).json,
            "revoked_at": (self.revokedAt?.iso8601).json,
            "expires_at": .string(self.expiresAt.iso8601),
            "organization_id": self.organizationID.json,
            "inviter_user_id": self.inviterUserID.json,
            "accepted_user_id": self.acceptedUserID.json,
            "role_slug": self.roleSlug.json,
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}

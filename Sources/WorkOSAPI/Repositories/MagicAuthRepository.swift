// workos-emulator — SQL for Magic Auth codes (catalog-A §6.7).
// Licensed MIT.

import SQLite

/// Creates Magic Auth codes; authenticating with one (the `…:magic-auth:code` grant) reads the stored code, expiry,
/// used flag and failed-attempt count.
public struct MagicAuthRepository: Sendable {
    /// How long a code works: "The code expires in 10 minutes" (spec `POST /user_management/magic_auth`).
    public static let lifetimeSeconds: Int64 = 10 * 60
    /// Subject of the outbox e-mail.
    static let subject = "Your sign-in code"

    /// What a request for a code carries besides the e-mail.
    public struct Request: Sendable {
        /// Normalized e-mail address.
        public var email: String
        /// An invitation to accept when the code is used.
        public var invitationToken: String?
        /// The client's address, for Radar (stored, not evaluated).
        public var ipAddress: String?
        /// The client's user agent, for Radar (stored, not evaluated).
        public var userAgent: String?
        /// A request for `email`.
        public init(email: String) { self.email = email }
    }

    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    /// The Magic Auth code with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> MagicAuth? {
        try connection.fetchOne(
            "SELECT * FROM magic_auths WHERE environment_id = ? AND id = ?", [.text(self.environmentID), .text(id)]
        ).map(MagicAuth.init(row:))
    }

    /// Creates a code for the user with this e-mail — creating the user first (`user.created`) when there is none,
    /// since Magic Auth doubles as sign-up (catalog-A §6.7) — "sends" it (outbox) and emits `magic_auth.created`.
    /// An `invitation_token` must name a pending invitation of the environment, else 400
    /// `{"error":"invitation_invalid", …}` (catalog-A §6.7) and nothing is created.
    public func create(_ request: Request, in connection: Connection) throws -> MagicAuth {
        if let token = request.invitationToken {
            try self.checkInvitation(token: token, in: connection)
        }
        let users = UserRepository(environmentID: self.environmentID, services: self.services)
        let user =
            try users.fetchOne(email: request.email, in: connection)
            ?? users.create(UserRepository.Creation(email: request.email), in: connection)
        let id = self.services.ids.make(.magicAuth)
        let now = self.services.clock.now()
        let code = OneTimeCode.make()
        try connection.execute(
            """
            INSERT INTO magic_auths (id, environment_id, user_id, email, code, invitation_token, ip_address, user_agent,
                expires_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(user.id), .text(user.email), .text(code),
                SQLValue(request.invitationToken), SQLValue(request.ipAddress), SQLValue(request.userAgent),
                .text(now.adding(seconds: Self.lifetimeSeconds).iso8601), .text(now.iso8601), .text(now.iso8601),
            ]
        )
        guard let magicAuth = try self.fetchOne(id: id, in: connection) else { throw APIError.internalError }
        try OutboxRepository(environmentID: self.environmentID, services: self.services).record(
            to: user.email, type: OutboxEmail.Kind.magicAuth, subject: Self.subject, code: code, token: nil, url: nil,
            in: connection
        )
        try EventLog(environmentID: self.environmentID, services: self.services).record(
            .magicAuthCreated, data: .object(magicAuth.eventData), organizationID: nil, in: connection
        )
        return magicAuth
    }

    /// 400 `invitation_invalid` unless `token` belongs to a pending invitation.
    private func checkInvitation(token: String, in connection: Connection) throws {
        let invitation: Invitation?
        do {
            invitation = try InvitationRepository(environmentID: self.environmentID, services: self.services)
                .require(token: token, in: connection)
        } catch is APIError {
            invitation = nil
        }
        guard invitation?.state == .pending else {
            throw APIError(
                status: .badRequest,
                body: [
                    "error": .string(APIErrorCode.invitationInvalid.rawValue),
                    "error_description": "The invitation token is invalid, or the invitation is no longer pending.",
                ]
            )
        }
    }
}

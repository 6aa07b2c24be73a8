// workos-emulator — SQL for invitations: send, accept, revoke, resend (catalog-A §6.11).
// Licensed MIT.

import JSONCodec
import SQLite

/// Reads and writes the invitations of one environment. Every write records its `invitation.*` event (and the
/// membership and user events it causes) in the same transaction; sending writes the e-mail to the outbox.
public struct InvitationRepository: Sendable {
    /// The fields of a new invitation, already validated.
    public struct Creation: Sendable {
        /// Trimmed and lower-cased.
        public var email: String
        public var organizationID: String?
        public var roleSlug: String?
        public var expiresInDays = InvitationRepository.defaultExpiresInDays
        public var inviterUserID: String?
        public var locale: String?
        /// An invitation for this (normalized) e-mail.
        public init(email: String) { self.email = email }
    }

    /// Validity when `expires_in_days` is not given (spec: "Defaults to 7 days").
    public static let defaultExpiresInDays = 7
    /// The accept page when the seed's `environment.invitation_url` names none.
    public static let defaultInvitationURL = "http://localhost:3000/invite"

    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    private var events: EventLog { EventLog(environmentID: self.environmentID, services: self.services) }
    private var users: UserRepository { UserRepository(environmentID: self.environmentID, services: self.services) }
    private var organizations: OrganizationRepository {
        OrganizationRepository(environmentID: self.environmentID, services: self.services)
    }
    private var roles: RoleRepository { RoleRepository(environmentID: self.environmentID, services: self.services) }
    private var memberships: OrganizationMembershipRepository {
        OrganizationMembershipRepository(environmentID: self.environmentID, services: self.services)
    }
    private var outbox: OutboxRepository {
        OutboxRepository(environmentID: self.environmentID, services: self.services)
    }

    // MARK: Reading

    /// The invitation with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> Invitation? {
        try self.assemble(
            "SELECT * FROM invitations WHERE environment_id = ? AND id = ?", [.text(self.environmentID), .text(id)],
            in: connection
        ).first
    }

    /// The invitation with this id, or a 404.
    public func require(id: String, in connection: Connection) throws -> Invitation {
        guard let invitation = try self.fetchOne(id: id, in: connection) else {
            throw APIError.notFound("Invitation", id: id)
        }
        return invitation
    }

    /// The invitation carrying this token, or a 404 (which does not repeat the token).
    public func require(token: String, in connection: Connection) throws -> Invitation {
        guard
            let invitation = try self.assemble(
                "SELECT * FROM invitations WHERE environment_id = ? AND token = ?",
                [.text(self.environmentID), .text(token)], in: connection
            ).first
        else {
            throw APIError(
                status: .notFound,
                body: [
                    "message": "Invitation not found for the given token.",
                    "code": .string(APIErrorCode.entityNotFound.rawValue),
                ]
            )
        }
        return invitation
    }

    /// One page of invitations, optionally only those to one organization and/or one e-mail.
    public func list(
        organizationID: String?, email: String?, pagination: Pagination, in connection: Connection
    )
        throws -> Page<Invitation>
    {
        var clauses = ["environment_id = ?"]
        var arguments: [SQLValue] = [.text(self.environmentID)]
        if let organizationID {
            clauses.append("organization_id = ?")
            arguments.append(.text(organizationID))
        }
        if let email {
            clauses.append("email = ?")
            arguments.append(.text(email))
        }
        let page = try connection.fetchPage(from: "invitations", where: clauses, arguments, pagination: pagination)
        let (url, now) = (try self.invitationURL(in: connection), self.services.clock.now())
        return page.map { Invitation(row: $0, invitationURL: url, now: now) }
    }

    private func assemble(_ sql: String, _ arguments: [SQLValue], in connection: Connection) throws -> [Invitation] {
        let rows = try connection.fetchAll(sql, arguments)
        guard !rows.isEmpty else { return [] }
        let (url, now) = (try self.invitationURL(in: connection), self.services.clock.now())
        return rows.map { Invitation(row: $0, invitationURL: url, now: now) }
    }

    /// The environment's accept page: `environment.invitation_url` of the seed it was created from, else
    /// `http://localhost:3000/invite`.
    func invitationURL(in connection: Connection) throws -> String {
        guard
            let text: String = try connection.fetchScalar(
                "SELECT seed FROM environments WHERE id = ?", [.text(self.environmentID)]
            ),
            let url = (try? JSON.parse(text))?["environment"]?["invitation_url"]?.stringValue, !url.isEmpty
        else { return Self.defaultInvitationURL }
        return url
    }

    // MARK: Writing

    /// `POST /user_management/invitations`. 404 for an unknown organization or inviter; 400 `invalid_role`,
    /// `user_already_organization_member` (active or inactive member), `email_already_invited_to_organization`,
    /// `user_already_exists` (no organization and the user exists) or `email_already_invited`. Inviting an existing
    /// user to an organization also gives them a `pending` membership (catalog-A §6.10). Emits `invitation.created`
    /// and writes the e-mail to the outbox unless `sendsEmail` is false (seed data, which "was sent" before the
    /// environment existed: a new environment starts with an empty outbox).
    public func send(_ creation: Creation, sendsEmail: Bool = true, in connection: Connection) throws -> Invitation {
        try Self.checkDeliverable(creation.email)
        var organizationName: String?
        if let organizationID = creation.organizationID {
            organizationName = try self.organizations.require(id: organizationID, in: connection).name
        }
        if let inviterUserID = creation.inviterUserID {
            _ = try self.users.require(id: inviterUserID, in: connection)
        }
        var roles: [Role]?
        if let roleSlug = creation.roleSlug {
            let role =
                try creation.organizationID.map {
                    try self.roles.fetchApplicable(slug: roleSlug, organizationID: $0, in: connection)
                } ?? self.roles.fetchEnvironmentRole(slug: roleSlug, in: connection)
            guard let role else {
                throw APIError.badRequest(.invalidRole, "Role '\(roleSlug)' is not a valid role.")
            }
            roles = [role]
        }
        let user = try self.users.fetchOne(email: creation.email, in: connection)
        if let organizationID = creation.organizationID {
            if let user,
                let membership = try self.memberships.fetchOne(
                    userID: user.id, organizationID: organizationID, in: connection
                ), membership.status != .pending
            {
                throw APIError.badRequest(
                    .userAlreadyOrganizationMember,
                    "The user with email '\(creation.email)' is already a member of this organization."
                )
            }
            if try self.hasPendingInvitation(email: creation.email, organizationID: organizationID, in: connection) {
                throw APIError.badRequest(
                    .emailAlreadyInvitedToOrganization,
                    "An invitation to this organization is already pending for '\(creation.email)'."
                )
            }
        } else {
            if user != nil {
                throw APIError.badRequest(.userAlreadyExists, "A user with email '\(creation.email)' already exists.")
            }
            if try self.hasPendingInvitation(email: creation.email, organizationID: nil, in: connection) {
                throw APIError.badRequest(
                    .emailAlreadyInvited, "An invitation is already pending for '\(creation.email)'."
                )
            }
        }

        let id = self.services.ids.make(.invitation)
        let now = self.services.clock.now()
        try connection.execute(
            """
            INSERT INTO invitations (id, environment_id, email, organization_id, inviter_user_id, role_slug, locale,
                token, state, expires_in_days, expires_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(self.environmentID), .text(creation.email), SQLValue(creation.organizationID),
                SQLValue(creation.inviterUserID), SQLValue(creation.roleSlug), SQLValue(creation.locale),
                .text(RandomToken.alphanumeric(25)), .text(Invitation.State.pending.rawValue),
                .integer(Int64(creation.expiresInDays)),
                .text(now.adding(seconds: Int64(creation.expiresInDays) * 86_400).iso8601), .text(now.iso8601),
                .text(now.iso8601),
            ]
        )
        let invitation = try self.require(id: id, in: connection)
        try self.events.record(
            .invitationCreated, data: invitation.eventJSON, organizationID: invitation.organizationID, in: connection
        )
        if let user, let organizationID = creation.organizationID,
            try self.memberships.fetchOne(userID: user.id, organizationID: organizationID, in: connection) == nil
        {
            let roles = try roles ?? self.memberships.resolveRoles(nil, organizationID: organizationID, in: connection)
            _ = try self.memberships.insert(
                userID: user.id, organizationID: organizationID, status: .pending, roles: roles, in: connection
            )
        }
        if sendsEmail {
            try self.sendEmail(for: invitation, organizationName: organizationName, in: connection)
        }
        return invitation
    }

    /// `POST …/invitations/{id}/accept`: only a pending, unexpired invitation (else 400 `invite_not_pending`). Finds
    /// or creates the user (`user.created`, e-mail verified: the link proved it), creates or activates the
    /// membership with the invitation's role (`organization_membership.created` / `.updated`), then marks it
    /// accepted (`invitation.accepted`).
    public func accept(id: String, in connection: Connection) throws -> Invitation {
        let invitation = try self.require(id: id, in: connection)
        guard invitation.state == .pending else {
            throw APIError.badRequest(.inviteNotPending, "Invite is not pending.")
        }
        var user = try self.users.fetchOne(email: invitation.email, in: connection)
        if user == nil {
            var creation = UserRepository.Creation(email: invitation.email)
            creation.emailVerified = true
            user = try self.users.create(creation, in: connection)
        }
        guard let user else { throw APIError.internalError }
        if let organizationID = invitation.organizationID {
            let roles = try self.roles(of: invitation, organizationID: organizationID, in: connection)
            if let membership = try self.memberships.fetchOne(
                userID: user.id, organizationID: organizationID, in: connection
            ) {
                if membership.status != .active {
                    _ = try self.memberships.change(membership, status: .active, roles: roles, in: connection)
                }
            } else {
                _ = try self.memberships.insert(
                    userID: user.id, organizationID: organizationID, status: .active, roles: roles, in: connection
                )
            }
        }
        let now = self.services.clock.now().iso8601
        try connection.execute(
            "UPDATE invitations SET state = ?, accepted_at = ?, accepted_user_id = ?, updated_at = ? WHERE id = ?",
            [.text(Invitation.State.accepted.rawValue), .text(now), .text(user.id), .text(now), .text(id)]
        )
        let accepted = try self.require(id: id, in: connection)
        try self.events.record(
            .invitationAccepted, data: accepted.eventJSON, organizationID: accepted.organizationID, in: connection
        )
        return accepted
    }

    /// `POST …/invitations/{id}/revoke`: only a pending, unexpired invitation (else 400 `invite_not_pending`).
    /// Emits `invitation.revoked`; the pending membership it gave an existing user goes too (with its event) unless
    /// another pending invitation still backs it.
    public func revoke(id: String, in connection: Connection) throws -> Invitation {
        let invitation = try self.require(id: id, in: connection)
        guard invitation.state == .pending else {
            throw APIError.badRequest(.inviteNotPending, "Invite is not pending.")
        }
        let now = self.services.clock.now().iso8601
        try connection.execute(
            "UPDATE invitations SET state = ?, revoked_at = ?, updated_at = ? WHERE id = ?",
            [.text(Invitation.State.revoked.rawValue), .text(now), .text(now), .text(id)]
        )
        let revoked = try self.require(id: id, in: connection)
        try self.events.record(
            .invitationRevoked, data: revoked.eventJSON, organizationID: revoked.organizationID, in: connection
        )
        if let organizationID = revoked.organizationID,
            let user = try self.users.fetchOne(email: revoked.email, in: connection),
            let membership = try self.memberships.fetchOne(
                userID: user.id, organizationID: organizationID, in: connection
            ),
            membership.status == .pending,
            try !self.hasPendingInvitation(email: revoked.email, organizationID: organizationID, in: connection)
        {
            try self.memberships.delete(membership, in: connection)
        }
        return revoked
    }

    /// `POST …/invitations/{id}/resend`: a pending invitation gets a new expiry (its period again) and a new
    /// e-mail; expired, revoked and accepted ones are 400 `invite_expired` / `invite_revoked` / `invite_accepted`.
    /// Emits `invitation.resent`.
    public func resend(id: String, locale: String?, in connection: Connection) throws -> Invitation {
        let invitation = try self.require(id: id, in: connection)
        switch invitation.state {
        case .expired: throw APIError.badRequest(.inviteExpired, "Invite has expired.")
        case .revoked: throw APIError.badRequest(.inviteRevoked, "Invite has been revoked.")
        case .accepted: throw APIError.badRequest(.inviteAccepted, "Invite has already been accepted.")
        default: break
        }
        try Self.checkDeliverable(invitation.email)
        let now = self.services.clock.now()
        try connection.execute(
            "UPDATE invitations SET expires_at = ?, locale = COALESCE(?, locale), updated_at = ? WHERE id = ?",
            [
                .text(now.adding(seconds: Int64(invitation.expiresInDays) * 86_400).iso8601), SQLValue(locale),
                .text(now.iso8601), .text(id),
            ]
        )
        let resent = try self.require(id: id, in: connection)
        try self.events.record(
            .invitationResent, data: resent.eventJSON, organizationID: resent.organizationID, in: connection
        )
        let organizationName = try resent.organizationID.map {
            try self.organizations.require(id: $0, in: connection).name
        }
        try self.sendEmail(for: resent, organizationName: organizationName, in: connection)
        return resent
    }

    /// Deletes every invitation to an organization (organization deletion; WorkOS has no invitation deletion event).
    func deleteAll(organizationID: String, in connection: Connection) throws {
        try connection.execute(
            "DELETE FROM invitations WHERE environment_id = ? AND organization_id = ?",
            [.text(self.environmentID), .text(organizationID)]
        )
    }

    /// The roles an accepted invitation grants: its `role_slug` (400 `invalid_invite` when that role is gone), else
    /// the environment's default role.
    private func roles(of invitation: Invitation, organizationID: String, in connection: Connection) throws -> [Role] {
        guard let slug = invitation.roleSlug else {
            return try self.memberships.resolveRoles(nil, organizationID: organizationID, in: connection)
        }
        guard let role = try self.roles.fetchApplicable(slug: slug, organizationID: organizationID, in: connection)
        else {
            throw APIError.badRequest(.invalidInvite, "The invitation's role '\(slug)' no longer exists.")
        }
        return [role]
    }

    /// 400 `email_domain_not_deliverable` for an address under `.invalid`, the top-level domain RFC 2606 §2 reserves
    /// for names that can never resolve: the emulator's way to trigger that documented error.
    private static func checkDeliverable(_ email: String) throws {
        guard email.hasSuffix(".invalid") else { return }
        throw APIError.badRequest(.emailDomainNotDeliverable, "The domain of '\(email)' cannot receive e-mail.")
    }

    private func hasPendingInvitation(
        email: String, organizationID: String?, in connection: Connection
    ) throws
        -> Bool
    {
        let organizationClause = organizationID == nil ? "organization_id IS NULL" : "organization_id = ?"
        let arguments: [SQLValue] =
            [.text(self.environmentID), .text(email), .text(Invitation.State.pending.rawValue)]
            + (organizationID.map { [.text($0)] } ?? []) + [.text(self.services.clock.now().iso8601)]
        return try connection.fetchOne(
            """
            SELECT 1 FROM invitations WHERE environment_id = ? AND email = ? AND state = ? AND \(organizationClause)
                AND expires_at > ? LIMIT 1
            """,
            arguments
        ) != nil
    }

    /// The e-mail the real service sends, as the outbox records it: the token and the accept link.
    private func sendEmail(for invitation: Invitation, organizationName: String?, in connection: Connection) throws {
        let subject = organizationName.map { "You have been invited to join \($0)" } ?? "You have been invited"
        try self.outbox.record(
            to: invitation.email, type: OutboxEmail.Kind.invitation, subject: subject, code: nil,
            token: invitation.token, url: invitation.acceptInvitationURL, in: connection
        )
    }
}

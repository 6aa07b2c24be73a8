// workos-emulator — `grant_type=refresh_token` of POST /user_management/authenticate
// (https://workos.com/docs/reference/authkit/authentication/refresh-token; catalog-A §6.3).
// Licensed MIT.

import JSONCodec
import SQLite

/// The refresh_token grant: refresh tokens are single use and always rotate; the session (`sid`) stays the same.
/// `organization_id` switches the session's organization; without it the session's most recent organization is kept
/// (WorkOS changelog "Token refresh remembers most recent organization").
public struct RefreshGrant {
    /// A redeemed refresh token: everything the response needs, its access token not signed yet.
    public struct Redeemed: Sendable {
        /// The session's user.
        public var user: User
        /// The session, switched to `organizationID`.
        public var session: Session
        /// The organization the new tokens are scoped to.
        public var organizationID: String?
        /// The new access token's claims and key.
        public var accessToken: AccessToken.Unsigned
        /// The new refresh token.
        public var refreshToken: String

        /// The AuthenticateResponse body; signs the access token. Call it after the write transaction, so that RSA
        /// signing does not hold the store's writer.
        public func response() throws -> JSON {
            SignIn.response(
                user: self.user, session: self.session, organizationID: self.organizationID,
                accessToken: try self.accessToken.signed(), refreshToken: self.refreshToken, oauthTokens: nil
            )
        }
    }

    /// Redeems `token`: 400 `{"error":"invalid_grant"}` for an unknown or used token and for a revoked or expired
    /// session; 400 `organization_not_found` / `organization_membership_not_found` when the organization does not
    /// exist or the user has no active membership in it. Emits no event (no new session, no sign-in).
    public static func redeem(
        token: String,
        organizationID: String?,
        ipAddress: String?,
        userAgent: String?,
        environment: Environment,
        services: Services,
        in connection: Connection
    ) throws -> Redeemed {
        let sessions = SessionRepository(environmentID: environment.id, services: services)
        guard let stored = try sessions.fetchRefreshToken(token, in: connection) else {
            throw APIError.oauth(.invalidGrant, "The refresh token is invalid.")
        }
        guard stored.usedAt == nil else {
            throw APIError.oauth(.invalidGrant, "The refresh token has already been used.")
        }
        guard var session = try sessions.fetchOne(id: stored.sessionID, in: connection) else {
            throw APIError.oauth(.invalidGrant, "The refresh token is invalid.")
        }
        switch session.status {
        case .active: break
        case .expired: throw APIError.oauth(.invalidGrant, "The session has expired.")
        default: throw APIError.oauth(.invalidGrant, "The session has been revoked.")
        }
        let user = try UserRepository(environmentID: environment.id, services: services)
            .require(id: session.userID, in: connection)
        let organization = organizationID ?? session.organizationID
        if let organization {
            try self.requireMembership(
                userID: user.id, organizationID: organization, environment: environment, services: services,
                in: connection
            )
        }
        guard try sessions.markUsed(token, in: connection) else {
            throw APIError.oauth(.invalidGrant, "The refresh token has already been used.")
        }
        session = try sessions.switchOrganization(of: session, to: organization, in: connection)
        let accessToken = try AccessToken.prepare(
            session: session, organizationID: organization, environment: environment, services: services,
            in: connection
        )
        let refreshToken = try sessions.issueRefreshToken(
            sessionID: session.id, organizationID: organization, in: connection
        )
        return Redeemed(
            user: user, session: session, organizationID: organization, accessToken: accessToken,
            refreshToken: refreshToken
        )
    }

    /// 400 `organization_not_found` for an organization the environment does not have, 400
    /// `organization_membership_not_found` when the user is not an active member of it.
    private static func requireMembership(
        userID: String,
        organizationID: String,
        environment: Environment,
        services: Services,
        in connection: Connection
    ) throws {
        let organizations = OrganizationRepository(environmentID: environment.id, services: services)
        guard try organizations.fetchOne(id: organizationID, in: connection) != nil else {
            throw APIError.oauth(.organizationNotFound, "Organization not found: '\(organizationID)'.")
        }
        let memberships = OrganizationMembershipRepository(environmentID: environment.id, services: services)
        guard let membership = try memberships.fetchOne(userID: userID, organizationID: organizationID, in: connection),
            membership.status == .active
        else {
            throw APIError.oauth(
                .organizationMembershipNotFound,
                "The user '\(userID)' is not a member of the organization '\(organizationID)'."
            )
        }
    }
}

// workos-emulator — SQL for Admin Portal links (catalog-A §7).
// Licensed MIT.

import JSONCodec
import SQLite
import TokenSigning

/// Stores Admin Portal links. Lookups by token are not environment-scoped: the page is public and the token itself
/// names the link (and so its environment), as with the AuthKit page.
public struct PortalLinkRepository: Sendable {
    /// What a new link is for, already validated.
    public struct Creation: Sendable {
        /// The organization (must exist in the environment).
        public var organizationID: String
        /// What the admin comes to do; nil lets the admin pick.
        public var intent: PortalLink.Intent?
        /// The page's "back" link.
        public var returnURL: String?
        /// Where the page redirects once done.
        public var successURL: String?
        /// IT contacts (≤ 20 e-mail addresses).
        public var itContactEmails: [String] = []
        /// The app's id of the admin (for revocation).
        public var externalUserID: String?
        /// A link for `organizationID`.
        public init(organizationID: String) { self.organizationID = organizationID }
    }

    /// Id and time source.
    public let services: Services

    /// A repository over every environment's links.
    public init(services: Services) {
        self.services = services
    }

    /// Stores a new link of `environmentID`; returns it and its token (32 random alphanumerics). 404 for an
    /// organization the environment does not have.
    public func create(
        _ creation: Creation, environmentID: String, in connection: Connection
    ) throws
        -> (PortalLink, String)
    {
        _ = try OrganizationRepository(environmentID: environmentID, services: self.services)
            .require(id: creation.organizationID, in: connection)
        let token = RandomToken.alphanumeric(32)
        let id = self.services.ids.make(.portalLink)
        let now = self.services.clock.now()
        try connection.execute(
            """
            INSERT INTO portal_links (id, environment_id, organization_id, token_hash, intent, return_url, success_url,
                it_contact_emails, external_user_id, expires_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(id), .text(environmentID), .text(creation.organizationID), .text(TokenDigest.sha256Hex(token)),
                SQLValue(creation.intent?.rawValue), SQLValue(creation.returnURL), SQLValue(creation.successURL),
                .text(creation.itContactEmails.json.serializedString), SQLValue(creation.externalUserID),
                .text(now.adding(seconds: PortalLink.lifetimeSeconds).iso8601), .text(now.iso8601),
            ]
        )
        return (try self.require(id: id, in: connection), token)
    }

    /// The link whose token this is, or nil.
    public func fetchOne(token: String, in connection: Connection) throws -> PortalLink? {
        try connection.fetchOne(
            "SELECT * FROM portal_links WHERE token_hash = ?", [.text(TokenDigest.sha256Hex(token))]
        ).map(PortalLink.init(row:))
    }

    /// Starts the link's portal session the first time it is opened (a usable link only); answers the link as it
    /// is now.
    public func open(_ link: PortalLink, in connection: Connection) throws -> PortalLink {
        let now = self.services.clock.now()
        try connection.execute(
            """
            UPDATE portal_links SET opened_at = ?, session_expires_at = ?
            WHERE id = ? AND opened_at IS NULL AND completed_at IS NULL AND revoked_at IS NULL AND expires_at > ?
            """,
            [
                .text(now.iso8601), .text(now.adding(seconds: PortalLink.sessionLifetimeSeconds).iso8601),
                .text(link.id), .text(now.iso8601),
            ]
        )
        return try self.require(id: link.id, in: connection)
    }

    /// Uses the link up; false when it was used or revoked meanwhile (two submissions cannot both succeed).
    public func complete(_ link: PortalLink, in connection: Connection) throws -> Bool {
        try connection.run(
            "UPDATE portal_links SET completed_at = ? WHERE id = ? AND completed_at IS NULL AND revoked_at IS NULL",
            [.text(self.services.clock.now().iso8601), .text(link.id)]
        ) == 1
    }

    /// `POST /portal/revoke_link`: revokes every link of the organization generated with `externalUserID` that is
    /// not revoked yet (used and expired ones included: their sessions end too); answers how many. 404 for an
    /// organization the environment does not have.
    public func revoke(
        organizationID: String, externalUserID: String, environmentID: String, in connection: Connection
    ) throws -> Int {
        _ = try OrganizationRepository(environmentID: environmentID, services: self.services)
            .require(id: organizationID, in: connection)
        return try connection.run(
            """
            UPDATE portal_links SET revoked_at = ?
            WHERE environment_id = ? AND organization_id = ? AND external_user_id = ? AND revoked_at IS NULL
            """,
            [
                .text(self.services.clock.now().iso8601), .text(environmentID), .text(organizationID),
                .text(externalUserID),
            ]
        )
    }

    private func require(id: String, in connection: Connection) throws -> PortalLink {
        guard let row = try connection.fetchOne("SELECT * FROM portal_links WHERE id = ?", [.text(id)]) else {
            throw APIError.internalError
        }
        return PortalLink(row: row)
    }
}

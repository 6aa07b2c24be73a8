// workos-emulator — SQL for an environment's allowed redirect URIs: the REST objects of
// /user_management/redirect_uris (spec RedirectUrisController_*), the seed's `environment.redirect_uris`,
// POST /_emulator/redirect_uris, and the allow-list the authorize endpoints read.
// Licensed MIT.

import SQLite

/// Reads and writes the redirect URIs of one environment.
///
/// No mutation here records an event: the event catalog (catalog-A §2, the SDK's event list) names no
/// `redirect_uri.*` event.
public struct RedirectURIRepository: Sendable {
    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    /// Every registered URI, oldest first: the allow-list of `Authorize.isAllowed`.
    public func fetchAllURIs(in connection: Connection) throws -> [String] {
        try connection.fetchAll(
            "SELECT uri FROM redirect_uris WHERE environment_id = ? ORDER BY created_at, id",
            [.text(self.environmentID)]
        ).map { $0["uri"] }
    }

    /// The redirect URI with this id in this environment, or nil (another environment's ids included).
    public func fetchOne(id: String, in connection: Connection) throws -> RedirectURI? {
        try connection.fetchOne(
            "SELECT * FROM redirect_uris WHERE environment_id = ? AND id = ?", [.text(self.environmentID), .text(id)]
        ).map(RedirectURI.init(row:))
    }

    /// The row registering exactly this URI, or nil.
    public func fetchOne(uri: String, in connection: Connection) throws -> RedirectURI? {
        try connection.fetchOne(
            "SELECT * FROM redirect_uris WHERE environment_id = ? AND uri = ?", [.text(self.environmentID), .text(uri)]
        ).map(RedirectURI.init(row:))
    }

    /// One page of redirect URIs.
    public func list(pagination: Pagination, in connection: Connection) throws -> Page<RedirectURI> {
        try connection.fetchPage(
            from: "redirect_uris", where: ["environment_id = ?"], [.text(self.environmentID)], pagination: pagination
        ).map(RedirectURI.init(row:))
    }

    /// Registers `uri` unless it is already registered (the seed and the control API are idempotent) and returns
    /// its row. The environment's first URI becomes its default.
    @discardableResult
    public func add(_ uri: String, in connection: Connection) throws -> RedirectURI {
        if let existing = try self.fetchOne(uri: uri, in: connection) { return existing }
        let id = self.services.ids.make(.redirectURI)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO redirect_uris (id, environment_id, uri, is_default, created_at, updated_at)
            VALUES (?, ?, ?, NOT EXISTS (SELECT 1 FROM redirect_uris WHERE environment_id = ? AND is_default = 1), ?, ?)
            """,
            [.text(id), .text(self.environmentID), .text(uri), .text(self.environmentID), .text(now), .text(now)]
        )
        guard let created = try self.fetchOne(id: id, in: connection) else { throw APIError.internalError }
        return created
    }

    /// `POST /user_management/redirect_uris`: registers a new URI; one already registered is the spec's 422
    /// ("Redirect URI '…' already exists.").
    public func create(_ uri: String, in connection: Connection) throws -> RedirectURI {
        if try self.fetchOne(uri: uri, in: connection) != nil { throw APIError.redirectURIAlreadyExists(uri) }
        return try self.add(uri, in: connection)
    }

    /// Removes one URI: 404 when the environment has no such id, 409 for the default (spec
    /// RedirectUrisController_delete: "Cannot delete the default redirect URI.").
    public func delete(id: String, in connection: Connection) throws {
        guard let redirectURI = try self.fetchOne(id: id, in: connection) else {
            throw APIError.notFound("Redirect URI", id: id)
        }
        if redirectURI.isDefault { throw APIError.conflict("Cannot delete the default redirect URI.") }
        try connection.execute(
            "DELETE FROM redirect_uris WHERE environment_id = ? AND id = ?", [.text(self.environmentID), .text(id)]
        )
    }
}

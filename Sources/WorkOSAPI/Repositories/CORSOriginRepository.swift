// workos-emulator — SQL for an environment's allowed CORS origins (spec CorsOriginsController_*).
// Licensed MIT.

import SQLite

/// Reads and writes the CORS origins of one environment.
///
/// No mutation here records an event: the event catalog (catalog-A §2, the SDK's event list) names no
/// `cors_origin.*` event.
public struct CORSOriginRepository: Sendable {
    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    /// The origin with this id in this environment, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> CORSOrigin? {
        try connection.fetchOne(
            "SELECT * FROM cors_origins WHERE environment_id = ? AND id = ?", [.text(self.environmentID), .text(id)]
        ).map(CORSOrigin.init(row:))
    }

    /// True when this environment allows `origin` (already normalized by `CORSPolicy.normalizedOrigin`).
    public func contains(_ origin: String, in connection: Connection) throws -> Bool {
        let found: Int64? = try connection.fetchScalar(
            "SELECT 1 FROM cors_origins WHERE environment_id = ? AND origin = ?",
            [.text(self.environmentID), .text(origin)]
        )
        return found != nil
    }

    /// True when any environment allows `origin`: a preflight carries no client id to pick one by.
    public static func isAllowedAnywhere(_ origin: String, in connection: Connection) throws -> Bool {
        let found: Int64? = try connection.fetchScalar(
            "SELECT 1 FROM cors_origins WHERE origin = ? LIMIT 1", [.text(origin)]
        )
        return found != nil
    }

    /// One page of origins.
    public func list(pagination: Pagination, in connection: Connection) throws -> Page<CORSOrigin> {
        try connection.fetchPage(
            from: "cors_origins", where: ["environment_id = ?"], [.text(self.environmentID)], pagination: pagination
        ).map(CORSOrigin.init(row:))
    }

    /// Adds `origin`; 409 `duplicate_cors_origin` when the environment has it (spec CorsOriginsController_create).
    public func create(_ origin: String, in connection: Connection) throws -> CORSOrigin {
        if try self.contains(origin, in: connection) { throw APIError.duplicateCORSOrigin }
        let id = self.services.ids.make(.corsOrigin)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            "INSERT INTO cors_origins (id, environment_id, origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            [.text(id), .text(self.environmentID), .text(origin), .text(now), .text(now)]
        )
        guard let created = try self.fetchOne(id: id, in: connection) else { throw APIError.internalError }
        return created
    }
}

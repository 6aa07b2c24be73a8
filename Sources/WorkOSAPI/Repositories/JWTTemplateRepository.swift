// workos-emulator — SQL for an environment's JWT template (spec JwtTemplatesController_*).
// Licensed MIT.

import SQLite

/// Reads and replaces the JWT template of one environment.
///
/// No write here records an event: the event catalog (catalog-A §2, the SDK's event list) names no
/// `jwt_template.*` event.
public struct JWTTemplateRepository: Sendable {
    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    /// The environment's template, or nil when none was ever set.
    public func fetchOne(in connection: Connection) throws -> JWTTemplate? {
        try connection.fetchOne(
            "SELECT * FROM jwt_templates WHERE environment_id = ?", [.text(self.environmentID)]
        ).map(JWTTemplate.init(row:))
    }

    /// Sets the template's content (keeping `created_at` of an existing one) and returns it.
    public func save(content: String, in connection: Connection) throws -> JWTTemplate {
        let now = self.services.clock.now().iso8601
        try connection.execute(
            """
            INSERT INTO jwt_templates (environment_id, content, created_at, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(environment_id) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at
            """,
            [.text(self.environmentID), .text(content), .text(now), .text(now)]
        )
        guard let template = try self.fetchOne(in: connection) else { throw APIError.internalError }
        return template
    }
}

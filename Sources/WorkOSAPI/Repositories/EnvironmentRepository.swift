// workos-emulator — environments: created from a seed, reset to it (emulator.md "Environments and credentials").
// Licensed MIT.

import JSONCodec
import SQLite

/// Creates, finds and resets environments.
public struct EnvironmentRepository: Sendable {
    /// Id and time source.
    public let services: Services

    /// A repository over all environments.
    public init(services: Services) {
        self.services = services
    }

    /// The environment with this id, or nil.
    public func fetchOne(id: String, in connection: Connection) throws -> Environment? {
        try connection.fetchOne("SELECT * FROM environments WHERE id = ?", [.text(id)]).map(Environment.init(row:))
    }

    /// The default environment (the one the command line's key belongs to), or nil in a new database.
    public func fetchDefault(in connection: Connection) throws -> Environment? {
        try connection.fetchOne("SELECT * FROM environments WHERE is_default = 1 LIMIT 1").map(Environment.init(row:))
    }

    /// The redirect URIs registered for an environment, oldest first.
    public func redirectURIs(of environmentID: String, in connection: Connection) throws -> [String] {
        try RedirectURIRepository(environmentID: environmentID, services: self.services).fetchAllURIs(in: connection)
    }

    /// Creates an environment from a seed with the given key and client id, then applies the seed's data.
    public func create(
        seed: Seed,
        apiKey: String,
        clientID: String,
        isDefault: Bool,
        in connection: Connection
    ) throws -> Environment {
        let id = self.services.ids.make(.environment)
        let now = self.services.clock.now().iso8601
        try connection.execute(
            "INSERT INTO environments (id, name, client_id, is_default, seed, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(id), .text(seed.name), .text(clientID), SQLValue(isDefault), .text(seed.document.serializedString),
             .text(now)]
        )
        try connection.execute(
            "INSERT INTO api_keys (key_digest, environment_id, created_at) VALUES (?, ?, ?)",
            [.text(KeyRing.digest(apiKey)), .text(id), .text(now)]
        )
        let redirectURIs = RedirectURIRepository(environmentID: id, services: self.services)
        for uri in seed.redirectURIs {
            try redirectURIs.add(uri, in: connection)
        }
        try self.applyData(of: seed, to: id, in: connection)
        guard let environment = try self.fetchOne(id: id, in: connection) else {
            throw APIError.internalError
        }
        return environment
    }

    /// Makes sure the default environment answers to `apiKey` and has `clientID` (the command line overrides the
    /// seed on every start).
    public func adopt(apiKey: String?, clientID: String?, for environment: Environment, in connection: Connection)
        throws
    {
        if let apiKey {
            try connection.execute(
                """
                INSERT INTO api_keys (key_digest, environment_id, created_at) VALUES (?, ?, ?)
                ON CONFLICT(key_digest) DO UPDATE SET environment_id = excluded.environment_id
                """,
                [.text(KeyRing.digest(apiKey)), .text(environment.id), .text(self.services.clock.now().iso8601)]
            )
        }
        if let clientID, clientID != environment.clientID {
            try connection.execute(
                "UPDATE environments SET client_id = ? WHERE id = ?", [.text(clientID), .text(environment.id)]
            )
        }
    }

    /// Puts an environment back in its seeded state: every WorkOS object and event is removed and the seed's data is
    /// applied again; keys, client id and redirect URIs stay.
    public func reset(_ environment: Environment, in connection: Connection) throws {
        // Foreign keys are checked at COMMIT (https://sqlite.org/pragma.html#pragma_defer_foreign_keys), so the
        // tables can be emptied in any order.
        try connection.execute("PRAGMA defer_foreign_keys = ON")
        for table in try Self.dataTables(in: connection) {
            try connection.execute("DELETE FROM \(table) WHERE environment_id = ?", [.text(environment.id)])
        }
        guard
            let text: String = try connection.fetchScalar(
                "SELECT seed FROM environments WHERE id = ?", [.text(environment.id)]
            )
        else { return }
        let seed = try Seed(json: try JSON.parse(text))
        try self.applyData(of: seed, to: environment.id, in: connection)
    }

    /// Environment-scoped tables a reset keeps: the credentials, the signing keys (tokens issued before a reset
    /// stay verifiable) and the User Management settings (redirect URIs, CORS origins, JWT template), which are
    /// configuration of the environment as its client id is, not WorkOS objects.
    static let keptTables: Set<String> = [
        "environments", "api_keys", "redirect_uris", "signing_keys", "cors_origins", "jwt_templates",
    ]

    /// Tables that hold an environment's own data and are emptied by a reset: every table with an
    /// `environment_id` column except the environment's credentials and signing keys (tokens issued before a reset
    /// keep verifying). New migrations need no change here.
    static func dataTables(in connection: Connection) throws -> [String] {
        return try connection.fetchAll(
            """
            SELECT m.name AS name FROM sqlite_master AS m
            WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'environment_id')
            ORDER BY m.name
            """
        ).map { $0["name"] as String }.filter { !Self.keptTables.contains($0) }
    }

    /// Applies each area's part of a seed, in order. An area that seeds data adds its applier here; each reports
    /// problems as `Seed.Error` naming the entry (`users[2]: …`).
    static let seedAppliers: [@Sendable (Seed, String, Services, Connection) throws -> Void] = [
        Organizations.applySeed,
        Users.applySeed,
        Permissions.applySeed,
        Roles.applySeed,
        OrganizationMemberships.applySeed,
        Invitations.applySeed,
        Connections.applySeed,
        DirectorySync.applySeed,
        SigningKeyRepository.applySeed,
    ]

    private func applyData(of seed: Seed, to environmentID: String, in connection: Connection) throws {
        for apply in Self.seedAppliers {
            try apply(seed, environmentID, self.services, connection)
        }
    }

    /// A seed error naming the entry and the API error it caused.
    static func seedError(_ section: String, _ index: Int, _ error: APIError) -> Seed.Error {
        let details = [error.message] + error.fieldErrors.map(\.message)
        return Seed.Error(description: "\(section)[\(index)]: " + details.joined(separator: " "))
    }
}

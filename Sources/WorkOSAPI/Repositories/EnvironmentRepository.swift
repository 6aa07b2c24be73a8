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

    /// The redirect URIs registered for an environment.
    public func redirectURIs(of environmentID: String, in connection: Connection) throws -> [String] {
        try connection.fetchAll(
            "SELECT uri FROM redirect_uris WHERE environment_id = ? ORDER BY created_at, uri", [.text(environmentID)]
        ).map { $0["uri"] }
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
            "INSERT INTO api_keys (key, environment_id, created_at) VALUES (?, ?, ?)",
            [.text(apiKey), .text(id), .text(now)]
        )
        for uri in seed.redirectURIs {
            try connection.execute(
                "INSERT OR IGNORE INTO redirect_uris (environment_id, uri, created_at) VALUES (?, ?, ?)",
                [.text(id), .text(uri), .text(now)]
            )
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
                "INSERT INTO api_keys (key, environment_id, created_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET environment_id = excluded.environment_id",
                [.text(apiKey), .text(environment.id), .text(self.services.clock.now().iso8601)]
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
        for table in Self.dataTables {
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

    /// Tables of per-environment WorkOS data, children before parents. Later migrations add theirs here.
    static let dataTables = ["organization_domains", "organizations", "events", "idempotency_keys"]

    /// Creates the seed's organizations through the same validation and repository as `POST /organizations`.
    private func applyData(of seed: Seed, to environmentID: String, in connection: Connection) throws {
        let organizations = OrganizationRepository(environmentID: environmentID, services: self.services)
        for (index, object) in seed.organizations.enumerated() {
            do {
                var body = BodyReader(object: object)
                let creation = try Organizations.creation(from: &body)
                _ = try organizations.create(creation, in: connection)
            } catch let error as APIError {
                throw Seed.Error(description: "organizations[\(index)]: \(Self.describe(error))")
            }
        }
    }

    private static func describe(_ error: APIError) -> String {
        ([error.message] + error.fieldErrors.map(\.message)).joined(separator: " ")
    }
}

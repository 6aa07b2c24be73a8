// workos-emulator — SQL for FGA v1 (catalog-B §6): the schema, resources, warrants and warrant tokens.
// Licensed MIT.

import JSONCodec
import SQLite
import TokenSigning

/// Reads and writes the FGA v1 data of one environment.
///
/// Events: catalog-B names no FGA event (neither §6 nor the events sections list one), so FGA writes record none.
/// Every write bumps the environment's counter in `fga_write_counters`, from which warrant tokens are minted
/// (catalog-B §6.6 "mint a new monotonically increasing opaque token per write").
public struct FGARepository: Sendable {
    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    private var now: String { self.services.clock.now().iso8601 }

    /// A graph over `connection` for the checker and the query engine.
    func graph(_ connection: Connection) -> FGAStoreGraph {
        FGAStoreGraph(environmentID: self.environmentID, connection: connection)
    }

    // MARK: Warrant tokens (catalog-B §6.6)

    /// Bumps the write counter and returns the new token.
    @discardableResult
    func bumpToken(in connection: Connection) throws -> String {
        try connection.execute(
            """
            INSERT INTO fga_write_counters (environment_id, version) VALUES (?, 1)
            ON CONFLICT (environment_id) DO UPDATE SET version = version + 1
            """,
            [.text(self.environmentID)]
        )
        return try self.currentToken(in: connection)
    }

    /// The token of the latest write: base64url of `<version>|<milliseconds>`, the shape of the docs' example
    /// `MjM0fDM0MzQyM3wyMTM0MzM0MzY0NQ==` ("234|343423|21343343645").
    func currentToken(in connection: Connection) throws -> String {
        let version: Int64 =
            try connection.fetchScalar(
                "SELECT version FROM fga_write_counters WHERE environment_id = ?", [.text(self.environmentID)]
            ) ?? 0
        return Base64URL.encode("\(version)|\(self.services.clock.now().milliseconds)")
    }

    // MARK: Resource types and policies

    /// The resource type of this name, or nil.
    func fetchType(_ type: String, in connection: Connection) throws -> FGAResourceType? {
        try connection.fetchOne(
            "SELECT * FROM fga_resource_types WHERE environment_id = ? AND type = ?",
            [.text(self.environmentID), .text(type)]
        ).map(FGAResourceType.init(row:))
    }

    /// The resource type of this name, or a 404 `{type:"resource_type", key}`.
    func requireType(_ type: String, in connection: Connection) throws -> FGAResourceType {
        guard let found = try self.fetchType(type, in: connection) else {
            throw APIError.fgaNotFound("resource_type", key: type)
        }
        return found
    }

    /// One page of resource types.
    func listTypes(pagination: Pagination, in connection: Connection) throws -> Page<FGAResourceType> {
        try connection.fetchPage(
            from: "fga_resource_types", where: ["environment_id = ?"], [.text(self.environmentID)],
            pagination: pagination
        ).map(FGAResourceType.init(row:))
    }

    /// Every resource type, oldest first.
    func allTypes(in connection: Connection) throws -> [FGAResourceType] {
        try connection.fetchAll(
            "SELECT * FROM fga_resource_types WHERE environment_id = ? ORDER BY id", [.text(self.environmentID)]
        ).map(FGAResourceType.init(row:))
    }

    /// Inserts a type; 409 when it exists.
    func createType(_ type: FGAResourceType, in connection: Connection) throws -> FGAResourceType {
        if try self.fetchType(type.type, in: connection) != nil {
            throw APIError.fgaDuplicate("resource_type", key: type.type)
        }
        try connection.execute(
            "INSERT INTO fga_resource_types (id, environment_id, type, relations, created_at) VALUES (?, ?, ?, ?, ?)",
            [
                .text(self.services.ids.make(.fgaResourceType)), .text(self.environmentID), .text(type.type),
                .text(type.relationsJSON.serializedString), .text(self.now),
            ]
        )
        try self.bumpToken(in: connection)
        return try self.requireType(type.type, in: connection)
    }

    /// Replaces the relations of an existing type; 404 when it does not exist.
    func updateType(_ type: FGAResourceType, in connection: Connection) throws -> FGAResourceType {
        _ = try self.requireType(type.type, in: connection)
        try connection.execute(
            "UPDATE fga_resource_types SET relations = ? WHERE environment_id = ? AND type = ?",
            [.text(type.relationsJSON.serializedString), .text(self.environmentID), .text(type.type)]
        )
        try self.bumpToken(in: connection)
        return try self.requireType(type.type, in: connection)
    }

    /// Deletes a type with its resources and every warrant on or from them; 404 when it does not exist.
    func deleteType(_ type: String, in connection: Connection) throws {
        _ = try self.requireType(type, in: connection)
        try self.removeType(type, in: connection)
        try self.bumpToken(in: connection)
    }

    private func removeType(_ type: String, in connection: Connection) throws {
        let scope: [SQLValue] = [.text(self.environmentID), .text(type)]
        try connection.execute("DELETE FROM fga_resource_types WHERE environment_id = ? AND type = ?", scope)
        try connection.execute("DELETE FROM fga_resources WHERE environment_id = ? AND resource_type = ?", scope)
        try connection.execute(
            "DELETE FROM fga_warrants WHERE environment_id = ? AND (resource_type = ? OR subject_type = ?)",
            scope + [.text(type)]
        )
    }

    /// Makes the schema exactly `types` ("apply": omitted types are deleted, catalog-B §6.1); existing types keep
    /// their creation time. Returns the types in the order given.
    func applyTypes(_ types: [FGAResourceType], in connection: Connection) throws -> [FGAResourceType] {
        let wanted = Set(types.map(\.type))
        for existing in try self.allTypes(in: connection) where !wanted.contains(existing.type) {
            try self.removeType(existing.type, in: connection)
        }
        for type in types {
            if try self.fetchType(type.type, in: connection) != nil {
                try connection.execute(
                    "UPDATE fga_resource_types SET relations = ? WHERE environment_id = ? AND type = ?",
                    [.text(type.relationsJSON.serializedString), .text(self.environmentID), .text(type.type)]
                )
            } else {
                try connection.execute(
                    """
                    INSERT INTO fga_resource_types (id, environment_id, type, relations, created_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                    [
                        .text(self.services.ids.make(.fgaResourceType)), .text(self.environmentID), .text(type.type),
                        .text(type.relationsJSON.serializedString), .text(self.now),
                    ]
                )
            }
        }
        try self.bumpToken(in: connection)
        return try types.map { try self.requireType($0.type, in: connection) }
    }

    /// The stored policies, oldest first.
    static func policies(environmentID: String, in connection: Connection) throws -> [FGAPolicy] {
        try connection.fetchAll(
            "SELECT name, definition FROM fga_policies WHERE environment_id = ? ORDER BY id", [.text(environmentID)]
        ).compactMap { row in
            let name: String = row["name"]
            let definition: String = row["definition"]
            return try? FGAPolicy.parse(name: name, JSON.parse(definition), parameter: "policies")
        }
    }

    /// The whole schema.
    func schema(in connection: Connection) throws -> FGASchema {
        FGASchema(
            resourceTypes: try self.allTypes(in: connection),
            policies: try Self.policies(environmentID: self.environmentID, in: connection)
        )
    }

    /// Replaces the whole schema: types as `applyTypes`, and the policies.
    func replaceSchema(_ schema: FGASchema, in connection: Connection) throws -> FGASchema {
        _ = try self.applyTypes(schema.resourceTypes, in: connection)
        try connection.execute("DELETE FROM fga_policies WHERE environment_id = ?", [.text(self.environmentID)])
        for policy in schema.policies {
            try connection.execute(
                "INSERT INTO fga_policies (id, environment_id, name, definition, created_at) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(self.services.ids.make(.fgaPolicy)), .text(self.environmentID), .text(policy.name),
                    .text(JSON.object(policy.definition).serializedString), .text(self.now),
                ]
            )
        }
        var stored = try self.schema(in: connection)
        stored.version = schema.version
        return stored
    }

    // MARK: Resources

    /// The resource `type:id`, or nil.
    func fetchResource(_ type: String, _ id: String, in connection: Connection) throws -> FGAResource? {
        try self.graph(connection).resource(type, id)
    }

    /// The resource `type:id`, or a 404 `{type:"resource", key:"type:id"}`.
    func requireResource(_ type: String, _ id: String, in connection: Connection) throws -> FGAResource {
        guard let resource = try self.fetchResource(type, id, in: connection) else {
            throw APIError.fgaNotFound("resource", key: "\(type):\(id)")
        }
        return resource
    }

    /// One page of resources, optionally of one type and matching `search` in the id or meta (catalog-B §6.2).
    func listResources(
        type: String?, search: String?, pagination: Pagination, in connection: Connection
    ) throws -> Page<FGAResource> {
        var filters = ["environment_id = ?"]
        var arguments: [SQLValue] = [.text(self.environmentID)]
        if let type {
            filters.append("resource_type = ?")
            arguments.append(.text(type))
        }
        if let search {
            filters.append(
                "(instr(lower(resource_id), lower(?)) > 0 OR instr(lower(COALESCE(meta, '')), lower(?)) > 0)"
            )
            arguments += [.text(search), .text(search)]
        }
        return try connection.fetchPage(
            from: "fga_resources", where: filters, arguments, pagination: pagination
        ).map(FGAResource.init(row:))
    }

    /// Inserts a resource (the type must exist; 409 when the resource does); an empty id is generated.
    func createResource(
        _ type: String, _ id: String?, meta: JSONObject?, in connection: Connection
    ) throws -> FGAResource {
        _ = try self.requireType(type, in: connection)
        let resourceID = id ?? self.services.ids.makeULID().lowercased()
        if try self.fetchResource(type, resourceID, in: connection) != nil {
            throw APIError.fgaDuplicate("resource", key: "\(type):\(resourceID)")
        }
        try self.insertResource(type, resourceID, meta: meta, in: connection)
        try self.bumpToken(in: connection)
        return try self.requireResource(type, resourceID, in: connection)
    }

    private func insertResource(_ type: String, _ id: String, meta: JSONObject?, in connection: Connection) throws {
        try connection.execute(
            """
            INSERT INTO fga_resources (id, environment_id, resource_type, resource_id, meta, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [
                .text(self.services.ids.make(.fgaResource)), .text(self.environmentID), .text(type), .text(id),
                SQLValue(meta.map { JSON.object($0).serializedString }), .text(self.now),
            ]
        )
    }

    /// Replaces a resource's meta (catalog-B §6.2 "replaces meta"); 404 when it does not exist.
    func updateResource(
        _ type: String, _ id: String, meta: JSONObject?, in connection: Connection
    ) throws -> FGAResource {
        _ = try self.requireResource(type, id, in: connection)
        try connection.execute(
            "UPDATE fga_resources SET meta = ? WHERE environment_id = ? AND resource_type = ? AND resource_id = ?",
            [SQLValue(meta.map { JSON.object($0).serializedString }), .text(self.environmentID), .text(type), .text(id)]
        )
        try self.bumpToken(in: connection)
        return try self.requireResource(type, id, in: connection)
    }

    /// Deletes a resource and every warrant on it or naming it as subject; 404 when it does not exist.
    @discardableResult
    func deleteResource(_ type: String, _ id: String, in connection: Connection) throws -> FGAResource {
        let resource = try self.requireResource(type, id, in: connection)
        try connection.execute(
            "DELETE FROM fga_resources WHERE environment_id = ? AND resource_type = ? AND resource_id = ?",
            [.text(self.environmentID), .text(type), .text(id)]
        )
        try connection.execute(
            """
            DELETE FROM fga_warrants WHERE environment_id = ?
                AND ((resource_type = ? AND resource_id = ?) OR (subject_type = ? AND subject_id = ?))
            """,
            [.text(self.environmentID), .text(type), .text(id), .text(type), .text(id)]
        )
        try self.bumpToken(in: connection)
        return resource
    }

    // MARK: Warrants

    /// The filters of `GET /fga/v1/warrants`.
    struct WarrantFilters {
        var resourceType: String?
        var resourceID: String?
        var relation: String?
        var subjectType: String?
        var subjectID: String?
        var subjectRelation: String?
    }

    /// One page of warrants matching every filter given.
    func listWarrants(
        _ filters: WarrantFilters, pagination: Pagination, in connection: Connection
    ) throws -> Page<FGAWarrant> {
        var clauses = ["environment_id = ?"]
        var arguments: [SQLValue] = [.text(self.environmentID)]
        let columns: [(String, String?)] = [
            ("resource_type = ?", filters.resourceType), ("resource_id = ?", filters.resourceID),
            ("relation = ?", filters.relation), ("subject_type = ?", filters.subjectType),
            ("subject_id = ?", filters.subjectID), ("subject_relation = ?", filters.subjectRelation),
        ]
        for (clause, value) in columns {
            guard let value else { continue }
            clauses.append(clause)
            arguments.append(.text(value))
        }
        return try connection.fetchPage(
            from: "fga_warrants", where: clauses, arguments, pagination: pagination
        ).map(FGAWarrant.init(row:))
    }

    /// Whether this exact tuple (policy included) is stored.
    func warrantExists(_ warrant: FGAWarrant, in connection: Connection) throws -> Bool {
        try connection.fetchOne(
            """
            SELECT 1 FROM fga_warrants WHERE environment_id = ? AND resource_type = ? AND resource_id = ?
                AND relation = ? AND subject_type = ? AND subject_id = ? AND subject_relation = ? AND policy = ?
            """,
            self.tuple(warrant)
        ) != nil
    }

    private func tuple(_ warrant: FGAWarrant) -> [SQLValue] {
        [
            .text(self.environmentID), .text(warrant.resourceType), .text(warrant.resourceID), .text(warrant.relation),
            .text(warrant.subjectType), .text(warrant.subjectID), .text(warrant.subjectRelation), .text(warrant.policy),
        ]
    }

    /// Creates a warrant (409 when it exists) and the resources at both ends when missing (not for the wildcard id).
    func createWarrant(_ warrant: FGAWarrant, in connection: Connection) throws {
        if try self.warrantExists(warrant, in: connection) {
            throw APIError.fgaDuplicate("warrant", key: warrant.key)
        }
        for (type, id) in [(warrant.resourceType, warrant.resourceID), (warrant.subjectType, warrant.subjectID)]
        where id != "*" {
            if try self.fetchResource(type, id, in: connection) == nil {
                try self.insertResource(type, id, meta: nil, in: connection)
            }
        }
        try connection.execute(
            """
            INSERT INTO fga_warrants (id, environment_id, resource_type, resource_id, relation, subject_type,
                subject_id, subject_relation, policy, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(self.services.ids.make(.fgaWarrant))] + self.tuple(warrant) + [.text(self.now)]
        )
    }

    /// Deletes a warrant; the policy must match too (catalog-B §6.3 "Deleting a policy warrant must pass the same
    /// `policy` value"). 404 when it does not exist.
    func deleteWarrant(_ warrant: FGAWarrant, in connection: Connection) throws {
        guard try self.warrantExists(warrant, in: connection) else {
            throw APIError.fgaNotFound("warrant", key: warrant.key)
        }
        try connection.execute(
            """
            DELETE FROM fga_warrants WHERE environment_id = ? AND resource_type = ? AND resource_id = ?
                AND relation = ? AND subject_type = ? AND subject_id = ? AND subject_relation = ? AND policy = ?
            """,
            self.tuple(warrant)
        )
    }
}

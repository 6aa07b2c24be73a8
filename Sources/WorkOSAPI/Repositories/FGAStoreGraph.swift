// workos-emulator — the FGA v1 schema and warrants of one environment, read from SQLite for the checker.
// Licensed MIT.

import JSONCodec
import SQLite

/// `FGAGraph` over the store, inside one `Database.read`/`write`: the `fga_warrants` UNIQUE index serves
/// resource → subjects, `fga_warrants_subject` subject → resources. Types and policies are cached for the request.
final class FGAStoreGraph: FGAGraph {
    let environmentID: String
    let connection: Connection
    private var types: [String: FGAResourceType?] = [:]
    private var policies: [String: FGAPolicy]?

    /// A graph over `connection` for one environment.
    init(environmentID: String, connection: Connection) {
        self.environmentID = environmentID
        self.connection = connection
    }

    func resourceType(_ name: String) throws -> FGAResourceType? {
        if let cached = self.types[name] { return cached }
        let type = try self.connection.fetchOne(
            "SELECT * FROM fga_resource_types WHERE environment_id = ? AND type = ?",
            [.text(self.environmentID), .text(name)]
        ).map(FGAResourceType.init(row:))
        self.types[name] = .some(type)
        return type
    }

    func policy(_ name: String) throws -> FGAPolicy? {
        if self.policies == nil {
            self.policies = [:]
            for policy in try FGARepository.policies(environmentID: self.environmentID, in: self.connection) {
                self.policies?[policy.name] = policy
            }
        }
        return self.policies?[name]
    }

    func warrants(on resourceType: String, _ resourceID: String, _ relation: String) throws -> [FGAWarrant] {
        try self.connection.fetchAll(
            """
            SELECT * FROM fga_warrants
            WHERE environment_id = ? AND resource_type = ? AND resource_id IN (?, '*') AND relation = ?
            ORDER BY id
            """,
            [.text(self.environmentID), .text(resourceType), .text(resourceID), .text(relation)]
        ).map(FGAWarrant.init(row:))
    }

    func warrants(forSubject subjectType: String, _ subjectID: String) throws -> [FGAWarrant] {
        try self.connection.fetchAll(
            """
            SELECT * FROM fga_warrants
            WHERE environment_id = ? AND subject_type = ? AND subject_id = ? AND subject_relation = ''
            ORDER BY id
            """,
            [.text(self.environmentID), .text(subjectType), .text(subjectID)]
        ).map(FGAWarrant.init(row:))
    }

    func resource(_ type: String, _ id: String) throws -> FGAResource? {
        try self.connection.fetchOne(
            "SELECT * FROM fga_resources WHERE environment_id = ? AND resource_type = ? AND resource_id = ?",
            [.text(self.environmentID), .text(type), .text(id)]
        ).map(FGAResource.init(row:))
    }

    func resources(ofTypes types: [String]?, limit: Int) throws -> [FGAResource] {
        guard let types else {
            return try self.connection.fetchAll(
                "SELECT * FROM fga_resources WHERE environment_id = ? ORDER BY id LIMIT ?",
                [.text(self.environmentID), .integer(Int64(limit))]
            ).map(FGAResource.init(row:))
        }
        return try self.connection.fetchAll(
            """
            SELECT * FROM fga_resources WHERE environment_id = ? AND resource_type IN \
            (\(SQLPlaceholders.list(types.count)))
            ORDER BY id LIMIT ?
            """,
            [.text(self.environmentID)] + types.map { .text($0) } + [.integer(Int64(limit))]
        ).map(FGAResource.init(row:))
    }
}

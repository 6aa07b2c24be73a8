// workos-emulator — every shipped migration applies to an empty database and leaves it consistent.
// Licensed MIT.

import SQLite
import Testing
@testable import WorkOSAPI

@Suite struct MigrationsTests {
    @Test func everyMigration_AppliesToAnEmptyDatabase_WithIntactKeysAndIntegrity() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        let migrator = try Migrator(directory: Application.resourceDirectory("migrations"))
        let applied = try migrator.migrate(database)
        #expect(applied == migrator.migrations.map(\.version))
        #expect(applied.first == 1)
        try database.read { connection in
            #expect(try connection.foreignKeyCheck().isEmpty)
            #expect(try connection.integrityCheck().isEmpty)
            let tables: [String] = try connection.fetchAll(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            ).map { $0["name"] }
            for table in ["environments", "api_keys", "organizations", "organization_domains", "events"] {
                #expect(tables.contains(table), "missing table \(table)")
            }
        }
        #expect(try migrator.migrate(database).isEmpty)  // a second run applies nothing
    }

    @Test func everyTable_ButTheEnvironmentsOwn_CarriesTheEnvironmentID() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        try Migrator(directory: Application.resourceDirectory("migrations")).migrate(database)
        try database.read { connection in
            let all: [String] = try connection.fetchAll(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).map { $0["name"] }
            let scoped = try EnvironmentRepository.dataTables(in: connection)
            for table in all where table != "schema_migrations" && !EnvironmentRepository.keptTables.contains(table) {
                #expect(scoped.contains(table), "\(table) has no environment_id, so it is neither scoped nor reset")
            }
            #expect(!scoped.contains("api_keys"))
        }
    }
}

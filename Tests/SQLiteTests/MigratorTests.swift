// workos-emulator: SQLite store tests.
// Migrations apply in order, once, each atomically with its schema_migrations row.

import Foundation
import Testing

@testable import SQLite

@Suite struct MigratorTests {
    private let migrations = [
        Migration(
            version: 2,
            name: "add_domains",
            sql: """
                CREATE TABLE domains (
                    id INTEGER PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
                    domain TEXT NOT NULL
                );
                """
        ),
        Migration(
            version: 1,
            name: "initial",
            sql: """
                CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL);
                INSERT INTO organizations (id, name) VALUES ('org_seed', 'Seed');
                """
        ),
    ]

    private func tableNames(in database: Database) throws -> [String] {
        try database.read { connection in
            try connection.fetchAll("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map {
                $0["name"] as String
            }
        }
    }

    @Test func migrate_AppliesInVersionOrderAndRecordsRows() throws {
        let database = try Database(path: ":memory:")
        let applied = try Migrator(migrations: self.migrations).migrate(database)
        #expect(applied == [1, 2])
        #expect(try self.tableNames(in: database) == ["domains", "organizations", "schema_migrations"])
        let rows = try database.read { try $0.fetchAll("SELECT version, name, applied_at FROM schema_migrations") }
        #expect(rows.map { $0["version"] as Int } == [1, 2])
        #expect(rows.map { $0["name"] as String } == ["initial", "add_domains"])
        for row in rows {
            let appliedAt: String = row["applied_at"]
            #expect(appliedAt.count == "2024-01-01T00:00:00.000Z".count && appliedAt.hasSuffix("Z"))
        }
        #expect(try database.read { try $0.foreignKeyCheck() }.isEmpty)
    }

    @Test func migrate_IsIdempotentOnASecondRun() throws {
        let database = try Database(path: ":memory:")
        let migrator = Migrator(migrations: self.migrations)
        try migrator.migrate(database)
        #expect(try migrator.migrate(database) == [])
        #expect(try migrator.appliedVersions(in: database) == [1, 2])
        #expect(try database.read { try $0.fetchScalar("SELECT count(*) FROM organizations", as: Int.self) } == 1)
    }

    @Test func migrate_AppliesOnlyNewMigrationsLater() throws {
        let database = try Database(path: ":memory:")
        try Migrator(migrations: [self.migrations[1]]).migrate(database)
        let applied = try Migrator(migrations: self.migrations).migrate(database)
        #expect(applied == [2])
    }

    @Test func migrate_RollsBackAFailingMigrationEntirely() throws {
        let database = try Database(path: ":memory:")
        let failing = Migration(
            version: 3,
            name: "broken",
            sql: """
                CREATE TABLE users (id TEXT PRIMARY KEY);
                ALTER TABLE organizations ADD COLUMN slug TEXT;
                INSERT INTO no_such_table VALUES (1);
                """
        )
        let error = try #require(throws: MigratorError.self) {
            try Migrator(migrations: self.migrations + [failing]).migrate(database)
        }
        guard case .migrationFailed(let version, let name, let underlying) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(version == 3)
        #expect(name == "broken")
        #expect(underlying.message == "no such table: no_such_table")
        #expect(error.description.contains("migration 3 broken failed"))
        // Earlier migrations stay; nothing of the failing one does.
        #expect(try self.tableNames(in: database) == ["domains", "organizations", "schema_migrations"])
        let columns = try database.read {
            try $0.fetchAll("PRAGMA table_info(organizations)").map { $0["name"] as String }
        }
        #expect(!columns.contains("slug"))
        #expect(try Migrator(migrations: []).appliedVersions(in: database) == [1, 2])
        #expect(try database.read { try $0.isForeignKeyEnforcementOn() })
    }

    @Test func migrate_RejectsAMigrationThatBreaksForeignKeys() throws {
        let database = try Database(path: ":memory:")
        let orphan = Migration(
            version: 3,
            name: "orphan",
            sql: "INSERT INTO domains (organization_id, domain) VALUES ('org_x', 'x.com');"
        )
        let error = try #require(throws: MigratorError.self) {
            try Migrator(migrations: self.migrations + [orphan]).migrate(database)
        }
        guard case .foreignKeyViolations(3, "orphan", let violations) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(violations.map(\.table) == ["domains"])
        #expect(try database.read { try $0.fetchScalar("SELECT count(*) FROM domains", as: Int.self) } == 0)
        #expect(try Migrator(migrations: []).appliedVersions(in: database) == [1, 2])
    }

    @Test func migrate_CanRebuildAParentTableWithoutCascadingDeletes() throws {
        // The 12-step table rebuild of https://sqlite.org/lang_altertable.html#otheralter must not fire
        // ON DELETE CASCADE in children: the migrator turns enforcement off around the migration.
        let database = try Database(path: ":memory:")
        try Migrator(migrations: self.migrations).migrate(database)
        try database.write {
            try $0.execute("INSERT INTO domains (organization_id, domain) VALUES ('org_seed', 'a.com')")
        }
        let rebuild = Migration(
            version: 3,
            name: "rebuild_organizations",
            sql: """
                CREATE TABLE organizations_new (id TEXT PRIMARY KEY, name TEXT NOT NULL, slug TEXT);
                INSERT INTO organizations_new (id, name) SELECT id, name FROM organizations;
                DROP TABLE organizations;
                ALTER TABLE organizations_new RENAME TO organizations;
                """
        )
        #expect(try Migrator(migrations: self.migrations + [rebuild]).migrate(database) == [3])
        #expect(try database.read { try $0.fetchScalar("SELECT count(*) FROM domains", as: Int.self) } == 1)
        #expect(try database.read { try $0.isForeignKeyEnforcementOn() })
    }

    @Test func directory_LoadsSQLFilesSortedByNumber() throws {
        let directory = try TemporaryDirectory()
        try directory.write("0010_later.sql", "CREATE TABLE later (id INTEGER PRIMARY KEY);")
        try directory.write("0001_initial.sql", "CREATE TABLE first (id INTEGER PRIMARY KEY);")
        try directory.write("0002_user-management.sql", "CREATE TABLE second (id INTEGER PRIMARY KEY);")
        try directory.write("README.md", "not a migration")
        let migrator = try Migrator(directory: directory.url)
        #expect(migrator.migrations.map(\.version) == [1, 2, 10])
        #expect(migrator.migrations.map(\.name) == ["initial", "user-management", "later"])
        let database = try Database(path: ":memory:")
        #expect(try migrator.migrate(database) == [1, 2, 10])
    }

    @Test(arguments: [
        "init.sql", "0001.sql", "0001_.sql", "_init.sql", "00a1_init.sql", "0001 init.sql", "0001_in it.sql",
        "0001_ünï.sql",
    ])
    func directory_RejectsBadFileNames(fileName: String) throws {
        let directory = try TemporaryDirectory()
        try directory.write("0001_initial.sql", "SELECT 1;")
        try directory.write(fileName, "SELECT 1;")
        #expect(throws: MigratorError.invalidFileName(fileName)) {
            try Migrator(directory: directory.url)
        }
    }

    @Test func directory_RejectsDuplicateNumbers() throws {
        let directory = try TemporaryDirectory()
        try directory.write("0001_initial.sql", "SELECT 1;")
        try directory.write("0002_a.sql", "SELECT 1;")
        try directory.write("002_b.sql", "SELECT 1;")
        #expect(throws: MigratorError.duplicateVersion(2, names: ["0002_a.sql", "002_b.sql"])) {
            try Migrator(directory: directory.url)
        }
    }

    @Test func fileNameParser_SplitsVersionAndName() {
        #expect(Migrator.parseFileName("0001_initial.sql")! == (1, "initial"))
        #expect(Migrator.parseFileName("42_a_b-c.sql")! == (42, "a_b-c"))
        #expect(Migrator.parseFileName("0001_initial.sql.bak") == nil)
    }
}

// workos-emulator: SQLite store tests.
// foreign_key_check and integrity_check helpers.

import SQLite
import Testing

@Suite struct PragmaTests {
    private func makeDatabase() throws -> Database {
        let database = try Database(path: ":memory:")
        try database.write { connection in
            try connection.executeScript(
                """
                CREATE TABLE parent (id INTEGER PRIMARY KEY);
                CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));
                INSERT INTO parent (id) VALUES (1);
                INSERT INTO child (id, parent_id) VALUES (10, 1);
                """
            )
        }
        return database
    }

    @Test func foreignKeyCheck_IsEmptyWhenEveryKeyHolds() throws {
        let database = try self.makeDatabase()
        #expect(try database.read { try $0.foreignKeyCheck() }.isEmpty)
    }

    @Test func foreignKeyCheck_ReportsRowsWrittenWhileEnforcementWasOff() throws {
        let database = try self.makeDatabase()
        let violations = try database.read { connection in
            try connection.execute("PRAGMA foreign_keys = OFF")
            try connection.execute("INSERT INTO child (id, parent_id) VALUES (11, 99)")
            try connection.execute("PRAGMA foreign_keys = ON")
            return try connection.foreignKeyCheck()
        }
        #expect(violations == [ForeignKeyViolation(table: "child", rowID: 11, parent: "parent", foreignKeyIndex: 0)])
        #expect(violations.first?.description == "child rowid 11 → parent (foreign key 0)")
    }

    @Test func integrityCheck_IsEmptyForASoundDatabase() throws {
        let database = try self.makeDatabase()
        #expect(try database.read { try $0.integrityCheck() } == [])
    }

    @Test func foreignKeyEnforcement_IsOnByDefault() throws {
        let database = try Database(path: ":memory:")
        #expect(try database.read { try $0.isForeignKeyEnforcementOn() })
    }
}

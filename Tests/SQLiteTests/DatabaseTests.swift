// workos-emulator: SQLite store tests.
// The facade: transactions that cannot leak, constraint errors, concurrency, files, close.

import CSQLite
import Foundation
import SQLite
import Synchronization
import Testing

@Suite struct DatabaseTests {
    private struct Boom: Error {}

    private func makeDatabase(path: String = ":memory:") throws -> Database {
        let database = try Database(path: path)
        try database.write { connection in
            try connection.executeScript(
                """
                CREATE TABLE IF NOT EXISTS organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                CREATE TABLE IF NOT EXISTS memberships (
                    id INTEGER PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE
                );
                CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
                INSERT OR IGNORE INTO counter (id, n) VALUES (1, 0);
                """
            )
        }
        return database
    }

    private func count(_ table: String, in database: Database) throws -> Int {
        try database.read { try $0.fetchScalar("SELECT count(*) FROM \(table)", as: Int.self) } ?? -1
    }

    @Test func write_CommitsAndReturnsTheBodyResult() throws {
        let database = try self.makeDatabase()
        let rowID = try database.write { connection in
            try connection.execute("INSERT INTO organizations (id, name) VALUES (?, ?)", ["org_1", "Acme"])
            return connection.lastInsertRowID
        }
        #expect(rowID == 1)
        #expect(try self.count("organizations", in: database) == 1)
    }

    @Test func write_RollsBackWhenTheBodyThrowsAndStaysUsable() throws {
        let database = try self.makeDatabase()
        #expect(throws: Boom.self) {
            try database.write { connection in
                try connection.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')")
                try connection.execute("UPDATE counter SET n = 99")
                throw Boom()
            }
        }
        #expect(try self.count("organizations", in: database) == 0)
        #expect(try database.read { try $0.fetchScalar("SELECT n FROM counter", as: Int.self) } == 0)
        #expect(try database.read { $0.isInTransaction } == false)
        try database.write { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_2', 'Beta')") }
        #expect(try self.count("organizations", in: database) == 1)
    }

    @Test func write_RollsBackWhenAStatementFails() throws {
        let database = try self.makeDatabase()
        #expect(throws: SQLiteError.self) {
            try database.write { connection in
                try connection.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')")
                try connection.execute("INSERT INTO organizations (id, name) VALUES ('org_2', 'Acme')")
            }
        }
        #expect(try self.count("organizations", in: database) == 0)
    }

    @Test func write_RollsBackWhenCommitFailsOnADeferredForeignKey() throws {
        let database = try Database(path: ":memory:")
        try database.write { connection in
            try connection.executeScript(
                """
                CREATE TABLE parent (id INTEGER PRIMARY KEY);
                CREATE TABLE child (
                    id INTEGER PRIMARY KEY,
                    parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED
                );
                """
            )
        }
        let error = try #require(throws: SQLiteError.self) {
            try database.write { try $0.execute("INSERT INTO child (parent_id) VALUES (42)") }
        }
        #expect(error.isForeignKeyViolation)
        #expect(try database.read { $0.isInTransaction } == false)
        #expect(try self.count("child", in: database) == 0)
    }

    @Test func read_RollsBackATransactionItLeftOpen() throws {
        let database = try self.makeDatabase()
        let error = try #require(throws: SQLiteError.self) {
            try database.read { connection in
                try connection.execute("BEGIN")
                try connection.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')")
            }
        }
        #expect(error.code == SQLITE_MISUSE)
        #expect(try self.count("organizations", in: database) == 0)
        try database.write { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')") }
    }

    @Test func uniqueViolation_IsClassified() throws {
        let database = try self.makeDatabase()
        try database.write { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')") }
        let duplicateName = try #require(throws: SQLiteError.self) {
            try database.write { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_2', 'Acme')") }
        }
        let duplicateKey = try #require(throws: SQLiteError.self) {
            try database.write { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Other')") }
        }
        for error in [duplicateName, duplicateKey] {
            #expect(error.isConstraintViolation)
            #expect(error.isUniqueConstraintViolation)
            #expect(!error.isForeignKeyViolation)
            #expect(error.code == SQLITE_CONSTRAINT)
        }
        #expect(duplicateName.extendedCode == 2067)  // SQLITE_CONSTRAINT_UNIQUE
        #expect(duplicateKey.extendedCode == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
        #expect(duplicateName.message == "UNIQUE constraint failed: organizations.name")
    }

    @Test func foreignKeyViolation_IsClassifiedAndCascadesWork() throws {
        let database = try self.makeDatabase()
        let error = try #require(throws: SQLiteError.self) {
            try database.write { try $0.execute("INSERT INTO memberships (organization_id) VALUES (?)", ["org_x"]) }
        }
        #expect(error.isConstraintViolation)
        #expect(error.isForeignKeyViolation)
        #expect(!error.isUniqueConstraintViolation)
        #expect(error.extendedCode == 787)  // SQLITE_CONSTRAINT_FOREIGNKEY
        try database.write { connection in
            try connection.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')")
            try connection.execute("INSERT INTO memberships (organization_id) VALUES ('org_1')")
            try connection.execute("DELETE FROM organizations WHERE id = 'org_1'")
        }
        #expect(try self.count("memberships", in: database) == 0)
    }

    @Test func notNullViolation_IsAConstraintButNotUnique() throws {
        let database = try self.makeDatabase()
        let error = try #require(throws: SQLiteError.self) {
            try database.write { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_1', NULL)") }
        }
        #expect(error.isConstraintViolation)
        #expect(!error.isUniqueConstraintViolation)
        #expect(!error.isForeignKeyViolation)
    }

    @Test func fiftyConcurrentWriters_FromATaskGroupSerialize() async throws {
        let database = try self.makeDatabase()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask {
                    try database.write { connection in
                        // Read-modify-write: lost updates would show if two bodies ever interleaved.
                        let n = try connection.fetchScalar("SELECT n FROM counter", as: Int.self) ?? 0
                        try connection.execute("UPDATE counter SET n = ?", [SQLValue(n + 1)])
                        try connection.execute(
                            "INSERT INTO organizations (id, name) VALUES (?, ?)",
                            [SQLValue("org_\(index)"), SQLValue("Org \(index)")]
                        )
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try database.read { try $0.fetchScalar("SELECT n FROM counter", as: Int.self) } == 50)
        #expect(try self.count("organizations", in: database) == 50)
    }

    @Test func fiftyConcurrentWriters_OnThreadsAcrossTwoConnectionsSerialize() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("shared.sqlite")
        let databases = [try self.makeDatabase(path: path), try self.makeDatabase(path: path)]
        let failures = FailureLog()
        // Two connections to one file: BEGIN IMMEDIATE plus busy_timeout make the second wait, not fail.
        DispatchQueue.concurrentPerform(iterations: 50) { index in
            do {
                try databases[index % 2].write { connection in
                    let n = try connection.fetchScalar("SELECT n FROM counter", as: Int.self) ?? 0
                    try connection.execute("UPDATE counter SET n = ?", [SQLValue(n + 1)])
                }
            } catch {
                failures.record(error)
            }
        }
        #expect(failures.errors.isEmpty)
        #expect(try databases[0].read { try $0.fetchScalar("SELECT n FROM counter", as: Int.self) } == 50)
    }

    @Test func fileDatabase_SurvivesCloseAndReopenInWALMode() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("emulator.sqlite")
        let first = try self.makeDatabase(path: path)
        #expect(try first.read { try $0.journalMode() } == "wal")
        try first.write { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')") }
        first.close()

        let reopened = try Database(path: path)
        #expect(reopened.path == path)
        #expect(try reopened.read { try $0.journalMode() } == "wal")
        #expect(try reopened.read { try $0.isForeignKeyEnforcementOn() })
        let name = try reopened.read {
            try $0.fetchScalar("SELECT name FROM organizations WHERE id = ?", ["org_1"], as: String.self)
        }
        #expect(name == "Acme")
        #expect(try reopened.read { try $0.fetchScalar("PRAGMA synchronous", as: Int.self) } == 1)  // NORMAL
        reopened.close()
    }

    @Test func memoryDatabase_IsPrivateToItsDatabase() throws {
        let first = try self.makeDatabase()
        let second = try self.makeDatabase()
        try first.write { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')") }
        #expect(try self.count("organizations", in: first) == 1)
        #expect(try self.count("organizations", in: second) == 0)
        #expect(try first.read { try $0.journalMode() } == "memory")
    }

    @Test func close_IsIdempotentAndLaterCallsThrowMisuse() throws {
        let database = try self.makeDatabase()
        database.close()
        database.close()
        let readError = try #require(throws: SQLiteError.self) { try database.read { _ in 1 } }
        let writeError = try #require(throws: SQLiteError.self) { try database.write { _ in 1 } }
        #expect(readError.code == SQLITE_MISUSE)
        #expect(writeError.code == SQLITE_MISUSE)
    }

    @Test func openingAnUnreachablePath_ThrowsWithThePath() throws {
        let error = try #require(throws: SQLiteError.self) {
            try Database(path: "/nonexistent-dir-\(UUID().uuidString)/db.sqlite")
        }
        #expect(error.code == SQLITE_CANTOPEN)
        #expect(error.message.contains("nonexistent-dir"))
    }

    @Test func nestedWrite_IsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            let database = try Database(path: ":memory:")
            try database.write { _ in
                try database.write { _ in }
            }
        }
    }

    @Test func read_ReturnsPlainSendableStructs() throws {
        struct Organization: Sendable, Equatable {
            var id: String
            var name: String
        }
        let database = try self.makeDatabase()
        try database.write { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')") }
        let organizations = try database.read { connection in
            try connection.fetchAll("SELECT id, name FROM organizations").map { row in
                Organization(id: row["id"], name: row["name"])
            }
        }
        #expect(organizations == [Organization(id: "org_1", name: "Acme")])
    }
}

/// Errors collected from several threads.
private final class FailureLog: Sendable {
    private let storage = Mutex<[String]>([])

    func record(_ error: any Error) {
        self.storage.withLock { $0.append(String(describing: error)) }
    }

    var errors: [String] { self.storage.withLock { $0 } }
}

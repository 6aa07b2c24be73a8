// workos-emulator: SQLite store tests.
// Statements through a connection: fetches, the statement cache, scripts, errors, savepoints.

import CSQLite
import Testing

@testable import SQLite

@Suite struct ConnectionTests {
    private func makeDatabase() throws -> Database {
        let database = try Database(path: ":memory:")
        try database.write { connection in
            try connection.executeScript(
                """
                CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, age INTEGER);
                INSERT INTO users (email, age) VALUES ('a@example.com', 30), ('b@example.com', NULL);
                INSERT INTO users (email, age) VALUES ('c@example.com', 50);
                """
            )
        }
        return database
    }

    @Test func fetchAll_ReturnsEveryRowInOrderWithColumnNames() throws {
        let database = try self.makeDatabase()
        let rows = try database.read { try $0.fetchAll("SELECT id, email, age FROM users ORDER BY id") }
        #expect(rows.count == 3)
        #expect(rows.map { $0["email"] as String } == ["a@example.com", "b@example.com", "c@example.com"])
        #expect(rows[1]["age"] as Int? == nil)
        #expect(rows[0].columnNames == ["id", "email", "age"])
    }

    @Test func fetchAll_ReturnsEmptyForNoRows() throws {
        let database = try self.makeDatabase()
        let rows = try database.read { try $0.fetchAll("SELECT * FROM users WHERE age > ?", [100]) }
        #expect(rows.isEmpty)
    }

    @Test func fetchOne_ReturnsFirstRowOrNil() throws {
        let database = try self.makeDatabase()
        let (found, missing) = try database.read { connection in
            (
                try connection.fetchOne("SELECT email FROM users WHERE age >= ? ORDER BY age DESC", [30]),
                try connection.fetchOne("SELECT email FROM users WHERE email = ?", ["nobody"])
            )
        }
        #expect(found?["email"] as String? == "c@example.com")
        #expect(missing == nil)
    }

    @Test func fetchScalar_ReturnsFirstColumnOrNilForNoRowAndNull() throws {
        let database = try self.makeDatabase()
        try database.read { connection in
            #expect(try connection.fetchScalar("SELECT count(*) FROM users", as: Int.self) == 3)
            let email: String? = try connection.fetchScalar("SELECT email FROM users WHERE id = ?", [2])
            #expect(email == "b@example.com")
            #expect(try connection.fetchScalar("SELECT age FROM users WHERE id = 2", as: Int.self) == nil)
            #expect(try connection.fetchScalar("SELECT age FROM users WHERE id = 99", as: Int.self) == nil)
        }
    }

    @Test func cachedStatement_IsReusedWithDifferentArguments() throws {
        let database = try self.makeDatabase()
        let sql = "SELECT email FROM users WHERE id = ?"
        let (emails, cachedAfter) = try database.read { connection in
            let before = connection.cachedStatementCount
            var emails: [String?] = []
            for id in [3, 1, 99, 2, 1] {
                emails.append(try connection.fetchScalar(sql, [SQLValue(id)], as: String.self))
            }
            return (emails, connection.cachedStatementCount - before)
        }
        #expect(emails == ["c@example.com", "a@example.com", nil, "b@example.com", "a@example.com"])
        #expect(cachedAfter == 1)
    }

    @Test func cachedStatement_StopsEarlyWithoutLeakingState() throws {
        let database = try self.makeDatabase()
        try database.read { connection in
            // fetchOne stops after one row; the next run of the same SQL must start from the top again.
            for _ in 0..<3 {
                let first = try connection.fetchOne("SELECT email FROM users ORDER BY id")
                #expect(first?["email"] as String? == "a@example.com")
            }
            let all = try connection.fetchAll("SELECT email FROM users ORDER BY id")
            #expect(all.count == 3)
        }
    }

    @Test func statementCache_EvictsPastCapacityAndStaysCorrect() throws {
        let database = try self.makeDatabase()
        let count = Connection.statementCacheCapacity + 20
        let (results, cached) = try database.read { connection in
            var results: [Int] = []
            for index in 0..<count {
                results.append(try connection.fetchScalar("SELECT \(index) + ?", [1], as: Int.self) ?? -1)
            }
            return (results, connection.cachedStatementCount)
        }
        #expect(results == (0..<count).map { $0 + 1 })
        #expect(cached <= Connection.statementCacheCapacity)
    }

    @Test func cachedStatement_SeesSchemaChanges() throws {
        let database = try self.makeDatabase()
        let sql = "SELECT * FROM users WHERE id = 1"
        let before = try database.read { try $0.fetchOne(sql) }
        try database.write { try $0.execute("ALTER TABLE users ADD COLUMN nickname TEXT DEFAULT 'al'") }
        let after = try database.read { try $0.fetchOne(sql) }
        #expect(before?.hasColumn("nickname") == false)
        #expect(after?["nickname"] as String? == "al")
    }

    @Test func run_ReturnsChangedRowCountAndLastInsertRowID() throws {
        let database = try self.makeDatabase()
        let (updated, deleted, rowID) = try database.write { connection in
            let updated = try connection.run("UPDATE users SET age = coalesce(age, 0) + 1")
            let deleted = try connection.run("DELETE FROM users WHERE email = ?", ["nobody"])
            try connection.execute("INSERT INTO users (email) VALUES (?)", ["d@example.com"])
            return (updated, deleted, connection.lastInsertRowID)
        }
        #expect(updated == 3)
        #expect(deleted == 0)
        #expect(rowID == 4)
    }

    @Test func syntaxError_CarriesCodeMessageAndSQL() throws {
        let database = try self.makeDatabase()
        let error = try #require(throws: SQLiteError.self) {
            try database.read { try $0.fetchAll("SELEC * FROM users") }
        }
        #expect(error.code == SQLITE_ERROR)
        #expect(error.message.contains("syntax error"))
        #expect(error.sql == "SELEC * FROM users")
        #expect(error.description.contains("SELEC * FROM users"))
    }

    @Test func missingTable_CarriesTheMessage() throws {
        let database = try self.makeDatabase()
        let error = try #require(throws: SQLiteError.self) {
            try database.read { try $0.fetchAll("SELECT * FROM nowhere WHERE id = ?", [1]) }
        }
        #expect(error.message == "no such table: nowhere")
    }

    @Test func wrongArgumentCount_IsRejectedBeforeRunning() throws {
        let database = try self.makeDatabase()
        let error = try #require(throws: SQLiteError.self) {
            try database.write { try $0.execute("DELETE FROM users WHERE id = ? OR id = ?", [1]) }
        }
        #expect(error.code == SQLITE_RANGE)
        #expect(try database.read { try $0.fetchScalar("SELECT count(*) FROM users", as: Int.self) } == 3)
    }

    @Test func multipleStatementsInOneExecute_AreRejected() throws {
        let database = try self.makeDatabase()
        let error = try #require(throws: SQLiteError.self) {
            try database.write { try $0.execute("DELETE FROM users; DELETE FROM users") }
        }
        #expect(error.code == SQLITE_MISUSE)
        #expect(try database.read { try $0.fetchScalar("SELECT count(*) FROM users", as: Int.self) } == 3)
    }

    @Test func trailingSemicolonAndComment_AreOneStatement() throws {
        let database = try self.makeDatabase()
        let count = try database.read { try $0.fetchScalar("SELECT count(*) FROM users; -- all of them", as: Int.self) }
        #expect(count == 3)
    }

    @Test func emptySQL_IsAMisuse() throws {
        let database = try self.makeDatabase()
        let error = try #require(throws: SQLiteError.self) {
            try database.read { try $0.execute("  -- nothing here\n") }
        }
        #expect(error.code == SQLITE_MISUSE)
    }

    @Test func executeScript_RunsEveryStatementAndStopsAtTheFirstError() throws {
        let database = try self.makeDatabase()
        let error = try #require(throws: SQLiteError.self) {
            try database.read { connection in
                try connection.executeScript(
                    """
                    -- a comment first
                    CREATE TABLE a (x);
                    INSERT INTO a VALUES (1);
                    INSERT INTO missing VALUES (2);
                    CREATE TABLE b (x);
                    """
                )
            }
        }
        #expect(error.message == "no such table: missing")
        #expect(error.sql?.hasPrefix("INSERT INTO missing") == true)
        let tables = try database.read { connection in
            try connection.fetchAll("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map {
                $0["name"] as String
            }
        }
        // Outside a transaction each statement autocommits: the ones before the error stay.
        #expect(tables == ["a", "users"])
    }

    @Test func executeScript_AcceptsWhitespaceOnlyAndEmptyScripts() throws {
        let database = try self.makeDatabase()
        try database.read { connection in
            try connection.executeScript("")
            try connection.executeScript("  \n -- only a comment\n ; ;")
        }
    }

    @Test func savepoint_RollsBackOnlyItsOwnWork() throws {
        let database = try self.makeDatabase()
        try database.write { connection in
            try connection.execute("INSERT INTO users (email) VALUES ('outer@example.com')")
            #expect(throws: SQLiteError.self) {
                try connection.savepoint {
                    try connection.execute("INSERT INTO users (email) VALUES ('inner@example.com')")
                    try connection.execute("INSERT INTO users (email) VALUES ('a@example.com')")  // duplicate
                }
            }
            let released = try connection.savepoint {
                try connection.savepoint {
                    try connection.run("INSERT INTO users (email) VALUES ('nested@example.com')")
                }
            }
            #expect(released == 1)
            #expect(connection.isInTransaction)
        }
        let emails = try database.read { connection in
            try connection.fetchAll("SELECT email FROM users ORDER BY id").map { $0["email"] as String }
        }
        #expect(
            emails == ["a@example.com", "b@example.com", "c@example.com", "outer@example.com", "nested@example.com"]
        )
    }

    @Test func isInTransaction_IsFalseInReadAndTrueInWrite() throws {
        let database = try self.makeDatabase()
        #expect(try database.read { $0.isInTransaction } == false)
        #expect(try database.write { $0.isInTransaction } == true)
    }
}

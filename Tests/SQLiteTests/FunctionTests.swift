// workos-emulator: SQLite store tests.
// Scalar functions written in Swift.

import SQLite
import Testing

@Suite struct FunctionTests {
    private struct Refusal: Error, CustomStringConvertible {
        var description: String { "refused by the test" }
    }

    @Test func aRegisteredFunction_GetsEachStorageClassAndReturnsItsResult() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        let row = try database.writeWithoutTransaction { connection in
            try connection.createFunction("echo", argumentCount: 1) { $0[0] }
            return try connection.fetchOne(
                "SELECT echo(NULL) AS n, echo(-7) AS i, echo(2.5) AS r, echo('h\u{e9}') AS t, echo(x'00ff') AS b, echo('') AS e"
            )
        }
        let values = try #require(row)
        #expect(values["n"] as SQLValue == .null)
        #expect(values["i"] as SQLValue == .integer(-7))
        #expect(values["r"] as SQLValue == .real(2.5))
        #expect(values["t"] as SQLValue == .text("h\u{e9}"))
        #expect(values["b"] as SQLValue == .blob([0, 255]))
        #expect(values["e"] as SQLValue == .text(""))
    }

    @Test func aThrowingFunction_FailsTheStatementWithTheErrorAsMessage() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        try database.writeWithoutTransaction { connection in
            try connection.createFunction("refuse", argumentCount: 0) { _ in throw Refusal() }
            let error = #expect(throws: SQLiteError.self) { try connection.execute("SELECT refuse()") }
            #expect(error?.message.contains("refused by the test") == true)
        }
    }

    @Test func aFunction_IsCalledWithTheDeclaredNumberOfArgumentsOnly() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        try database.writeWithoutTransaction { connection in
            try connection.createFunction("one", argumentCount: 1) { $0[0] }
            #expect(throws: SQLiteError.self) { try connection.execute("SELECT one(1, 2)") }
            try connection.createFunction("one", argumentCount: 1) { _ in .integer(1) }  // replaced, not leaked
            let value: Int? = try connection.fetchScalar("SELECT one('x')")
            #expect(value == 1)
        }
    }
}

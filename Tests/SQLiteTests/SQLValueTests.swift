// workos-emulator: SQLite store tests.
// Every Swift type binds and reads back unchanged through a real statement.

import SQLite
import Testing

@Suite struct SQLValueTests {
    /// A database with one untyped column, so values keep their storage class (https://sqlite.org/datatype3.html).
    private func makeDatabase() throws -> Database {
        let database = try Database(path: ":memory:")
        try database.write { try $0.execute("CREATE TABLE box (id INTEGER PRIMARY KEY, v)") }
        return database
    }

    private func roundTrip(_ value: SQLValue, in database: Database) throws -> SQLValue {
        try database.write { connection in
            try connection.execute("DELETE FROM box")
            try connection.execute("INSERT INTO box (id, v) VALUES (1, ?)", [value])
            return try #require(try connection.fetchOne("SELECT v FROM box WHERE id = 1"))["v"]
        }
    }

    @Test func everyStorageClass_RoundTripsUnchanged() throws {
        let database = try self.makeDatabase()
        let values: [SQLValue] = [
            .null, .integer(0), .integer(-1), .integer(.max), .integer(.min), .real(3.25), .real(-0.5),
            .text(""), .text("plain"), .blob([]), .blob([0, 1, 2, 255]),
        ]
        for value in values {
            #expect(try self.roundTrip(value, in: database) == value)
        }
    }

    @Test func textWithEmbeddedNULsAndNonASCII_RoundTrips() throws {
        let database = try self.makeDatabase()
        let texts = [
            "a\u{0}b\u{0}", "\u{0}", "Ünïcödé ✓ 日本語 🧪👩‍💻", "quote ' and \" and \\",
            String(repeating: "é", count: 10_000),
        ]
        for text in texts {
            let value = try self.roundTrip(.text(text), in: database)
            #expect(value == .text(text))
            #expect(value.textValue?.utf8.count == text.utf8.count)
        }
    }

    @Test func emptyBlob_StaysAnEmptyBlobNotNull() throws {
        let database = try self.makeDatabase()
        try database.write { connection in
            try connection.execute("INSERT INTO box (id, v) VALUES (1, ?)", [.blob([])])
            #expect(try connection.fetchScalar("SELECT typeof(v) FROM box", as: String.self) == "blob")
            #expect(try connection.fetchScalar("SELECT length(v) FROM box", as: Int.self) == 0)
        }
        #expect(try self.roundTrip(.blob([]), in: database) == .blob([]))
    }

    @Test func emptyString_StaysTextNotNull() throws {
        let database = try self.makeDatabase()
        let type = try database.write { connection in
            try connection.execute("INSERT INTO box (id, v) VALUES (1, ?)", [""])
            return try connection.fetchScalar("SELECT typeof(v) FROM box", as: String.self)
        }
        #expect(type == "text")
    }

    @Test func swiftTypes_ConvertToAndFromSQLValue() throws {
        let database = try self.makeDatabase()
        let large: Int64 = 9_007_199_254_740_993  // 2^53 + 1: not representable as a Double
        let row = try database.write { connection in
            try connection.execute(
                "INSERT INTO box (id, v) VALUES (?, ?)",
                [SQLValue(1), SQLValue(large)]
            )
            return try #require(
                try connection.fetchOne(
                    "SELECT ? AS s, ? AS i, ? AS d, ? AS t, ? AS f, ? AS b, ? AS n, ? AS o, v AS big FROM box",
                    [
                        SQLValue("text"), SQLValue(42), SQLValue(1.5), SQLValue(true), SQLValue(false),
                        SQLValue([UInt8]([9, 8])), SQLValue(nil as String?), SQLValue("x" as String?),
                    ]
                )
            )
        }
        #expect(row["s"] as String == "text")
        #expect(row["i"] as Int == 42)
        #expect(row["i"] as Int64 == 42)
        #expect(row["i"] as Double == 42)
        #expect(row["d"] as Double == 1.5)
        #expect(row["t"] as Bool == true)
        #expect(row["f"] as Bool == false)
        #expect(row["t"] as Int == 1)
        #expect(row["b"] as [UInt8] == [9, 8])
        #expect(row["n"] as String? == nil)
        #expect(row["n"] as SQLValue == .null)
        #expect(row["o"] as String? == "x")
        #expect(row["big"] as Int64 == large)
        #expect(row["big"] as Int == Int(large))
    }

    @Test func literals_MakeTheMatchingCase() {
        let text: SQLValue = "a"
        let integer: SQLValue = 7
        let real: SQLValue = 2.5
        let bool: SQLValue = true
        let null: SQLValue = nil
        #expect(text == .text("a"))
        #expect(integer == .integer(7))
        #expect(real == .real(2.5))
        #expect(bool == .integer(1))
        #expect(null == .null)
        #expect(null.isNull)
    }

    @Test func conversions_RejectTheWrongStorageClass() {
        #expect(String(sqlValue: .integer(1)) == nil)
        #expect(Int(sqlValue: .text("1")) == nil)
        #expect(Int(sqlValue: .real(1.5)) == nil)
        #expect(Int(sqlValue: .real(2.0)) == 2)
        #expect(Bool(sqlValue: .text("true")) == nil)
        #expect([UInt8](sqlValue: .text("x")) == nil)
        #expect(Int(sqlValue: .null) == nil)
        #expect(Int?(sqlValue: .null) == .some(nil))
        #expect(Int?(sqlValue: .text("x")) == nil)
        #expect(Double(sqlValue: .integer(3)) == 3)
    }

    @Test func description_RendersSQLLikeLiterals() {
        #expect(SQLValue.null.description == "NULL")
        #expect(SQLValue.text("it's").description == "'it''s'")
        #expect(SQLValue.blob([0, 0xAB]).description == "x'00ab'")
        #expect(SQLValue.integer(-3).description == "-3")
    }
}

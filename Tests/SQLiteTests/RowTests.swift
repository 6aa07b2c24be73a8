// workos-emulator: SQLite store tests.
// Row access by name (typed and raw) and by index.

import SQLite
import Testing

@Suite struct RowTests {
    private let row = Row(columnNames: ["id", "Name", "note"], values: [.integer(7), .text("Acme"), .null])

    @Test func typedSubscript_ReadsByColumnName() {
        let id: Int = self.row["id"]
        let name: String = self.row["Name"]
        let note: String? = self.row["note"]
        #expect(id == 7)
        #expect(name == "Acme")
        #expect(note == nil)
    }

    @Test func columnLookup_IsCaseInsensitiveLikeSQL() {
        #expect(self.row["name"] as String == "Acme")
        #expect(self.row["ID"] as Int == 7)
        #expect(self.row.hasColumn("NOTE"))
        #expect(!self.row.hasColumn("missing"))
    }

    @Test func rawSubscripts_ReturnNullAsNull() {
        #expect(self.row["note"] == SQLValue.null)
        #expect(self.row[0] == .integer(7))
        #expect(self.row[2] == .null)
        #expect(self.row.count == 3)
    }

    @Test func missingColumn_IsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            let row = Row(columnNames: ["id"], values: [.integer(1)])
            let _: Int = row["nope"]
        }
    }

    @Test func wrongType_IsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            let row = Row(columnNames: ["id"], values: [.text("x")])
            let _: Int = row["id"]
        }
    }
}

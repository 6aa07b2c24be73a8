// workos-emulator — the whole database content, to prove a refused request changed nothing.
// Licensed MIT.

import EmulatorTesting
import SQLite

/// Every row of every table, keyed by table name; two snapshots compare equal only when nothing was written.
struct DatabaseSnapshot: Equatable {
    /// Rows per table, in rowid order.
    var tables: [String: [Row]]

    /// The number of rows of one table.
    func count(_ table: String) -> Int { self.tables[table]?.count ?? 0 }
}

extension TestServer {
    /// Reads every table of the server's database (idempotency replays excluded: they are not WorkOS data).
    func snapshot() throws -> DatabaseSnapshot {
        try self.application.services.database.read { connection in
            let names: [String] = try connection.fetchAll(
                """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'idempotency_keys'
                """
            ).map { $0["name"] }
            var tables: [String: [Row]] = [:]
            for name in names {
                tables[name] = try connection.fetchAll("SELECT * FROM \"\(name)\" ORDER BY rowid")
            }
            return DatabaseSnapshot(tables: tables)
        }
    }

    /// Runs a SQL statement against the server's database (test set-up only, e.g. moving an expiry into the past).
    func execute(_ sql: String, _ arguments: [SQLValue] = []) throws {
        try self.application.services.database.write { connection in try connection.execute(sql, arguments) }
    }
}

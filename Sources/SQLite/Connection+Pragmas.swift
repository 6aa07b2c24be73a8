// workos-emulator: SQLite store.
// Typed answers to the PRAGMAs that checks and tests ask (https://sqlite.org/pragma.html).

extension Connection {
    /// Every row whose foreign key has no parent: `PRAGMA foreign_key_check`; empty when all hold.
    ///
    /// Finds violations that `foreign_keys = ON` could not prevent, e.g. rows written while it was off
    /// (https://sqlite.org/pragma.html#pragma_foreign_key_check).
    public func foreignKeyCheck() throws -> [ForeignKeyViolation] {
        // Columns: table, rowid (NULL for WITHOUT ROWID), parent, fkid.
        try self.fetchAll("PRAGMA foreign_key_check").map { row in
            ForeignKeyViolation(
                table: row[0].textValue ?? "",
                rowID: Int64(sqlValue: row[1]),
                parent: row[2].textValue ?? "",
                foreignKeyIndex: Int(sqlValue: row[3]) ?? 0
            )
        }
    }

    /// The problems `PRAGMA integrity_check` finds; empty when it answers the single row "ok"
    /// (https://sqlite.org/pragma.html#pragma_integrity_check).
    public func integrityCheck() throws -> [String] {
        let messages = try self.fetchAll("PRAGMA integrity_check").map { $0[0].textValue ?? "\($0[0])" }
        return messages == ["ok"] ? [] : messages
    }

    /// The journal mode in force, lowercased as SQLite reports it: "wal", "delete", "memory", …
    /// (https://sqlite.org/pragma.html#pragma_journal_mode).
    public func journalMode() throws -> String {
        try self.fetchScalar("PRAGMA journal_mode", as: String.self) ?? ""
    }

    /// Whether foreign key enforcement is on for this connection (https://sqlite.org/pragma.html#pragma_foreign_keys).
    public func isForeignKeyEnforcementOn() throws -> Bool {
        try self.fetchScalar("PRAGMA foreign_keys", as: Bool.self) ?? false
    }
}

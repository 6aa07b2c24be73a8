// workos-emulator: SQLite store.
// One row of PRAGMA foreign_key_check.

/// A row that breaks a foreign key, as reported by https://sqlite.org/pragma.html#pragma_foreign_key_check.
public struct ForeignKeyViolation: Sendable, Hashable {
    /// The table holding the offending row.
    public var table: String
    /// The offending row's rowid; nil for a WITHOUT ROWID table.
    public var rowID: Int64?
    /// The table the foreign key refers to.
    public var parent: String
    /// Which foreign key of `table` failed: the `id` column of `PRAGMA foreign_key_list(table)`.
    public var foreignKeyIndex: Int

    /// Makes a violation record.
    public init(table: String, rowID: Int64?, parent: String, foreignKeyIndex: Int) {
        self.table = table
        self.rowID = rowID
        self.parent = parent
        self.foreignKeyIndex = foreignKeyIndex
    }
}

extension ForeignKeyViolation: CustomStringConvertible {
    /// `organization_domains rowid 3 → organizations (foreign key 0)`.
    public var description: String {
        let row = self.rowID.map { "rowid \($0)" } ?? "a WITHOUT ROWID row"
        return "\(self.table) \(row) → \(self.parent) (foreign key \(self.foreignKeyIndex))"
    }
}

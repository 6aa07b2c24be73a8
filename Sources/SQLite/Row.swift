// workos-emulator: SQLite store.
// One result row with typed column access, as GRDB's `Row`: `let name: String = row["name"]`.

/// One result row: column names and their values, in select order.
public struct Row: Sendable, Hashable {
    /// Column names as SQLite reports them (https://sqlite.org/c3ref/column_name.html).
    public var columnNames: [String]
    /// Column values, parallel to `columnNames`.
    public var values: [SQLValue]

    /// Makes a row from parallel arrays of names and values.
    public init(columnNames: [String], values: [SQLValue]) {
        precondition(columnNames.count == values.count, "Row needs one value per column name")
        self.columnNames = columnNames
        self.values = values
    }

    /// The number of columns.
    public var count: Int { self.values.count }

    /// Whether the row has a column of that name (compared as SQLite compares identifiers: ASCII case-insensitively).
    public func hasColumn(_ column: String) -> Bool {
        self.index(ofColumn: column) != nil
    }

    /// The typed value of a column. A missing column or a value that does not convert is a programmer error.
    public subscript<T: SQLValueConvertible>(_ column: String) -> T {
        let value = self.value(ofColumn: column)
        guard let converted = T(sqlValue: value) else {
            preconditionFailure("Row column '\(column)' holds \(value), which does not convert to \(T.self)")
        }
        return converted
    }

    /// The raw value of a column, `.null` when NULL. A missing column is a programmer error.
    public subscript(_ column: String) -> SQLValue {
        self.value(ofColumn: column)
    }

    /// The raw value at a zero-based column index. An index out of range is a programmer error.
    public subscript(_ index: Int) -> SQLValue {
        precondition(self.values.indices.contains(index), "Row has no column at index \(index) (count \(self.count))")
        return self.values[index]
    }

    private func value(ofColumn column: String) -> SQLValue {
        guard let index = self.index(ofColumn: column) else {
            preconditionFailure("Row has no column '\(column)'; columns are \(self.columnNames)")
        }
        return self.values[index]
    }

    /// Exact match first; then ASCII case-insensitive, since "SQL identifiers are case-insensitive"
    /// (https://sqlite.org/lang_keywords.html) and `SELECT ID` names its column `ID`.
    private func index(ofColumn column: String) -> Int? {
        if let index = self.columnNames.firstIndex(of: column) {
            return index
        }
        let folded = Self.asciiLowercased(column)
        return self.columnNames.firstIndex { Self.asciiLowercased($0) == folded }
    }

    private static func asciiLowercased(_ string: String) -> String {
        String(decoding: string.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}

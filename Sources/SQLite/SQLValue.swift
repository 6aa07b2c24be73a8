// workos-emulator: SQLite store.
// One column value in one of SQLite's five storage classes.

/// A value as SQLite stores it: one of the five storage classes of https://sqlite.org/datatype3.html.
public enum SQLValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A signed 64-bit integer (SQLITE_INTEGER).
    case integer(Int64)
    /// An IEEE 754 double (SQLITE_FLOAT).
    case real(Double)
    /// UTF-8 text (SQLITE_TEXT); may contain NUL characters.
    case text(String)
    /// Raw bytes (SQLITE_BLOB); may be empty.
    case blob([UInt8])
}

extension SQLValue {
    /// Wraps any convertible Swift value: `SQLValue(user.id)`, `SQLValue(nil as String?)`.
    public init(_ value: some SQLValueConvertible) {
        self = value.sqlValue
    }

    /// Whether this is SQL NULL.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The string of a `.text` value, nil otherwise.
    public var textValue: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}

extension SQLValue: ExpressibleByStringLiteral {
    /// `"abc"` as `.text("abc")`.
    public init(stringLiteral value: String) {
        self = .text(value)
    }
}

extension SQLValue: ExpressibleByIntegerLiteral {
    /// `42` as `.integer(42)`.
    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }
}

extension SQLValue: ExpressibleByFloatLiteral {
    /// `1.5` as `.real(1.5)`.
    public init(floatLiteral value: Double) {
        self = .real(value)
    }
}

extension SQLValue: ExpressibleByBooleanLiteral {
    /// `true` as `.integer(1)`, `false` as `.integer(0)`: SQLite has no boolean type
    /// (https://sqlite.org/datatype3.html#boolean_datatype).
    public init(booleanLiteral value: Bool) {
        self = .integer(value ? 1 : 0)
    }
}

extension SQLValue: ExpressibleByNilLiteral {
    /// `nil` as `.null`.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension SQLValue: CustomStringConvertible {
    /// A short SQL-like rendering for messages and logs: `NULL`, `42`, `'text'`, `x'00ff'`.
    public var description: String {
        switch self {
        case .null:
            return "NULL"
        case .integer(let value):
            return String(value)
        case .real(let value):
            return String(value)
        case .text(let value):
            return "'" + value.map { $0 == "'" ? "''" : String($0) }.joined() + "'"
        case .blob(let bytes):
            let hexDigits = Array("0123456789abcdef")
            var hex = ""
            hex.reserveCapacity(bytes.count * 2)
            for byte in bytes {
                hex.append(hexDigits[Int(byte >> 4)])
                hex.append(hexDigits[Int(byte & 0x0f)])
            }
            return "x'" + hex + "'"
        }
    }
}

// workos-emulator: SQLite store.
// Swift types that map to and from a column value.

/// A Swift type that maps to and from a column value; `init?(sqlValue:)` returns nil on a storage class it cannot take.
public protocol SQLValueConvertible {
    /// The value to bind for this Swift value.
    var sqlValue: SQLValue { get }
    /// Decodes a column value, or returns nil when the storage class does not fit this type.
    init?(sqlValue: SQLValue)
}

extension SQLValue: SQLValueConvertible {
    /// The value itself.
    public var sqlValue: SQLValue { self }

    /// Any value, NULL included.
    public init?(sqlValue: SQLValue) {
        self = sqlValue
    }
}

extension String: SQLValueConvertible {
    /// `.text`.
    public var sqlValue: SQLValue { .text(self) }

    /// Only from `.text`: no silent number-to-string conversion.
    public init?(sqlValue: SQLValue) {
        guard case .text(let value) = sqlValue else { return nil }
        self = value
    }
}

extension Int64: SQLValueConvertible {
    /// `.integer`.
    public var sqlValue: SQLValue { .integer(self) }

    /// From `.integer`, or from a `.real` that holds a whole number in range (as SQLite's own CAST would).
    public init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .integer(let value):
            self = value
        case .real(let value):
            guard let exact = Int64(exactly: value) else { return nil }
            self = exact
        default:
            return nil
        }
    }
}

extension Int: SQLValueConvertible {
    /// `.integer`.
    public var sqlValue: SQLValue { .integer(Int64(self)) }

    /// As `Int64`, when the value fits.
    public init?(sqlValue: SQLValue) {
        guard let value = Int64(sqlValue: sqlValue), let exact = Int(exactly: value) else { return nil }
        self = exact
    }
}

extension Double: SQLValueConvertible {
    /// `.real`.
    public var sqlValue: SQLValue { .real(self) }

    /// From `.real` or `.integer`: an expression may yield either (https://sqlite.org/datatype3.html#type_affinity).
    public init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .real(let value):
            self = value
        case .integer(let value):
            self = Double(value)
        default:
            return nil
        }
    }
}

extension Bool: SQLValueConvertible {
    /// `.integer(1)` or `.integer(0)` (https://sqlite.org/datatype3.html#boolean_datatype).
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }

    /// From `.integer`: zero is false, anything else true, as in SQL's own truth test.
    public init?(sqlValue: SQLValue) {
        guard case .integer(let value) = sqlValue else { return nil }
        self = value != 0
    }
}

extension Array: SQLValueConvertible where Element == UInt8 {
    /// `.blob`.
    public var sqlValue: SQLValue { .blob(self) }

    /// From `.blob`.
    public init?(sqlValue: SQLValue) {
        guard case .blob(let bytes) = sqlValue else { return nil }
        self = bytes
    }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    /// `nil` binds NULL.
    public var sqlValue: SQLValue {
        switch self {
        case .none:
            return .null
        case .some(let wrapped):
            return wrapped.sqlValue
        }
    }

    /// NULL decodes as `nil` (a success); any other value must decode as `Wrapped`.
    public init?(sqlValue: SQLValue) {
        if case .null = sqlValue {
            self = .none
            return
        }
        guard let wrapped = Wrapped(sqlValue: sqlValue) else { return nil }
        self = .some(wrapped)
    }
}

// workos-emulator: typed access to JSON values, for request validation and tests.

extension JSON {
    /// The member named `key` when this is an object that has it; `nil` otherwise (a JSON `null` is `.null`).
    public subscript(key: String) -> JSON? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` when this is an array and `index` is in bounds; `nil` otherwise.
    public subscript(index: Int) -> JSON? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string when this is `.string`.
    public var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The boolean when this is `.bool`; numbers are not booleans (`1` is not `true`).
    public var boolValue: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    /// The integer when this is `.int`, or a `.double` holding an exactly integral value that fits in `Int`.
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value):
            // Range check first (2^63 is exact as a double), then truncate and compare; written without
            // `Int(exactly:)`, which calls libm's rounding functions and so needs libm linked.
            guard value >= -9_223_372_036_854_775_808.0, value < 9_223_372_036_854_775_808.0 else { return nil }
            let truncated = Int(value)
            return Double(truncated) == value ? truncated : nil
        default: return nil
        }
    }

    /// The number as a `Double` when this is `.double` or `.int` (large integers round to the nearest double).
    public var doubleValue: Double? {
        switch self {
        case .double(let value): return value
        case .int(let value): return Double(value)
        default: return nil
        }
    }

    /// The elements when this is `.array`.
    public var arrayValue: [JSON]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    /// The object when this is `.object`.
    public var objectValue: JSONObject? {
        guard case .object(let value) = self else { return nil }
        return value
    }

    /// Whether this is the literal `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type name for validation messages: "string", "number", "boolean", "null", "array" or "object".
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

// workos-emulator: types that render themselves as JSON (the emulator's wire models conform).

/// A type that can render itself as a JSON value.
public protocol JSONRepresentable {
    /// This value as JSON.
    var json: JSON { get }
}

extension JSON: JSONRepresentable {
    /// The value itself.
    public var json: JSON { self }
}

extension JSONObject: JSONRepresentable {
    /// The object as a JSON value.
    public var json: JSON { .object(self) }
}

extension String: JSONRepresentable {
    /// The string as a JSON string.
    public var json: JSON { .string(self) }
}

extension Int: JSONRepresentable {
    /// The integer as a JSON integer.
    public var json: JSON { .int(self) }
}

extension Double: JSONRepresentable {
    /// The number as a JSON double (non-finite values serialize as `null`).
    public var json: JSON { .double(self) }
}

extension Bool: JSONRepresentable {
    /// The boolean as a JSON boolean.
    public var json: JSON { .bool(self) }
}

extension Optional: JSONRepresentable where Wrapped: JSONRepresentable {
    /// The wrapped value's JSON, or an explicit `null` for `nil` (WorkOS SDKs expect the key present).
    public var json: JSON {
        switch self {
        case .some(let wrapped): return wrapped.json
        case .none: return .null
        }
    }
}

extension Array: JSONRepresentable where Element: JSONRepresentable {
    /// A JSON array of the elements' JSON, in order.
    public var json: JSON { .array(self.map(\.json)) }
}

// workos-emulator — a body field that may be absent, explicitly null, or set.
// Licensed MIT.

/// A request field in an update: absent (leave alone), `null` (clear), or a value (set).
/// WorkOS SDKs send an explicit `null` to clear `metadata` and `external_id` (catalog-A §1.4).
public enum Patch<Value: Sendable>: Sendable {
    /// The key was not in the body.
    case absent
    /// The key was present with `null`.
    case null
    /// The key was present with a value.
    case value(Value)

    /// The value when set, else nil.
    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// True unless the key was absent.
    public var isPresent: Bool {
        if case .absent = self { return false }
        return true
    }

    /// The same patch with its value transformed.
    public func map<T: Sendable>(_ transform: (Value) throws -> T) rethrows -> Patch<T> {
        switch self {
        case .absent: return .absent
        case .null: return .null
        case .value(let value): return .value(try transform(value))
        }
    }
}

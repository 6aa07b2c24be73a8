// workos-emulator: a JSON value (RFC 8259) that keeps what the wire format says:
// explicit nulls, integers apart from doubles, and object keys in order.

/// A JSON value as RFC 8259 §3 defines it, with numbers split into integers and doubles.
///
/// Equality is structural and strict: `.int(1) != .double(1.0)`, and objects compare their keys in order
/// (see ``JSONObject``), so two equal values serialize to the same bytes.
public enum JSON: Sendable, Equatable {
    /// The literal `null`.
    case null
    /// The literals `true` and `false`.
    case bool(Bool)
    /// A number literal with no fraction and no exponent that fits in `Int`.
    case int(Int)
    /// Any other number: with a fraction or an exponent, or an integer too large for `Int`.
    case double(Double)
    /// A string, already unescaped.
    case string(String)
    /// An array of values, in order.
    case array([JSON])
    /// An object whose members keep their insertion order.
    case object(JSONObject)
}

// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

/// Decoded `name=value` pairs of a query string or an `application/x-www-form-urlencoded` body
/// (WHATWG URL §5.1: `&`-separated, `+` is a space, `%XX` escapes).
public struct QueryItems: Sendable, Equatable {
    /// The pairs in the order received, decoded.
    public var items: [(name: String, value: String)]

    /// Parses `a=1&b=x%20y&c[k]=v`. Never fails: malformed escapes are kept literally, a piece without `=` has
    /// an empty value, empty pieces are skipped.
    public init(parsing encoded: Substring) {
        self.items = []
        guard !encoded.isEmpty else {
            return
        }
        for piece in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = piece.firstIndex(of: "=") {
                let name = PercentDecoding.decode(piece[..<equals], plusAsSpace: true)
                let value = PercentDecoding.decode(piece[piece.index(after: equals)...], plusAsSpace: true)
                self.items.append((name: name, value: value))
            } else {
                self.items.append((name: PercentDecoding.decode(piece, plusAsSpace: true), value: ""))
            }
        }
    }

    /// Parses an encoded query string.
    public init(parsing encoded: String) {
        self.init(parsing: encoded[...])
    }

    /// The given pairs, already decoded.
    public init(_ items: [(name: String, value: String)] = []) {
        self.items = items
    }

    /// The first value of `name`.
    public subscript(name: String) -> String? {
        self.items.first { $0.name == name }?.value
    }

    /// All values of a repeated `name`, in order.
    public func values(for name: String) -> [String] {
        self.items.compactMap { $0.name == name ? $0.value : nil }
    }

    /// An array parameter in any of the encodings SDKs send: `k=a,b` (comma-joined), `k=a&k=b` (repeated),
    /// `k[]=a&k[]=b` (bracketed) and `k[0]=a&k[1]=b` (indexed). Empty pieces are dropped.
    public func array(_ name: String) -> [String] {
        var result: [String] = []
        for item in self.items where Self.isArrayKey(item.name, of: name) {
            for piece in item.value.split(separator: ",", omittingEmptySubsequences: true) {
                result.append(String(piece))
            }
        }
        return result
    }

    /// `name[sub]=value` pairs as a dictionary keyed by `sub` (`provider_query_params[x]=1` → `["x": "1"]`);
    /// when a key repeats, the first value wins (as with the subscript).
    public func dictionary(_ name: String) -> [String: String] {
        var result: [String: String] = [:]
        for item in self.items {
            guard let key = Self.subscriptKey(item.name, of: name), !key.isEmpty else {
                continue
            }
            if result[String(key)] == nil {
                result[String(key)] = item.value
            }
        }
        return result
    }

    /// True when some pair is called `name`.
    public func contains(_ name: String) -> Bool {
        self.items.contains { $0.name == name }
    }

    /// True when there are no pairs.
    public var isEmpty: Bool {
        self.items.isEmpty
    }

    /// Same pairs in the same order.
    public static func == (lhs: QueryItems, rhs: QueryItems) -> Bool {
        lhs.items.count == rhs.items.count
            && zip(lhs.items, rhs.items).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// `name`, `name[]`, or `name[<digits>]`.
    private static func isArrayKey(_ key: String, of name: String) -> Bool {
        if key == name {
            return true
        }
        guard let inner = Self.subscriptKey(key, of: name) else {
            return false
        }
        return inner.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// For `name[inner]`, returns `inner`.
    private static func subscriptKey(_ key: String, of name: String) -> Substring? {
        guard key.hasPrefix(name), key.hasSuffix("]") else {
            return nil
        }
        let rest = key.dropFirst(name.count)
        guard rest.first == "[", rest.count >= 2 else {
            return nil
        }
        return rest.dropFirst().dropLast()
    }
}

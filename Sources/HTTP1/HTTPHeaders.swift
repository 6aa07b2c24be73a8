// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

/// Ordered header fields; names compare case-insensitively (RFC 9110 §5.1), repeated fields are kept in order.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One field line.
    public typealias Element = (name: String, value: String)

    private var fields: [Element]

    /// No fields.
    public init() {
        self.fields = []
    }

    /// The given fields, in order.
    public init(_ pairs: [(String, String)]) {
        self.fields = pairs.map { (name: $0.0, value: $0.1) }
    }

    /// The given fields, in literal order: `["Content-Type": "application/json"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// Get: the first value for `name`. Set: replaces every field called `name` (at the first one's position);
    /// `nil` removes them all.
    public subscript(name: String) -> String? {
        get {
            self.fields.first { $0.name.equalsIgnoringASCIICase(name) }?.value
        }
        set {
            guard let newValue else {
                self.remove(name: name)
                return
            }
            if let index = self.fields.firstIndex(where: { $0.name.equalsIgnoringASCIICase(name) }) {
                self.fields[index].value = newValue
                var next = index + 1
                while next < self.fields.count {
                    if self.fields[next].name.equalsIgnoringASCIICase(name) {
                        self.fields.remove(at: next)
                    } else {
                        next += 1
                    }
                }
            } else {
                self.fields.append((name: name, value: newValue))
            }
        }
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        self.fields.compactMap { $0.name.equalsIgnoringASCIICase(name) ? $0.value : nil }
    }

    /// Appends a field, keeping existing ones with the same name.
    public mutating func add(name: String, value: String) {
        self.fields.append((name: name, value: value))
    }

    /// Removes every field called `name`.
    public mutating func remove(name: String) {
        self.fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// True when at least one field is called `name`.
    public func contains(_ name: String) -> Bool {
        self.fields.contains { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// True when a list-valued field (e.g. `Connection`) has `token` among its comma-separated elements,
    /// compared case-insensitively (RFC 9110 §5.6.1).
    public func containsToken(_ token: String, in name: String) -> Bool {
        for field in self.fields where field.name.equalsIgnoringASCIICase(name) {
            for element in field.value.commaSeparatedElements() where element.equalsIgnoringASCIICase(token) {
                return true
            }
        }
        return false
    }

    /// The number of field lines.
    public var count: Int {
        self.fields.count
    }

    /// True when there are no fields.
    public var isEmpty: Bool {
        self.fields.isEmpty
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[Element]> {
        self.fields.makeIterator()
    }

    /// `Name: value` lines.
    public var description: String {
        self.fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }
}

extension HTTPHeaders: Equatable {
    /// Same fields in the same order; names compared case-insensitively, values exactly.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        guard lhs.count == rhs.count else {
            return false
        }
        return zip(lhs.fields, rhs.fields).allSatisfy { left, right in
            left.name.equalsIgnoringASCIICase(right.name) && left.value == right.value
        }
    }
}

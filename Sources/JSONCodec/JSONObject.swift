// workos-emulator: the members of a JSON object (RFC 8259 §4) in insertion order, so responses can put
// "object" first as WorkOS does, with constant-time lookup by key.

/// Insertion-ordered, string-keyed members of a JSON object; setting an existing key replaces its value in place.
///
/// Objects up to `indexThreshold` members (every WorkOS payload) are searched linearly, which is cheaper than
/// building a hash index; past that a key → position dictionary makes lookup O(1) on average, so a body with
/// thousands of keys cannot make parsing quadratic.
/// Two objects are equal when they hold the same keys, in the same order, with equal values.
public struct JSONObject: Sendable {
    /// A member: its key and its value.
    public typealias Element = (key: String, value: JSON)

    /// Member count above which lookups go through a hash index instead of a linear scan. Measured in release
    /// builds: parsing arrays of 12-, 20- and 32-key objects ran about twice as fast as with a threshold of 8.
    static let indexThreshold = 32

    /// The members in insertion order.
    private var entries: [Element]
    /// Position of each key in `entries`; built only once there are more than `indexThreshold` members.
    private var index: [String: Int]?

    /// An empty object.
    public init() {
        self.entries = []
        self.index = nil
    }

    /// An empty object with room for `minimumCapacity` members.
    public init(minimumCapacity: Int) {
        self.entries = []
        self.entries.reserveCapacity(minimumCapacity)
        self.index = nil
    }

    /// The value for `key`, or `nil` when absent; setting `nil` removes the key, setting `.null` keeps it as null.
    public subscript(key: String) -> JSON? {
        get {
            guard let position = self.position(of: key) else { return nil }
            return self.entries[position].value
        }
        set {
            guard let newValue else {
                self.removeValue(forKey: key)
                return
            }
            if let position = self.position(of: key) {
                self.entries[position].value = newValue
            } else {
                self.appendNew(key: key, value: newValue)
            }
        }
    }

    /// The keys in insertion order.
    public var keys: [String] {
        self.entries.map(\.key)
    }

    /// The values in insertion order.
    public var values: [JSON] {
        self.entries.map(\.value)
    }

    /// The number of members.
    public var count: Int {
        self.entries.count
    }

    /// Whether the object has no members.
    public var isEmpty: Bool {
        self.entries.isEmpty
    }

    /// Whether `key` is present (with any value, including `null`).
    public func contains(_ key: String) -> Bool {
        self.position(of: key) != nil
    }

    /// Removes `key` and returns its value, or returns `nil` when it was absent; later members keep their order.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSON? {
        guard let position = self.position(of: key) else { return nil }
        let removed = self.entries.remove(at: position).value
        if self.entries.count <= Self.indexThreshold {
            self.index = nil
        } else if self.index != nil {
            self.index![key] = nil
            for shifted in position..<self.entries.count {
                self.index![self.entries[shifted].key] = shifted
            }
        }
        return removed
    }

    /// Where `key` sits in `entries`.
    private func position(of key: String) -> Int? {
        if let index = self.index {
            return index[key]
        }
        for position in self.entries.indices where self.entries[position].key == key {
            return position
        }
        return nil
    }

    /// Appends a key known to be absent, building the index once the object outgrows a linear scan.
    private mutating func appendNew(key: String, value: JSON) {
        self.entries.append((key: key, value: value))
        if self.index != nil {
            self.index![key] = self.entries.count - 1
        } else if self.entries.count > Self.indexThreshold {
            var index = [String: Int](minimumCapacity: self.entries.count * 2)
            for (position, entry) in self.entries.enumerated() {
                index[entry.key] = position
            }
            self.index = index
        }
    }
}

extension JSONObject: Equatable {
    /// Equal when both hold the same keys in the same order with equal values.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for (left, right) in zip(lhs.entries, rhs.entries) where left.key != right.key || left.value != right.value {
            return false
        }
        return true
    }
}

extension JSONObject: Sequence {
    /// Iterates the members in insertion order.
    public func makeIterator() -> IndexingIterator<[Element]> {
        self.entries.makeIterator()
    }

    /// The number of members.
    public var underestimatedCount: Int {
        self.entries.count
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object with the literal's keys in the order written; a repeated key keeps its first position and last value.
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(minimumCapacity: elements.count)
        for (key, value) in elements {
            self[key] = value
        }
    }
}

extension JSONObject: CustomStringConvertible {
    /// The compact JSON text of the object.
    public var description: String {
        JSON.object(self).serializedString
    }
}

// workos-emulator — API keys held in memory and compared in constant time.
// Licensed MIT.

import SQLite
import Synchronization

/// Maps API keys to their environments. Lookups compare the presented key with every stored key without
/// stopping early, so the time taken does not tell a caller how much of a key it guessed right.
public final class KeyRing: Sendable {
    private struct Entry {
        var key: [UInt8]
        var environment: Environment
    }

    private let entries = Mutex<[Entry]>([])

    /// An empty key ring.
    public init() {}

    /// Replaces the contents with every key stored in the database.
    public func load(from database: Database) throws {
        let rows = try database.read { connection in
            try connection.fetchAll(
                "SELECT api_keys.key AS api_key, environments.* FROM api_keys JOIN environments ON environments.id = api_keys.environment_id"
            )
        }
        let loaded = rows.map { Entry(key: Array(($0["api_key"] as String).utf8), environment: Environment(row: $0)) }
        self.entries.withLock { $0 = loaded }
    }

    /// Adds (or re-points) one key.
    public func add(_ key: String, for environment: Environment) {
        let bytes = Array(key.utf8)
        self.entries.withLock { entries in
            entries.removeAll { $0.key == bytes }
            entries.append(Entry(key: bytes, environment: environment))
        }
    }

    /// The environment of `key`, or nil. Every stored key is compared in full.
    public func environment(forKey key: String) -> Environment? {
        let presented = Array(key.utf8)
        return self.entries.withLock { entries in
            var found: Environment?
            for entry in entries where Self.constantTimeEquals(entry.key, presented) {
                found = entry.environment
            }
            return found
        }
    }

    /// Byte-wise comparison whose duration depends only on the lengths, not on where the bytes differ.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
        let length = max(lhs.count, rhs.count)
        for index in 0..<length {
            let a = index < lhs.count ? lhs[index] : 0
            let b = index < rhs.count ? rhs[index] : 0
            difference |= a ^ b
        }
        return difference == 0 && lhs.count == rhs.count
    }
}

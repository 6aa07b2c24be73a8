// workos-emulator — API keys held (in memory and in the database) as SHA-256 digests and matched in constant time.
// Licensed MIT.

import SQLite
import Synchronization
import TokenSigning

/// Maps API keys to their environments. Only SHA-256 digests of the keys are held, as `api_keys.key_digest` stores
/// them (0010_api_key_digests.sql): a lookup hashes the presented key,
/// finds the entry by digest (timing can only tell a caller about the digest, never about how much of a key it
/// guessed right) and confirms it with a constant-time comparison. One dictionary lookup per request, whatever the
/// number of environments (`Benchmarks/results/proposals.md` item 5: a scan of 1,001 keys cost 14 µs a request).
public final class KeyRing: Sendable {
    private struct Entry {
        var digest: String
        var environment: Environment
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// An empty key ring.
    public init() {}

    /// Replaces the contents with every key stored in the database.
    public func load(from database: Database) throws {
        let rows = try database.read { connection in
            try connection.fetchAll(
                """
                SELECT api_keys.key_digest AS key_digest, environments.* FROM api_keys
                JOIN environments ON environments.id = api_keys.environment_id
                """
            )
        }
        var loaded: [String: Entry] = [:]
        for row in rows {
            let digest: String = row["key_digest"]
            loaded[digest] = Entry(digest: digest, environment: Environment(row: row))
        }
        self.entries.withLock { $0 = loaded }
    }

    /// Adds (or re-points) one key.
    public func add(_ key: String, for environment: Environment) {
        let digest = Self.digest(key)
        self.entries.withLock { $0[digest] = Entry(digest: digest, environment: environment) }
    }

    /// The environment of `key`, or nil.
    public func environment(forKey key: String) -> Environment? {
        let digest = Self.digest(key)
        guard let entry = self.entries.withLock({ $0[digest] }) else { return nil }
        return Self.constantTimeEquals(Array(entry.digest.utf8), Array(digest.utf8)) ? entry.environment : nil
    }

    /// The digest a key is stored and looked up by: lower-case hex SHA-256 of its UTF-8 bytes.
    static func digest(_ key: String) -> String {
        TokenDigest.sha256Hex(key)
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

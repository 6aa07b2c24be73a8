// workos-emulator — ULID-based ids: `<prefix>_<26 Crockford base32 characters>`.
// Licensed MIT.

import Synchronization

/// Makes ids `<prefix>_<ULID>` (https://github.com/ulid/spec): 48 bits of milliseconds then 80 random bits,
/// Crockford base32. Within one millisecond the random part is incremented, so ids are strictly increasing
/// and `ORDER BY id` is creation order.
public final class IDGenerator: Sendable {
    private struct State {
        var lastMilliseconds: Int64 = -1
        var high: UInt16 = 0  // top 16 of the 80 random bits
        var low: UInt64 = 0  // low 64 random bits
    }

    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    private let state = Mutex(State())
    private let clock: any EmulatorClock

    /// Creates a generator reading time from `clock`.
    public init(clock: any EmulatorClock) {
        self.clock = clock
    }

    /// A new id with the given prefix.
    public func make(_ prefix: IDPrefix) -> String {
        prefix.rawValue + "_" + self.makeULID()
    }

    /// A new id whose 80 random bits are all fresh: no shared state, so no lock (a contended `Mutex` on every
    /// response cost a quarter of the server's CPU in `Benchmarks/results/proposals.md`). Unique with overwhelming
    /// probability but not ordered within a millisecond: for request ids, which need no order.
    public func makeUnordered(_ prefix: IDPrefix) -> String {
        var rng = SystemRandomNumberGenerator()
        let high = UInt16.random(in: 0...UInt16.max, using: &rng)
        let low = UInt64.random(in: 0...UInt64.max, using: &rng)
        return prefix.rawValue + "_" + Self.encode(time: self.clock.now().milliseconds, high: high, low: low)
    }

    /// A new bare ULID (26 characters).
    public func makeULID() -> String {
        let now = self.clock.now().milliseconds
        let (time, high, low) = self.state.withLock { state -> (Int64, UInt16, UInt64) in
            if now > state.lastMilliseconds {
                var rng = SystemRandomNumberGenerator()
                state.lastMilliseconds = now
                state.high = UInt16.random(in: 0...UInt16.max, using: &rng) & 0x7FFF  // room to increment
                state.low = UInt64.random(in: 0...UInt64.max, using: &rng)
            } else {
                // Same (or an earlier, if the clock stepped back) millisecond: keep the last time, add one.
                let (sum, overflow) = state.low.addingReportingOverflow(1)
                state.low = sum
                if overflow { state.high &+= 1 }
            }
            return (state.lastMilliseconds, state.high, state.low)
        }
        return Self.encode(time: time, high: high, low: low)
    }

    /// Crockford base32 of 48 bits of milliseconds then 80 random bits (`high`:16 | `low`:64).
    private static func encode(time: Int64, high: UInt16, low: UInt64) -> String {
        var bytes = [UInt8](repeating: 0, count: 26)
        var t = UInt64(max(0, time))
        for index in stride(from: 9, through: 0, by: -1) {
            bytes[index] = Self.alphabet[Int(t & 31)]
            t >>= 5
        }
        // 80 random bits = 16 characters, 5 bits at a time, least significant first.
        var lowBits = low
        var highBits = UInt64(high)
        for index in stride(from: 25, through: 10, by: -1) {
            bytes[index] = Self.alphabet[Int(lowBits & 31)]
            lowBits = (lowBits >> 5) | ((highBits & 31) << 59)
            highBits >>= 5
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

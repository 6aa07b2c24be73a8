// workos-emulator — the one source of "now".
// Licensed MIT.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the emulator reads the current time. Everything that stamps a record asks this, so a later
/// controllable clock (for expiry tests) can replace it in one place.
public protocol EmulatorClock: Sendable {
    /// The current instant.
    func now() -> Timestamp
}

/// The machine's wall clock (`clock_gettime(CLOCK_REALTIME)`).
public struct SystemClock: EmulatorClock {
    /// Creates the wall clock.
    public init() {}

    /// The current wall-clock instant, in milliseconds.
    public func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }
}

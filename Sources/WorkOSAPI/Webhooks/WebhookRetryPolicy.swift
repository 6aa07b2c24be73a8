// workos-emulator — how often and how soon a failed webhook delivery is tried again.
// Licensed MIT.

/// Exponential backoff: attempt n+1 comes `baseDelay × 2^(n-1)` after attempt n fails (1 s, 2 s, 4 s, 8 s, 16 s
/// by default), and after `maxAttempts` failed attempts the delivery is `failed`. WorkOS retries for days; an
/// emulator serving test suites gives up within half a minute, and tests shorten the delay further
/// (`--webhook-retry-delay-ms`).
public struct WebhookRetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included (at least 1).
    public var maxAttempts: Int
    /// The wait after the first failed attempt; each later wait doubles.
    public var baseDelay: Duration

    /// A policy; the defaults are 6 attempts, 1 s base delay.
    public init(maxAttempts: Int = 6, baseDelay: Duration = .seconds(1)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
    }

    /// Milliseconds to wait after `attempts` failed attempts, or nil when no attempt is left.
    func delayMilliseconds(afterAttempts attempts: Int) -> Int64? {
        guard attempts < self.maxAttempts else { return nil }
        let (seconds, attoseconds) = self.baseDelay.components
        let base = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let exponent = min(max(attempts - 1, 0), 30)
        let (delay, overflow) = base.multipliedReportingOverflow(by: Int64(1) << exponent)
        return overflow ? Int64.max / 2 : delay
    }
}

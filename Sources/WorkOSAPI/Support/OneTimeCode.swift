// workos-emulator — the 6-digit codes of Magic Auth, email verification and email change (catalog-A §1.9).
// Licensed MIT.

/// Numeric one-time codes drawn from the system CSPRNG.
enum OneTimeCode {
    /// Wrong codes a code (or a challenge, or a step asking for one) survives; after that it is refused even when
    /// right, so six digits cannot be found by trying them all. WorkOS documents no bound
    /// (`one_time_code_too_many_attempts`, catalog-A §6.3, catalog-B §5); 5 is the emulator's, for every kind.
    static let maximumFailedAttempts = 5

    /// Six decimal digits, uniformly distributed ("123456"; leading zeros kept).
    static func make() -> String {
        var rng = SystemRandomNumberGenerator()
        let value = Int.random(in: 0..<1_000_000, using: &rng)
        let digits = String(value)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// Compares a submitted code with the stored one in time independent of where they differ.
    static func matches(_ submitted: String, _ stored: String) -> Bool {
        let a = Array(submitted.utf8)
        let b = Array(stored.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

// workos-emulator — the 6-digit codes of Magic Auth, email verification and email change (catalog-A §1.9).
// Licensed MIT.

/// Numeric one-time codes drawn from the system CSPRNG.
enum OneTimeCode {
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

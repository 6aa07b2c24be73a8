// workos-emulator — opaque random tokens (verification tokens, API keys, request ids).
// Licensed MIT.

/// Random strings drawn from the system CSPRNG.
public enum RandomToken {
    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let lowercase = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// `count` characters of `[A-Za-z0-9]`, like WorkOS's 25-character tokens (catalog-A §1.9).
    public static func alphanumeric(_ count: Int) -> String {
        Self.make(count, from: Self.alphanumerics)
    }

    /// `count` characters of `[a-z0-9]`.
    public static func lowercaseAlphanumeric(_ count: Int) -> String {
        Self.make(count, from: Self.lowercase)
    }

    private static func make(_ count: Int, from alphabet: [UInt8]) -> String {
        var rng = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        for _ in 0..<count {
            bytes.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

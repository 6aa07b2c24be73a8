// workos-emulator — time-based one-time passwords for MFA factors (RFC 6238 over RFC 4226 HOTP), as WorkOS uses
// them: SHA-1, 6 digits, 30-second steps (spec `EnrollUserlandUserAuthenticationFactorDto.totp_secret`).
// Licensed MIT.

import Crypto

/// TOTP codes and secrets. The HMAC is swift-crypto's; only the RFC 4226 truncation is done here.
enum TOTP {
    /// RFC 6238 §4.1 X: the time step in seconds.
    static let stepSeconds: Int64 = 30
    /// Code length (RFC 4226 §5.3 `Digit`).
    static let digits = 6
    /// Steps accepted on each side of the current one, for clock skew (RFC 6238 §5.2 recommends one).
    static let skewSteps: Int64 = 1

    /// A new secret: 20 random bytes (RFC 4226 §4 recommends 160 bits), base32 without padding.
    static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Base32.encode(bytes)
    }

    /// The code for `secret` (base32) at Unix time `unixSeconds`; nil when the secret is not base32.
    static func code(secret: String, unixSeconds: Int64) -> String? {
        guard let key = Base32.decode(secret), !key.isEmpty else { return nil }
        return self.hotp(key: key, counter: UInt64(max(0, unixSeconds) / self.stepSeconds))
    }

    /// True when `submitted` is the code of the current step or of a neighbouring one.
    static func verify(_ submitted: String, secret: String, unixSeconds: Int64) -> Bool {
        guard let key = Base32.decode(secret), !key.isEmpty else { return false }
        let counter = max(0, unixSeconds) / self.stepSeconds
        for offset in -self.skewSteps...self.skewSteps where counter + offset >= 0 {
            if OneTimeCode.matches(submitted, self.hotp(key: key, counter: UInt64(counter + offset))) { return true }
        }
        return false
    }

    /// RFC 4226 §5.3: HMAC-SHA-1 of the 8-byte big-endian counter, dynamic truncation, modulo 10^digits.
    static func hotp(key: [UInt8], counter: UInt64) -> String {
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64($0))) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        let value = binary % 1_000_000
        let text = String(value)
        return String(repeating: "0", count: self.digits - text.count) + text
    }
}

/// RFC 4648 §6 base32 (alphabet `A–Z2–7`), the encoding of TOTP secrets.
enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Encodes without `=` padding (authenticator apps accept either).
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                out.append(self.alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(self.alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes, ignoring case, spaces, hyphens and `=` padding; nil for any other character.
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for scalar in text.uppercased().utf8 {
            if scalar == UInt8(ascii: "=") || scalar == UInt8(ascii: " ") || scalar == UInt8(ascii: "-") { continue }
            guard let index = self.alphabet.firstIndex(of: scalar) else { return nil }
            buffer = (buffer << 5) | UInt32(index)
            bits += 5
            if bits >= 8 {
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits - 8)))
                bits -= 8
            }
        }
        return out
    }
}

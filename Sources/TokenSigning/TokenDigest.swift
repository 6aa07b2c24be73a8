// workos-emulator — SHA-256 of opaque tokens, so that a store keeps only a digest of a bearer secret.
// Licensed MIT.

import Crypto

/// Digests of opaque tokens (refresh tokens).
public enum TokenDigest {
    /// Lower-case hex SHA-256 of the token's UTF-8 bytes.
    public static func sha256Hex(_ token: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(token.utf8)) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

// workos-emulator — PKCE (RFC 7636) as WorkOS supports it: S256 only (catalog-A §6.4).
// Licensed MIT.

import Crypto
import TokenSigning

/// Checks of `code_challenge` and `code_verifier`.
enum PKCE {
    /// The one method WorkOS accepts.
    static let s256 = "S256"

    /// RFC 7636 §4.1: 43–128 characters of `[A-Za-z0-9-._~]`. A challenge (base64url of a SHA-256, 43 characters)
    /// has the same shape.
    static func isWellFormed(_ value: String) -> Bool {
        (43...128).contains(value.utf8.count)
            && value.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: "~")
            }
    }

    /// RFC 7636 §4.2: `BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))`, without padding.
    static func challenge(for verifier: String) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Array(verifier.utf8))))
    }

    /// RFC 7636 §4.6: the verifier matches the stored S256 challenge (compared in constant time).
    static func verify(_ verifier: String, challenge: String) -> Bool {
        OneTimeCode.matches(self.challenge(for: verifier), challenge)
    }
}

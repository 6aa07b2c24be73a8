// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

import Crypto
import _CryptoExtras

/// PBKDF2 (RFC 8018 §5.2) with an HMAC pseudorandom function, computed by swift-crypto's BoringSSL backend.
enum PBKDF2 {
    /// The HMAC hash functions password exports use with PBKDF2.
    enum Digest: String, Sendable, CaseIterable {
        /// HMAC-SHA-1 (PHC identifier `pbkdf2-sha1`, or plain `pbkdf2` in passlib).
        case sha1
        /// HMAC-SHA-256.
        case sha256
        /// HMAC-SHA-512.
        case sha512

        /// swift-crypto's name for the same hash function.
        var hashFunction: KDF.Insecure.PBKDF2.HashFunction {
            switch self {
            case .sha1: .insecureSHA1
            case .sha256: .sha256
            case .sha512: .sha512
            }
        }
    }

    /// The most iterations an imported hash may ask for: about three seconds of work here, well above what real
    /// exports use (OWASP's 2023 advice is 600,000 for SHA-256), and a bound on what one sign-in can cost.
    static let maximumIterations = 10_000_000

    /// DK = PBKDF2(P, S, c, dkLen), or nil if BoringSSL refuses the parameters. `length` and `iterations` must be
    /// positive (swift-crypto would trap on a zero-length output buffer).
    static func derive(password: [UInt8], salt: [UInt8], digest: Digest, iterations: Int, length: Int) -> [UInt8]? {
        guard length > 0, (1...Self.maximumIterations).contains(iterations) else {
            return nil
        }
        let key = try? KDF.Insecure.PBKDF2.deriveKey(
            from: password,
            salt: salt,
            using: digest.hashFunction,
            outputByteCount: length,
            unsafeUncheckedRounds: iterations
        )
        return key?.withUnsafeBytes { Array($0) }
    }
}

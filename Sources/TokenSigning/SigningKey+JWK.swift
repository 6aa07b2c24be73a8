// workos-emulator — the public half of a signing key as a JSON Web Key (RFC 7517, RFC 7518 §6.3).
// Licensed MIT.

import JSONCodec
import _CryptoExtras

extension SigningKey {
    /// The JWK of the public key, with every member Python SDK 10 requires (`n`, `e`, `kid`, `x5c`, `x5t#S256`;
    /// catalog-A §6.6): `{"alg":"RS256","kty":"RSA","use":"sig","n","e","kid","x5c":[<base64 DER>],"x5t#S256"}`.
    public var jwk: JSON {
        let (modulus, exponent) = Self.primitives(of: self.privateKey.publicKey)
        return [
            "alg": "RS256",
            "kty": "RSA",
            "use": "sig",
            "n": .string(Base64URL.encode(modulus)),
            "e": .string(Base64URL.encode(exponent)),
            "kid": .string(self.kid),
            // RFC 7517 §4.7: standard base64 (not base64url) of the DER certificate.
            "x5c": [.string(Base64.standard(self.certificateDER))],
            "x5t#S256": .string(self.certificateThumbprint),
        ]
    }

    /// Modulus and public exponent as unsigned big-endian bytes without leading zeros (RFC 7518 §6.3.1.1).
    static func primitives(of publicKey: _RSA.Signing.PublicKey) -> (modulus: [UInt8], exponent: [UInt8]) {
        // `getKeyPrimitives` only fails for keys BoringSSL cannot read back, which a key it made cannot be.
        guard let primitives = try? publicKey.getKeyPrimitives() else { return ([], []) }
        func trimmed(_ bytes: [UInt8]) -> [UInt8] {
            let first = bytes.firstIndex { $0 != 0 } ?? bytes.count
            return first == bytes.count ? [0] : Array(bytes[first...])
        }
        return (trimmed(Array(primitives.modulus)), trimmed(Array(primitives.publicExponent)))
    }
}

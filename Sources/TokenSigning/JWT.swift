// workos-emulator — JWS compact serialization with RS256 (RFC 7515 §3.1, §7.1; RFC 7518 §3.3).
// Licensed MIT.

import Crypto
import Foundation
import JSONCodec
import _CryptoExtras

/// Signs and verifies RS256 JSON Web Tokens.
public enum JWT {
    /// The one algorithm the emulator signs with and accepts.
    public static let algorithm = "RS256"

    /// `BASE64URL(header) . BASE64URL(claims) . BASE64URL(signature)` of the two JSON objects as given, signed with
    /// `key`. The header should carry `alg` = `RS256` and the key's `kid`; `sign(claims:with:)` builds it.
    public static func sign(
        header: JSONObject, claims: JSONObject, with key: SigningKey
    ) throws(TokenSigningError)
        -> String
    {
        let signingInput =
            Base64URL.encode(JSON.object(header).serialized()) + "."
            + Base64URL.encode(JSON.object(claims).serialized())
        let signature = try key.sign(Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// Signs `claims` under the header `{"alg":"RS256","kid":<key's kid>,"typ":"JWT"}`.
    public static func sign(claims: JSONObject, with key: SigningKey) throws(TokenSigningError) -> String {
        try self.sign(
            header: ["alg": .string(self.algorithm), "kid": .string(key.kid), "typ": "JWT"], claims: claims,
            with: key)
    }

    /// A token taken apart, before any signature check.
    public struct Parts: Sendable {
        /// The protected header.
        public var header: JSONObject
        /// The claims set.
        public var claims: JSONObject
        /// `BASE64URL(header) . BASE64URL(claims)`, the bytes the signature covers.
        public var signingInput: [UInt8]
        /// The signature bytes.
        public var signature: [UInt8]
    }

    /// Splits and decodes a compact JWS without verifying it.
    public static func decode(_ token: String) throws(TokenSigningError) -> Parts {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else { throw TokenSigningError("a JWS has three dot-separated parts") }
        func object(_ segment: Substring, _ name: String) throws(TokenSigningError) -> JSONObject {
            guard let bytes = Base64URL.decode(segment), let json = try? JSON.parse(bytes),
                let object = json.objectValue
            else { throw TokenSigningError("the \(name) is not a base64url JSON object") }
            return object
        }
        let header = try object(segments[0], "header")
        let claims = try object(segments[1], "claims set")
        guard let signature = Base64URL.decode(segments[2]) else {
            throw TokenSigningError("the signature is not base64url")
        }
        let signingInput = Array(token.utf8.prefix(segments[0].utf8.count + 1 + segments[1].utf8.count))
        return Parts(header: header, claims: claims, signingInput: signingInput, signature: signature)
    }

    /// Verifies an RS256 token against a JWKS document (`{"keys":[…]}`): the header's `kid` picks the key, `alg` must
    /// be `RS256`, the signature must verify with the key's `n`/`e`, and when `now` is given `exp` must lie after it.
    /// Answers the claims.
    public static func verify(_ token: String, jwks: JSON, now: Date? = nil) throws(TokenSigningError) -> JSONObject {
        let parts = try self.decode(token)
        guard parts.header["alg"]?.stringValue == self.algorithm else {
            throw TokenSigningError("the header's alg is not RS256")
        }
        guard let kid = parts.header["kid"]?.stringValue else { throw TokenSigningError("the header has no kid") }
        guard let jwk = jwks["keys"]?.arrayValue?.first(where: { $0["kid"]?.stringValue == kid }) else {
            throw TokenSigningError("no key with kid '\(kid)' in the key set")
        }
        guard let n = jwk["n"]?.stringValue.flatMap(Base64URL.decode),
            let e = jwk["e"]?.stringValue.flatMap(Base64URL.decode),
            let publicKey = try? _RSA.Signing.PublicKey(n: n, e: e)
        else { throw TokenSigningError("the key '\(kid)' is not a valid RSA JWK") }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: parts.signature)
        guard
            publicKey.isValidSignature(
                signature, for: SHA256.hash(data: parts.signingInput), padding: .insecurePKCS1v1_5
            )
        else { throw TokenSigningError("the signature does not verify") }
        if let now {
            guard let exp = parts.claims["exp"]?.intValue else { throw TokenSigningError("the token has no exp") }
            guard Double(exp) > now.timeIntervalSince1970 else { throw TokenSigningError("the token has expired") }
        }
        return parts.claims
    }
}

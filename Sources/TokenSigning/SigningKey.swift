// workos-emulator — an RSA signing key with its self-signed certificate: what an environment signs access tokens with
// and publishes at GET /sso/jwks/{client_id} (catalog-A §6.6).
// Licensed MIT.

import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// A 2048-bit RSA key, its key id and a self-signed X.509 certificate of its public key (the JWKS `x5c`).
///
/// All cryptography is swift-crypto's (BoringSSL) and swift-certificates'; this type only arranges it.
public struct SigningKey: Sendable {
    /// The private key; signatures are RSASSA-PKCS1-v1_5 with SHA-256 (JWS `RS256`, RFC 7518 §3.3).
    public let privateKey: _RSA.Signing.PrivateKey
    /// The JWS/JWK `kid`: `key_` and 26 Crockford base32 characters of the SHA-256 of the public key, so that the same
    /// key always has the same id (a key pinned in a seed keeps its `kid` in every database).
    public let kid: String
    /// The DER encoding of the self-signed certificate of the public key.
    public let certificateDER: [UInt8]

    /// How long generated certificates are valid: ten years.
    public static let certificateValidity: TimeInterval = 10 * 365.25 * 86_400

    /// Wraps a private key and its certificate; the certificate must be of this key (checked).
    public init(privateKey: _RSA.Signing.PrivateKey, certificateDER: [UInt8]) throws(TokenSigningError) {
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: certificateDER)
        } catch {
            throw TokenSigningError("the certificate is not a valid DER X.509 certificate: \(error)")
        }
        guard certificate.publicKey == Certificate.PublicKey(privateKey.publicKey) else {
            throw TokenSigningError("the certificate is not of this key")
        }
        self.privateKey = privateKey
        self.kid = Self.kid(for: privateKey.publicKey)
        self.certificateDER = certificateDER
    }

    /// Generates a new 2048-bit key and its self-signed certificate (`CN=<commonName>`, valid ten years from `now`).
    public static func generate(commonName: String, now: Date) throws(TokenSigningError) -> SigningKey {
        let privateKey: _RSA.Signing.PrivateKey
        do {
            privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        } catch {
            throw TokenSigningError("RSA key generation failed: \(error)")
        }
        return try self.make(privateKey: privateKey, commonName: commonName, now: now)
    }

    /// Imports a PEM private key (PKCS#8 `PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY`, at least 2048 bits) and issues a
    /// new self-signed certificate for it.
    public static func importing(pem: String, commonName: String, now: Date) throws(TokenSigningError) -> SigningKey {
        try self.make(privateKey: try self.privateKey(pem: pem), commonName: commonName, now: now)
    }

    /// Parses a PEM private key (PKCS#8 or PKCS#1, RSA, at least 2048 bits).
    public static func privateKey(pem: String) throws(TokenSigningError) -> _RSA.Signing.PrivateKey {
        do {
            return try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        } catch {
            throw TokenSigningError("not a PEM RSA private key of at least 2048 bits: \(error)")
        }
    }

    /// The private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), the form it is stored in.
    public var pkcs8PEM: String {
        self.privateKey.pkcs8PEMRepresentation
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 over `message` (RFC 8017 §8.2; JWS `RS256`).
    public func sign(_ message: some DataProtocol) throws(TokenSigningError) -> [UInt8] {
        do {
            let signature = try self.privateKey.signature(for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5)
            return Array(signature.rawRepresentation)
        } catch {
            throw TokenSigningError("RSA signing failed: \(error)")
        }
    }

    /// `x5t#S256`: the base64url SHA-256 thumbprint of the certificate's DER (RFC 7517 §4.9).
    public var certificateThumbprint: String {
        Base64URL.encode(Array(SHA256.hash(data: self.certificateDER)))
    }

    // MARK: Private

    private static func make(
        privateKey: _RSA.Signing.PrivateKey, commonName: String, now: Date
    )
        throws(TokenSigningError) -> SigningKey
    {
        do {
            let name = try DistinguishedName { CommonName(commonName) }
            // Whole seconds: X.509 times carry no fractions.
            let notBefore = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
            let certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: Certificate.PublicKey(privateKey.publicKey),
                notValidBefore: notBefore,
                notValidAfter: notBefore.addingTimeInterval(self.certificateValidity),
                issuer: name,
                subject: name,
                signatureAlgorithm: .sha256WithRSAEncryption,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                },
                issuerPrivateKey: Certificate.PrivateKey(privateKey)
            )
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            return try SigningKey(privateKey: privateKey, certificateDER: serializer.serializedBytes)
        } catch let error as TokenSigningError {
            throw error
        } catch {
            throw TokenSigningError("could not issue the certificate: \(error)")
        }
    }

    /// `key_` + the first 130 bits of SHA-256(SubjectPublicKeyInfo DER) in Crockford base32 (26 characters, the
    /// shape of the spec's `key_<ULID>` examples).
    static func kid(for publicKey: _RSA.Signing.PublicKey) -> String {
        let digest = Array(SHA256.hash(data: publicKey.derRepresentation))
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var characters: [Character] = []
        var buffer: UInt32 = 0
        var bits = 0
        var index = 0
        while characters.count < 26 {
            if bits < 5 {
                buffer = (buffer << 8) | UInt32(digest[index])
                index += 1
                bits += 8
            }
            characters.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
            bits -= 5
        }
        return "key_" + String(characters)
    }
}

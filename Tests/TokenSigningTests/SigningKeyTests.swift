// workos-emulator — TokenSigning: keys, certificates, JWKs and RS256 tokens checked against the key itself.
// Licensed MIT.

import Crypto
import Foundation
import JSONCodec
import SwiftASN1
import Testing
import X509
import _CryptoExtras

@testable import TokenSigning

/// One generated key shared by the suite (RSA generation is the slow part).
private let sharedKey: SigningKey = {
    do {
        return try SigningKey.generate(commonName: "client_test", now: Date(timeIntervalSince1970: 1_767_225_600))
    } catch {
        fatalError("key generation failed: \(error)")
    }
}()

@Suite struct SigningKeyTests {
    @Test func generatedKey_HasAKidOfTheSpecShape_AndA2048BitModulus() throws {
        #expect(sharedKey.kid.hasPrefix("key_"))
        #expect(sharedKey.kid.count == 30)
        #expect(sharedKey.kid.dropFirst(4).allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) })
        #expect(sharedKey.privateKey.keySizeInBits == 2048)
    }

    @Test func certificate_IsSelfSignedForTheKey_WithTheCommonNameAndTenYearsOfValidity() throws {
        let certificate = try Certificate(derEncoded: sharedKey.certificateDER)
        #expect(certificate.subject == certificate.issuer)
        #expect(certificate.subject.description == "CN=client_test")
        #expect(certificate.publicKey == Certificate.PublicKey(sharedKey.privateKey.publicKey))
        #expect(certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
        #expect(certificate.notValidBefore == Date(timeIntervalSince1970: 1_767_225_600))
        let years = certificate.notValidAfter.timeIntervalSince(certificate.notValidBefore) / (365.25 * 86_400)
        #expect(abs(years - 10) < 0.01)
    }

    @Test func pkcs8PEM_RoundTripsToTheSameKeyAndKid() throws {
        let pem = sharedKey.pkcs8PEM
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let imported = try SigningKey.importing(pem: pem, commonName: "client_other", now: Date())
        #expect(imported.kid == sharedKey.kid)
        #expect(imported.privateKey.publicKey.derRepresentation == sharedKey.privateKey.publicKey.derRepresentation)
        let stored = try SigningKey(
            privateKey: SigningKey.privateKey(pem: pem), certificateDER: sharedKey.certificateDER)
        #expect(stored.certificateDER == sharedKey.certificateDER)
    }

    @Test func pkcs1PEM_IsAcceptedToo() throws {
        let pem = sharedKey.privateKey.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        #expect(try SigningKey.importing(pem: pem, commonName: "c", now: Date()).kid == sharedKey.kid)
    }

    @Test func importing_RejectsTextThatIsNotAKey() {
        #expect(throws: TokenSigningError.self) {
            try SigningKey.importing(
                pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", commonName: "c",
                now: Date())
        }
    }

    @Test func init_RejectsACertificateOfAnotherKey() throws {
        let other = try SigningKey.generate(commonName: "other", now: Date())
        #expect(throws: TokenSigningError.self) {
            try SigningKey(privateKey: sharedKey.privateKey, certificateDER: other.certificateDER)
        }
    }

    @Test func jwk_CarriesEveryMemberPythonRequires_WithNAndEOfTheKey() throws {
        let jwk = try #require(sharedKey.jwk.objectValue)
        #expect(jwk.keys == ["alg", "kty", "use", "n", "e", "kid", "x5c", "x5t#S256"])
        #expect(jwk["alg"] == "RS256")
        #expect(jwk["kty"] == "RSA")
        #expect(jwk["use"] == "sig")
        #expect(jwk["e"] == "AQAB")
        #expect(jwk["kid"]?.stringValue == sharedKey.kid)
        let n = try #require(jwk["n"]?.stringValue.flatMap(Base64URL.decode))
        #expect(n.count == 256 && n[0] != 0)
        let rebuilt = try _RSA.Signing.PublicKey(n: n, e: [1, 0, 1])
        #expect(rebuilt.derRepresentation == sharedKey.privateKey.publicKey.derRepresentation)
        let x5c = try #require(jwk["x5c"]?[0]?.stringValue)
        #expect(Data(base64Encoded: x5c).map(Array.init) == sharedKey.certificateDER)
        let thumbprint = Base64URL.encode(Array(SHA256.hash(data: sharedKey.certificateDER)))
        #expect(jwk["x5t#S256"]?.stringValue == thumbprint)
        #expect(thumbprint.count == 43)
    }
}

@Suite struct JWTTests {
    private var jwks: JSON { ["keys": [sharedKey.jwk]] }

    @Test func sign_ProducesACompactRS256TokenThatVerifiesWithTheJWK() throws {
        let token = try JWT.sign(claims: ["sub": "user_1", "exp": 4_000_000_000], with: sharedKey)
        let parts = token.split(separator: ".")
        #expect(parts.count == 3)
        #expect(!token.contains("="))
        let decoded = try JWT.decode(token)
        #expect(decoded.header.keys == ["alg", "kid", "typ"])
        #expect(decoded.header["alg"] == "RS256")
        #expect(decoded.header["kid"]?.stringValue == sharedKey.kid)
        #expect(decoded.header["typ"] == "JWT")
        #expect(decoded.signature.count == 256)
        let claims = try JWT.verify(token, jwks: self.jwks, now: Date())
        #expect(claims["sub"] == "user_1")
    }

    @Test func signature_IsPKCS1v15OverSHA256OfTheSigningInput() throws {
        let token = try JWT.sign(
            header: ["alg": "RS256", "kid": .string(sharedKey.kid)], claims: ["a": 1],
            with: sharedKey)
        let parts = try JWT.decode(token)
        let segments = token.split(separator: ".")
        #expect(String(decoding: parts.signingInput, as: UTF8.self) == segments[0] + "." + segments[1])
        #expect(segments[1] == "eyJhIjoxfQ")
        let valid = sharedKey.privateKey.publicKey.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: parts.signature), for: SHA256.hash(data: parts.signingInput),
            padding: .insecurePKCS1v1_5
        )
        #expect(valid)
    }

    @Test func verify_RejectsATamperedClaimsSet() throws {
        let token = try JWT.sign(claims: ["sub": "user_1"], with: sharedKey)
        let parts = token.split(separator: ".")
        let forged = parts[0] + "." + Base64URL.encode(#"{"sub":"user_2"}"#) + "." + parts[2]
        #expect(throws: TokenSigningError("the signature does not verify")) {
            try JWT.verify(String(forged), jwks: self.jwks)
        }
    }

    @Test func verify_RejectsAnUnknownKidAnotherAlgorithmAndAnExpiredToken() throws {
        let unknown = try JWT.sign(header: ["alg": "RS256", "kid": "key_other"], claims: [:], with: sharedKey)
        #expect(throws: TokenSigningError.self) { try JWT.verify(unknown, jwks: self.jwks) }
        let hs256 = try JWT.sign(header: ["alg": "HS256", "kid": .string(sharedKey.kid)], claims: [:], with: sharedKey)
        #expect(throws: TokenSigningError.self) { try JWT.verify(hs256, jwks: self.jwks) }
        let expired = try JWT.sign(claims: ["exp": 1_000], with: sharedKey)
        #expect(throws: TokenSigningError("the token has expired")) {
            try JWT.verify(expired, jwks: self.jwks, now: Date())
        }
    }

    @Test func decode_RejectsMalformedTokens() {
        for token in ["", "a.b", "a.b.c.d", "!!!.e30.AA", "e30.!!!.AA", "W10.e30.AA", "e30.e30.*"] {
            #expect(throws: TokenSigningError.self) { try JWT.decode(token) }
        }
    }
}

@Suite struct Base64URLTests {
    /// RFC 4648 §10 vectors, in the URL-safe alphabet without padding.
    @Test func encode_MatchesRFC4648VectorsWithoutPadding() {
        let vectors = [
            "": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE",
            "foobar": "Zm9vYmFy",
        ]
        for (input, output) in vectors {
            #expect(Base64URL.encode(input) == output)
            #expect(Base64URL.decode(output) == Array(input.utf8))
        }
    }

    /// RFC 7515 Appendix A.1: the JOSE header example and its exact encoding; bytes 0xFB 0xFF use `-` and `_`.
    @Test func encode_UsesTheURLSafeAlphabet_AsInRFC7515AppendixA() {
        let header: [UInt8] = Array("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}".utf8)
        #expect(Base64URL.encode(header) == "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9")
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.encode([0x03, 0xEF, 0xFF]) == "A-__")
    }

    @Test func decode_RejectsCharactersOutsideTheAlphabetAndImpossibleLengths() {
        #expect(Base64URL.decode("Zm9v+g") == nil)
        #expect(Base64URL.decode("Zm9v/g") == nil)
        #expect(Base64URL.decode("Z") == nil)
        #expect(Base64URL.decode("Zm9vY") == nil)
    }
}

@Suite struct TokenDigestTests {
    /// FIPS 180-2 example: SHA-256("abc").
    @Test func sha256Hex_MatchesTheFIPSExample() {
        #expect(TokenDigest.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

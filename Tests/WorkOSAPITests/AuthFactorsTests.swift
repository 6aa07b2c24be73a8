// workos-emulator — users' TOTP factors, their challenges, the emulator's current-code helper, TOTP and QR codes.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

@testable import WorkOSAPI

@Suite struct AuthFactorsTests {
    @Test func totp_MatchesTheRFC6238TestVectors() {
        // RFC 6238 Appendix B (SHA-1 seed "12345678901234567890"), last six digits.
        let secret = Base32.encode(Array("12345678901234567890".utf8))
        #expect(secret == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        let vectors: [(Int64, String)] = [
            (59, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"),
            (2_000_000_000, "279037"), (20_000_000_000, "353130"),
        ]
        for (time, code) in vectors {
            #expect(TOTP.code(secret: secret, unixSeconds: time) == code, "\(time)")
        }
        #expect(TOTP.verify("287082", secret: secret, unixSeconds: 59 + 30))
        #expect(!TOTP.verify("287082", secret: secret, unixSeconds: 59 + 90))
        #expect(Base32.decode("gezd gnbv-gy3t qojq====") == Array("1234567890".utf8))
    }

    @Test func enroll_AnswersTheFactorWithSecretQRCodeAndURI_AndAChallenge() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try AuthKitFixtures.userID(client, email: "alice@example.com")
        let response = try client.request(
            "POST",
            "/user_management/users/\(userID)/auth_factors",
            json: #"{"type":"totp","totp_issuer":"Acme","totp_secret":"JBSWY3DPEHPK3PXP"}"#
        )
        #expect(response.status == 201)
        let factor = response.json["authentication_factor"]
        #expect(factor["object"].string == "authentication_factor")
        #expect(factor["id"].string?.hasPrefix("auth_factor_") == true)
        #expect(factor["type"].string == "totp")
        #expect(factor["user_id"].string == userID)
        #expect(factor["totp"].keys == ["issuer", "qr_code", "secret", "uri", "user"])
        #expect(factor["totp"]["issuer"].string == "Acme")
        #expect(factor["totp"]["user"].string == "alice@example.com")
        #expect(factor["totp"]["secret"].string == "JBSWY3DPEHPK3PXP")
        #expect(
            factor["totp"]["uri"].string?.hasPrefix(
                "otpauth://totp/Acme:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Acme"
            ) == true
        )
        let qr = try #require(factor["totp"]["qr_code"].string)
        #expect(qr.hasPrefix("data:image/png;base64,"))
        let png = try #require(Data(base64Encoded: String(qr.dropFirst("data:image/png;base64,".count))))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let challenge = response.json["authentication_challenge"]
        #expect(challenge["object"].string == "authentication_challenge")
        #expect(challenge["id"].string?.hasPrefix("auth_challenge_") == true)
        #expect(challenge["authentication_factor_id"].string == factor["id"].string)

        let list = try client.request("GET", "/user_management/users/\(userID)/auth_factors")
        #expect(list.status == 200)
        #expect(list.json["data"].array.count == 1)
        #expect(list.json["data"][0]["totp"].keys == ["issuer", "user"])
        #expect(list.json["list_metadata"].keys == ["after", "before"])

        let now = Int64(Date().timeIntervalSince1970)
        let code = try AuthKitFixtures.totpCode(client, factorID: try #require(factor["id"].string))
        #expect(TOTP.verify(code, secret: "JBSWY3DPEHPK3PXP", unixSeconds: now))
    }

    @Test func enroll_Errors() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try AuthKitFixtures.userID(client, email: "alice@example.com")
        for body in [#"{}"#, #"{"type":"sms"}"#, #"{"type":"totp","totp_secret":"not base32!"}"#] {
            let response = try client.request("POST", "/user_management/users/\(userID)/auth_factors", json: body)
            #expect(response.status == 422, "\(body)")
        }
        #expect(
            try client.request("POST", "/user_management/users/user_x/auth_factors", json: #"{"type":"totp"}"#).status
                == 404
        )
        #expect(try client.request("GET", "/user_management/users/user_x/auth_factors").status == 404)
        #expect(try client.request("GET", "/_emulator/auth_factors/auth_factor_x/code").status == 404)
        #expect(try client.request("POST", "/auth/factors/auth_factor_x/challenge", json: "{}").status == 404)
        #expect(try client.request("GET", "/_emulator/auth_factors/x/code", key: nil).status == 401)
    }

    @Test func qrCode_HasTheStructureOfAVersionForItsLength() throws {
        let short = try #require(QRCode(bytes: Array("HELLO".utf8)))
        #expect(short.size == 21)
        let text =
            "otpauth://totp/Example%20Environment:someone.long%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
            + "&issuer=Example%20Environment&algorithm=SHA1&digits=6&period=30"
        let uri = Array(text.utf8)
        let long = try #require(QRCode(bytes: uri))
        #expect(long.size >= 17 + 4 * 7)
        // Finder patterns: dark corners, light separators.
        for (x, y) in [(0, 0), (long.size - 1, 0), (0, long.size - 1)] { #expect(long.isDark(x, y)) }
        #expect(!long.isDark(7, 7))
        #expect(long.isDark(8, long.size - 8))
        #expect(QRCode(bytes: Array(repeating: 0x41, count: 2400)) == nil)
    }
}

// workos-emulator — `environment.require_mfa`: the mfa_enrollment step-up through the API and on the hosted page.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

@Suite struct MFAEnrollmentTests {
    private typealias F = AuthKitFixtures

    /// A server whose seed is the bundled one with `environment.require_mfa` set.
    private func makeServer() throws -> (TestServer, URL) {
        let bundled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seed/default.json")
        var seed = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: bundled)) as? [String: Any])
        var environment = seed["environment"] as? [String: Any] ?? [:]
        environment["require_mfa"] = true
        seed["environment"] = environment
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mfa-seed-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: seed).write(to: file)
        let server = try TestServer { $0.seedPath = file.path }
        return (server, file)
    }

    @Test func passwordSignIn_WithoutAFactor_Answers403MFAEnrollment_ThenEnrollingFinishesIt() throws {
        let (server, seedFile) = try self.makeServer()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: seedFile)
        }
        let client = server.client()
        let aliceID = try F.userID(client, email: "alice@example.com")
        let response = try F.authenticate(
            client,
            F.grant("password", ["email": "alice@example.com", "password": "alice-password"])
        )
        #expect(response.status == 403)
        #expect(response.json["code"].string == "mfa_enrollment")
        #expect(response.json["user"]["id"].string == aliceID)
        #expect(response.json["access_token"].exists == false)
        let token = try #require(response.json["pending_authentication_token"].string)

        let factorID = try F.enrollTOTP(client, userID: aliceID)
        let challenge = try client.request("POST", "/auth/factors/\(factorID)/challenge", json: "{}")
        let challengeID = try #require(challenge.json["id"].string)
        let ok = try F.authenticate(
            client,
            F.grant(
                "urn:workos:oauth:grant-type:mfa-totp",
                [
                    "code": try F.totpCode(client, factorID: factorID), "pending_authentication_token": token,
                    "authentication_challenge_id": challengeID,
                ]
            )
        )
        #expect(ok.status == 200, "\(ok.text)")
        #expect(ok.json["access_token"].string?.isEmpty == false)
    }

    @Test func withoutTheSetting_PasswordSignInOfAUserWithoutFactors_NeedsNoMFA() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try F.authenticate(
            server.client(),
            F.grant("password", ["email": "alice@example.com", "password": "alice-password"])
        )
        #expect(response.status == 200, "\(response.text)")
    }

    @Test func hostedPage_EnrollsATOTPFactor_ShowsItsQRCode_AndAcceptsItsFirstCode() throws {
        let (server, seedFile) = try self.makeServer()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: seedFile)
        }
        let client = server.client()
        let aliceID = try F.userID(client, email: "alice@example.com")
        let path = try F.pagePath(client)
        let page = try F.submit(client, path, [("email", "alice@example.com"), ("password", "alice-password")])
        #expect(page.status == 200)
        #expect(page.text.contains("Set up two-factor authentication"))
        #expect(page.text.contains("src=\"data:image/png;base64,"))
        let factors = try client.request("GET", "/user_management/users/\(aliceID)/auth_factors").json["data"].array
        let factorID = try #require(factors.first?["id"].string)
        let done = try F.submit(
            client, path, [("action", "totp"), ("code", try F.totpCode(client, factorID: factorID))]
        )
        #expect(done.status == 302, "\(done.status) \(done.text)")
        #expect(try F.query(of: done)["code"]?.isEmpty == false)
    }
}

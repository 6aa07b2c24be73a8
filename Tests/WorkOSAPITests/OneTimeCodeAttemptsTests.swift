// workos-emulator — six-digit codes cannot be brute-forced: the mfa-totp grant, e-mail verification, the hosted
// page's MFA step and the device page stop after five wrong codes (issue 7, "codes … single use, expiry enforced").
// Licensed MIT.

import EmulatorTesting
import Testing

@Suite struct OneTimeCodeAttemptsTests {
    typealias F = AuthKitFixtures

    @Test func mfaTOTPGrant_AfterFiveWrongCodes_RefusesEvenTheRightOne() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try F.userID(client, email: "alice@example.com")
        let factorID = try F.enrollTOTP(client, userID: userID)
        let signIn = try F.authenticate(
            client, F.grant("password", ["email": "alice@example.com", "password": "alice-password"])
        )
        let token = try #require(signIn.json["pending_authentication_token"].string)
        let challengeID = try #require(
            client.request("POST", "/auth/factors/\(factorID)/challenge", json: "{}").json["id"].string
        )
        func attempt(_ code: String) throws -> TestResponse {
            try F.authenticate(
                client,
                F.grant(
                    "urn:workos:oauth:grant-type:mfa-totp",
                    ["code": code, "pending_authentication_token": token, "authentication_challenge_id": challengeID]
                )
            )
        }
        let right = try F.totpCode(client, factorID: factorID)
        let wrong = right == "000000" ? "111111" : "000000"
        for _ in 0..<5 {
            #expect(try attempt(wrong).json["code"].string == "invalid_one_time_code")
        }
        let refused = try attempt(try F.totpCode(client, factorID: factorID))
        #expect(refused.status == 400)
        #expect(refused.json["code"].string == "one_time_code_too_many_attempts")
        let sessions = try client.request("GET", "/user_management/users/\(userID)/sessions").json["data"].array
        #expect(sessions.isEmpty)
        // A new challenge starts over.
        let fresh = try #require(
            client.request("POST", "/auth/factors/\(factorID)/challenge", json: "{}").json["id"].string
        )
        let signedIn = try F.authenticate(
            client,
            F.grant(
                "urn:workos:oauth:grant-type:mfa-totp",
                [
                    "code": try F.totpCode(client, factorID: factorID), "pending_authentication_token": token,
                    "authentication_challenge_id": fresh,
                ]
            )
        )
        #expect(signedIn.status == 200, "\(signedIn.text)")
    }

    @Test func emailVerification_AfterFiveWrongCodes_RefusesEvenTheRightOneUntilANewCodeIsSent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "guess@example.com", verified: false)
        func send() throws -> String {
            let sent = try client.request("POST", "/user_management/users/\(id)/email_verification/send")
            try #require(sent.status == 200, "\(sent.text)")
            let emails = try client.request("GET", "/_emulator/emails?to=guess%40example.com").json["data"].array
            return try #require(emails.first?["code"].string)
        }
        func confirm(_ code: String) throws -> TestResponse {
            try client.request(
                "POST", "/user_management/users/\(id)/email_verification/confirm", json: #"{"code":"\#(code)"}"#
            )
        }
        let code = try send()
        let wrong = code == "000000" ? "111111" : "000000"
        for _ in 0..<5 {
            #expect(try confirm(wrong).json["code"].string == "email_verification_code_incorrect")
        }
        let refused = try confirm(code)
        #expect(refused.status == 400)
        #expect(refused.json["code"].string == "one_time_code_too_many_attempts")
        let user = try client.request("GET", "/user_management/users/\(id)").json
        #expect(user["email_verified"].bool == false)
        let verified = try confirm(try send())
        #expect(verified.status == 200, "\(verified.text)")
        #expect(verified.json["user"]["email_verified"].bool == true)
    }

    @Test func hostedPageMFAStep_AfterFiveWrongCodes_IssuesNoCodeEvenForTheRightOne() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let factorID = try F.enrollTOTP(client, userID: try F.userID(client, email: "alice@example.com"))
        let path = try F.pagePath(client)
        let step = try F.submit(client, path, [("email", "alice@example.com")])
        #expect(step.text.contains("Two-factor authentication"))
        let right = try F.totpCode(client, factorID: factorID)
        let wrong = right == "000000" ? "111111" : "000000"
        for _ in 0..<5 {
            #expect(try F.submit(client, path, [("action", "totp"), ("code", wrong)]).status == 400)
        }
        let current = try F.totpCode(client, factorID: factorID)
        let refused = try F.submit(client, path, [("action", "totp"), ("code", current)])
        #expect(refused.status == 400)
        #expect(refused.text.contains("Too many incorrect codes"))
        #expect(refused.header("Location") == nil)
    }

    @Test func devicePage_AfterFiveWrongCodes_DeniesTheDevice() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try F.createUser(client, email: "device-guess@example.com")
        let factorID = try F.enrollTOTP(client, userID: userID)
        let started = try client.request(
            "POST", "/user_management/authorize/device", json: #"{"client_id":"client_emulator"}"#, key: nil
        )
        let userCode = try #require(started.json["user_code"].string)
        let deviceCode = try #require(started.json["device_code"].string)
        func approve(_ code: String) throws -> TestResponse {
            try F.submit(
                client, "/_emulator/device",
                [("user_code", userCode), ("action", "approve"), ("email", "device-guess@example.com"), ("code", code)]
            )
        }
        let right = try F.totpCode(client, factorID: factorID)
        let wrong = right == "000000" ? "111111" : "000000"
        for _ in 0..<5 {
            #expect(try approve(wrong).status == 400)
        }
        let denied = try approve(try F.totpCode(client, factorID: factorID))
        #expect(denied.text.contains("Device denied"))
        let poll = try F.authenticate(
            client,
            F.grant("urn:ietf:params:oauth:grant-type:device_code", ["device_code": deviceCode], secret: false)
        )
        #expect(poll.json["error"].string == "access_denied")
    }
}

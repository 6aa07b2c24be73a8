// workos-emulator — the standalone MFA API (`/auth/*`, catalog-B §5) and the emulator's challenge-code helper.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing
import TokenSigning

@testable import WorkOSAPI

@Suite struct MFATests {
    private typealias F = AuthKitFixtures

    /// Enrolls a factor from a JSON body; answers the 201 response's id.
    private func enroll(_ client: TestClient, _ body: String, key: String = TestServer.apiKey) throws -> String {
        let response = try client.request("POST", "/auth/factors/enroll", json: body, key: key)
        try #require(response.status == 201, "enroll \(body): \(response.status) \(response.text)")
        return try #require(response.json["id"].string)
    }

    /// Challenges a factor; answers the 201 response.
    private func challenge(_ client: TestClient, _ factorID: String, _ body: String = "{}") throws -> TestJSON {
        let response = try client.request("POST", "/auth/factors/\(factorID)/challenge", json: body)
        try #require(response.status == 201, "challenge: \(response.status) \(response.text)")
        return response.json
    }

    private func verify(_ client: TestClient, _ challengeID: String, code: String) throws -> TestResponse {
        try client.request("POST", "/auth/challenges/\(challengeID)/verify", json: #"{"code":"\#(code)"}"#)
    }

    /// A six-digit code that differs from `code` in every digit.
    private func wrong(_ code: String) -> String {
        String(code.map { digit in Character(String(((Int(String(digit)) ?? 0) + 5) % 10)) })
    }

    private func date(_ json: TestJSON) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try #require(json.string.flatMap { formatter.date(from: $0) }, "not a timestamp: \(json)")
    }

    // MARK: Enroll and get

    @Test func enrollTOTP_AnswersTheFactorWithItsSecrets_AndGetAnswersItWithout() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try client.request(
            "POST", "/auth/factors/enroll", json: #"{"type":"totp","totp_issuer":"Acme","totp_user":"bob@acme.test"}"#
        )
        #expect(response.status == 201)
        let factor = response.json
        #expect(factor["object"].string == "authentication_factor")
        let id = try #require(factor["id"].string)
        #expect(id.hasPrefix("auth_factor_"))
        #expect(factor["type"].string == "totp")
        #expect(factor["user_id"].exists == false)
        #expect(factor["sms"].exists == false)
        #expect(factor["totp"].keys == ["issuer", "qr_code", "secret", "uri", "user"])
        let secret = try #require(factor["totp"]["secret"].string)
        #expect((Base32.decode(secret) ?? []).count >= 10)
        #expect(factor["totp"]["uri"].string?.hasPrefix("otpauth://totp/Acme:bob@acme.test?secret=\(secret)") == true)
        #expect(factor["totp"]["qr_code"].string?.hasPrefix("data:image/png;base64,") == true)

        let fetched = try client.request("GET", "/auth/factors/\(id)")
        #expect(fetched.status == 200)
        #expect(fetched.json["id"].string == id)
        #expect(fetched.json["totp"].keys == ["issuer", "user"])
        #expect(fetched.json["created_at"].string == factor["created_at"].string)
        #expect(fetched.json.keys == ["created_at", "id", "object", "totp", "type", "updated_at"])
    }

    @Test func enrollSMS_KeepsTheE164Number_AndOtherNumbersAre422InvalidPhoneNumberChangingNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let ok = try client.request(
            "POST", "/auth/factors/enroll", json: #"{"type":"sms","phone_number":"+14155550123"}"#
        )
        #expect(ok.status == 201)
        #expect(ok.json["type"].string == "sms")
        #expect(ok.json["sms"].keys == ["phone_number"])
        #expect(ok.json["sms"]["phone_number"].string == "+14155550123")
        #expect(ok.json["totp"].exists == false)
        let id = try #require(ok.json["id"].string)
        #expect(try client.request("GET", "/auth/factors/\(id)").json["sms"]["phone_number"].string == "+14155550123")

        let before = try server.snapshot()
        for number in ["foo", "14155550123", "+0123456", "+1 415 555 0123", "+1234567890123456", ""] {
            let response = try client.request(
                "POST", "/auth/factors/enroll", json: #"{"type":"sms","phone_number":"\#(number)"}"#
            )
            #expect(response.status == 422, "\(number)")
            #expect(response.json["code"].string == "invalid_phone_number", "\(number)")
            #expect(response.json["message"].string == "Phone number is invalid: '\(number)'")
        }
        let missing = try client.request("POST", "/auth/factors/enroll", json: #"{"type":"sms"}"#)
        #expect(missing.status == 422)
        #expect(missing.json["code"].string == "invalid_phone_number")
        #expect(try server.snapshot() == before)
    }

    @Test func enrollGenericOTP_WithAUserOfTheEnvironment_LinksIt_AndNullFieldsCountAsAbsent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let aliceID = try F.userID(client, email: "alice@example.com")
        // Python SDK 5.x sends every parameter, unset ones as null.
        let response = try client.request(
            "POST", "/auth/factors/enroll",
            json: #"{"type":"generic_otp","totp_issuer":null,"totp_user":null,"phone_number":null,"#
                + #""user_id":"\#(aliceID)"}"#
        )
        #expect(response.status == 201, "\(response.text)")
        #expect(response.json["type"].string == "generic_otp")
        #expect(response.json["user_id"].string == aliceID)
        #expect(response.json["totp"].exists == false)
        #expect(response.json["sms"].exists == false)
    }

    @Test func enroll_InvalidBodies_Are422AndChangeNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let before = try server.snapshot()
        let cases: [(String, String)] = [
            (#"{}"#, "type"),
            (#"{"type":"webauthn"}"#, "type"),
            (#"{"type":"email"}"#, "type"),
            (#"{"type":7}"#, "type"),
            (#"{"type":"totp"}"#, "totp_issuer"),
            (#"{"type":"totp","totp_issuer":"Acme"}"#, "totp_user"),
            (#"{"type":"totp","totp_issuer":"Acme","totp_user":null}"#, "totp_user"),
            (#"{"type":"generic_otp","user_id":"user_01JZZZZZZZZZZZZZZZZZZZZZZZ"}"#, "user_id"),
            (#"{"type":"generic_otp","user_id":5}"#, "user_id"),
        ]
        for (body, field) in cases {
            let response = try client.request("POST", "/auth/factors/enroll", json: body)
            #expect(response.status == 422, "\(body)")
            #expect(response.json["errors"].array.contains { $0["field"].string == field }, "\(body): \(response.text)")
        }
        #expect(try server.snapshot() == before)
    }

    @Test func anSMSFactorOfAUser_TakesNoPartInAuthKitSignIn() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let aliceID = try F.userID(client, email: "alice@example.com")
        _ = try self.enroll(client, #"{"type":"sms","phone_number":"+14155550123","user_id":"\#(aliceID)"}"#)
        let signIn = try F.authenticate(
            client, F.grant("password", ["email": "alice@example.com", "password": "alice-password"])
        )
        #expect(signIn.status == 200, "\(signIn.text)")
        #expect(signIn.json["access_token"].string?.isEmpty == false)
    }

    // MARK: Challenge and verify

    @Test func totpChallenge_HasNoExpiryOrCode_AndVerifiesOnceWithTheCurrentCode() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let factorID = try self.enroll(client, #"{"type":"totp","totp_issuer":"Acme","totp_user":"bob"}"#)
        let challenge = try self.challenge(client, factorID)
        #expect(challenge["object"].string == "authentication_challenge")
        #expect(challenge["authentication_factor_id"].string == factorID)
        #expect(challenge["expires_at"].exists == false)
        #expect(challenge["code"].exists == false)
        let challengeID = try #require(challenge["id"].string)
        #expect(challengeID.hasPrefix("auth_challenge_"))

        let code = try F.totpCode(client, factorID: factorID)
        let helper = try client.request("GET", "/_emulator/auth_challenges/\(challengeID)/code")
        #expect(helper.status == 200)
        #expect(helper.json["code"].string?.count == 6)

        let wrong = try self.verify(client, challengeID, code: self.wrong(code))
        #expect(wrong.status == 201)
        #expect(wrong.json["valid"].bool == false)
        #expect(wrong.json["challenge"]["id"].string == challengeID)

        let right = try self.verify(client, challengeID, code: code)
        #expect(right.status == 201, "\(right.text)")
        #expect(right.json["valid"].bool == true)
        #expect(right.json["challenge"]["id"].string == challengeID)
        #expect(right.json.keys == ["challenge", "valid"])

        let again = try self.verify(client, challengeID, code: code)
        #expect(again.status == 422)
        #expect(again.json["code"].string == "authentication_challenge_previously_verified")
        #expect(again.json["message"].string?.contains(challengeID) == true)
    }

    @Test func smsChallenge_ExpiresInTenMinutes_HidesItsCode_WhichTheEmulatorHelperShowsWithTheMessage() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let factorID = try self.enroll(client, #"{"type":"sms","phone_number":"+447700900123"}"#)
        let challenge = try self.challenge(client, factorID, #"{"sms_template":"Your Acme code: {{code}}"}"#)
        #expect(challenge["code"].exists == false)
        let expiresAt = try self.date(challenge["expires_at"])
        let createdAt = try self.date(challenge["created_at"])
        #expect(abs(expiresAt.timeIntervalSince(createdAt) - 600) < 0.01)
        let challengeID = try #require(challenge["id"].string)

        let helper = try client.request("GET", "/_emulator/auth_challenges/\(challengeID)/code")
        #expect(helper.status == 200)
        let code = try #require(helper.json["code"].string)
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        #expect(helper.json["message"].string == "Your Acme code: \(code)")
        #expect(helper.json["phone_number"].string == "+447700900123")
        #expect(helper.json["authentication_factor_id"].string == factorID)
        #expect(helper.json["expires_at"].string == challenge["expires_at"].string)
        #expect(try client.request("GET", "/_emulator/auth_challenges/\(challengeID)/code", key: nil).status == 401)

        // Without a template the helper shows the emulator's default message.
        let plain = try #require(try self.challenge(client, factorID)["id"].string)
        let plainHelper = try client.request("GET", "/_emulator/auth_challenges/\(plain)/code").json
        #expect(plainHelper["message"].string == "Your verification code is \(plainHelper["code"].string ?? "?")")

        #expect(try self.verify(client, challengeID, code: self.wrong(code)).json["valid"].bool == false)
        let right = try self.verify(client, challengeID, code: code)
        #expect(right.status == 201)
        #expect(right.json["valid"].bool == true)
    }

    @Test func genericOTPChallenge_AnswersItsCode_WhichIsStoredOnlyAsADigest() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let factorID = try self.enroll(client, #"{"type":"generic_otp"}"#)
        let challenge = try self.challenge(client, factorID)
        let code = try #require(challenge["code"].string)
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        #expect(challenge["expires_at"].exists)
        let challengeID = try #require(challenge["id"].string)

        let row = try server.application.services.database.read { connection in
            try connection.fetchOne("SELECT * FROM authentication_challenges WHERE id = ?", [.text(challengeID)])
        }
        let stored = try #require(row)
        #expect(stored["code_digest"] as String? == TokenDigest.sha256Hex(code))
        #expect(stored["sms_code"] as String? == nil)

        // Its code was the app's to deliver; the emulator keeps none to show.
        #expect(try client.request("GET", "/_emulator/auth_challenges/\(challengeID)/code").status == 404)

        let right = try self.verify(client, challengeID, code: code)
        #expect(right.json["valid"].bool == true)
        #expect(right.json["challenge"]["code"].exists == false)
    }

    @Test func smsTemplate_WithoutThePlaceholderOrWithAURLOrDomain_Is422AndCreatesNoChallenge() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let factorID = try self.enroll(client, #"{"type":"sms","phone_number":"+14155550123"}"#)
        let before = try server.snapshot()
        for template in [
            "Your code", "Code {{code}} at https://evil.test/x", "Sign in at acme.com with {{code}}",
            "{{code}} www.acme", "Visit Login.Example.org. {{code}}",
        ] {
            let response = try client.request(
                "POST", "/auth/factors/\(factorID)/challenge", json: #"{"sms_template":"\#(template)"}"#
            )
            #expect(response.status == 422, "\(template)")
            #expect(response.json["errors"][0]["field"].string == "sms_template", "\(template)")
        }
        let notAString = try client.request("POST", "/auth/factors/\(factorID)/challenge", json: #"{"sms_template":1}"#)
        #expect(notAString.status == 422)
        #expect(try server.snapshot() == before)

        for template in ["Code: {{code}}. Thanks, e.g. now", "{{code}} is your v2.5 code"] {
            let accepted = try client.request(
                "POST", "/auth/factors/\(factorID)/challenge", json: #"{"sms_template":"\#(template)"}"#
            )
            #expect(accepted.status == 201, "\(template): \(accepted.text)")
        }
        // Python SDK 5.x sends `"sms_template": null` when there is none.
        #expect(
            try client.request("POST", "/auth/factors/\(factorID)/challenge", json: #"{"sms_template":null}"#).status
                == 201
        )
    }

    @Test func verify_OfAnExpiredChallenge_Is422AuthenticationChallengeExpired() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let factorID = try self.enroll(client, #"{"type":"generic_otp"}"#)
        let challenge = try self.challenge(client, factorID)
        let challengeID = try #require(challenge["id"].string)
        let code = try #require(challenge["code"].string)
        try server.execute(
            "UPDATE authentication_challenges SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?",
            [.text(challengeID)]
        )
        let before = try server.snapshot()
        let expired = try self.verify(client, challengeID, code: code)
        #expect(expired.status == 422)
        #expect(expired.json["code"].string == "authentication_challenge_expired")
        #expect(expired.json["message"].string == "The authentication challenge '\(challengeID)' has expired.")
        #expect(try server.snapshot() == before)
    }

    @Test func verify_AfterFiveWrongCodes_Is400TooManyAttempts_EvenWithTheRightCode() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let factorID = try self.enroll(client, #"{"type":"generic_otp"}"#)
        let challenge = try self.challenge(client, factorID)
        let challengeID = try #require(challenge["id"].string)
        let code = try #require(challenge["code"].string)
        for attempt in 1...OneTimeCode.maximumFailedAttempts {
            let response = try self.verify(client, challengeID, code: self.wrong(code))
            #expect(response.status == 201, "attempt \(attempt)")
            #expect(response.json["valid"].bool == false, "attempt \(attempt)")
        }
        let locked = try self.verify(client, challengeID, code: code)
        #expect(locked.status == 400)
        #expect(locked.json["code"].string == "one_time_code_too_many_attempts")
        #expect(locked.json["message"].string == "Request could not be processed.")
    }

    @Test func verify_WithoutACode_Is422AndCountsNoAttempt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let factorID = try self.enroll(client, #"{"type":"generic_otp"}"#)
        let challengeID = try #require(try self.challenge(client, factorID)["id"].string)
        let before = try server.snapshot()
        for body in [#"{}"#, #"{"code":null}"#, #"{"code":123456}"#] {
            let response = try client.request("POST", "/auth/challenges/\(challengeID)/verify", json: body)
            #expect(response.status == 422, "\(body)")
            #expect(response.json["errors"][0]["field"].string == "code")
        }
        #expect(try server.snapshot() == before)
    }

    // MARK: Delete, unknown ids, other environments

    @Test func delete_RemovesTheFactorAndItsChallenges() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let factorID = try self.enroll(client, #"{"type":"sms","phone_number":"+14155550123"}"#)
        let challengeID = try #require(try self.challenge(client, factorID)["id"].string)
        let deleted = try client.request("DELETE", "/auth/factors/\(factorID)")
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        #expect(try client.request("GET", "/auth/factors/\(factorID)").status == 404)
        #expect(try self.verify(client, challengeID, code: "123456").status == 404)
        #expect(try client.request("GET", "/_emulator/auth_challenges/\(challengeID)/code").status == 404)
        #expect(try client.request("DELETE", "/auth/factors/\(factorID)").status == 404)
        #expect(try server.snapshot().count("authentication_challenges") == 0)
    }

    @Test func unknownIds_Are404EntityNotFound() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let unknown = "auth_factor_01JZZZZZZZZZZZZZZZZZZZZZZZ"
        let responses = [
            try client.request("GET", "/auth/factors/\(unknown)"),
            try client.request("DELETE", "/auth/factors/\(unknown)"),
            try client.request("POST", "/auth/factors/\(unknown)/challenge", json: "{}"),
            try client.request("POST", "/auth/factors/challenge", json: #"{"authentication_factor_id":"\#(unknown)"}"#),
            try self.verify(client, "auth_challenge_x", code: "123456"),
            try client.request(
                "POST", "/auth/factors/verify", json: #"{"authentication_challenge_id":"auth_challenge_x","code":"1"}"#
            ),
            try client.request("GET", "/_emulator/auth_challenges/auth_challenge_x/code"),
        ]
        for response in responses {
            #expect(response.status == 404, "\(response.text)")
            #expect(response.json["code"].string == "entity_not_found")
        }
    }

    @Test func anotherEnvironmentsFactorAndChallenge_AnswerLikeUnknownOnes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let other = try client.request("POST", "/_emulator/environments", json: #"{"name":"other"}"#)
        let key = try #require(other.json["api_key"].string)
        let factorID = try self.enroll(client, #"{"type":"generic_otp"}"#)
        let challenge = try self.challenge(client, factorID)
        let challengeID = try #require(challenge["id"].string)
        let code = try #require(challenge["code"].string)
        let before = try server.snapshot()

        let get = try client.request("GET", "/auth/factors/\(factorID)", key: key)
        #expect(get.status == 404)
        #expect(get.json["message"].string == "Authentication factor not found: '\(factorID)'.")
        #expect(try client.request("DELETE", "/auth/factors/\(factorID)", key: key).status == 404)
        #expect(try client.request("POST", "/auth/factors/\(factorID)/challenge", json: "{}", key: key).status == 404)
        let verify = try client.request(
            "POST", "/auth/challenges/\(challengeID)/verify", json: #"{"code":"\#(code)"}"#, key: key
        )
        #expect(verify.status == 404)
        #expect(verify.json["code"].string == "entity_not_found")
        #expect(try client.request("GET", "/_emulator/auth_challenges/\(challengeID)/code", key: key).status == 404)
        #expect(try server.snapshot() == before)

        // Still there for its own environment, and the other's enrollment cannot name this environment's user.
        #expect(try self.verify(client, challengeID, code: code).json["valid"].bool == true)
        let aliceID = try F.userID(client, email: "alice@example.com")
        let foreignUser = try client.request(
            "POST", "/auth/factors/enroll", json: #"{"type":"generic_otp","user_id":"\#(aliceID)"}"#, key: key
        )
        #expect(foreignUser.status == 422)
    }

    // MARK: Legacy paths and coverage

    @Test func legacyPaths_ChallengeAndVerifyWithTheIdsInTheBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let factorID = try self.enroll(client, #"{"type":"generic_otp"}"#)
        let challenge = try client.request(
            "POST", "/auth/factors/challenge", json: #"{"authentication_factor_id":"\#(factorID)"}"#
        )
        #expect(challenge.status == 201)
        #expect(challenge.json["authentication_factor_id"].string == factorID)
        let challengeID = try #require(challenge.json["id"].string)
        let code = try #require(challenge.json["code"].string)
        let verified = try client.request(
            "POST", "/auth/factors/verify",
            json: #"{"authentication_challenge_id":"\#(challengeID)","code":"\#(code)"}"#
        )
        #expect(verified.status == 201)
        #expect(verified.json["valid"].bool == true)
        #expect(verified.json["challenge"]["id"].string == challengeID)

        let before = try server.snapshot()
        let noFactor = try client.request("POST", "/auth/factors/challenge", json: "{}")
        #expect(noFactor.status == 422)
        #expect(noFactor.json["errors"][0]["field"].string == "authentication_factor_id")
        let noChallenge = try client.request("POST", "/auth/factors/verify", json: #"{"code":"123456"}"#)
        #expect(noChallenge.status == 422)
        #expect(noChallenge.json["errors"][0]["field"].string == "authentication_challenge_id")
        #expect(try server.snapshot() == before)
    }

    @Test func coverage_ReportsEveryMFAOperationEmulated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let coverage = try server.client().request("GET", "/_emulator/coverage")
        let items = coverage.json.array.isEmpty ? coverage.json["data"].array : coverage.json.array
        let mfa = items.filter { $0["area"].string == "MFA" }
        #expect(mfa.count == 7)
        for item in mfa {
            #expect(item["state"].string == "emulated", "\(item["method"].string ?? "") \(item["path"].string ?? "")")
        }
    }

    // MARK: Units

    @Test func phoneNumbers_AreE164Only() {
        for valid in ["+14155550123", "+447700900123", "+12", "+123456789012345"] {
            #expect(PhoneNumber.isE164(valid), "\(valid)")
        }
        for invalid in ["", "+", "+1", "14155550123", "+0123", "+1-415-555-0123", "+1234567890123456", "+１２３"] {
            #expect(!PhoneNumber.isE164(invalid), "\(invalid)")
        }
    }

    @Test func smsTemplates_NeedThePlaceholderAndNoURL() {
        #expect(SMSTemplate.problem(of: "Your code is {{code}}") == nil)
        #expect(SMSTemplate.problem(of: "Your code is {{ code }}")?.field == "sms_template")
        #expect(SMSTemplate.containsURLOrDomain("ftp://x {{code}}"))
        #expect(SMSTemplate.containsURLOrDomain("acme.io"))
        #expect(!SMSTemplate.containsURLOrDomain("Thanks. Bye."))
        #expect(SMSTemplate.render("A {{code}} B {{code}}", code: "123456") == "A 123456 B 123456")
    }
}

// workos-emulator — POST /user_management/authenticate: every grant and its documented errors.
// Licensed MIT.

import EmulatorTesting
import Foundation
import JSONCodec
import Testing

@testable import WorkOSAPI

@Suite struct AuthenticateTests {
    typealias F = AuthKitFixtures

    // MARK: Client authentication and request forms

    @Test func authenticate_WorksWithoutAnAuthorizationHeader_WithOne_AndWithAFormBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let bare = try F.authenticate(
            client,
            F.grant("authorization_code", ["code": try F.code(client, email: "alice@example.com")])
        )
        #expect(bare.status == 200)
        let withHeader = try client.request(
            "POST",
            "/user_management/authenticate",
            json: F.grant("authorization_code", ["code": try F.code(client, email: "alice@example.com")])
        )
        #expect(withHeader.status == 200)
        let form = try client.send(
            method: "POST",
            path: "/user_management/authenticate",
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(
                F.form([
                    ("grant_type", "password"), ("client_id", TestServer.clientID),
                    ("client_secret", TestServer.apiKey), ("email", "alice@example.com"),
                    ("password", "alice-password"),
                ]).utf8
            )
        )
        #expect(form.status == 200)
        #expect(form.header("Content-Type") == "application/json")
        #expect(form.json["authentication_method"].string == "Password")
    }

    @Test func authenticate_ClientAndGrantErrors_UseTheOAuthForm() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let cases: [(String, Int, String)] = [
            (#"{"client_id":"client_emulator"}"#, 400, "invalid_request"),
            (#"{"grant_type":"urn:example:nope","client_id":"client_emulator"}"#, 400, "invalid_request"),
            (#"{"grant_type":"password","email":"a@b.c","password":"x"}"#, 400, "invalid_request"),
            (
                #"{"grant_type":"refresh_token","client_id":"client_unknown","refresh_token":"x"}"#, 400,
                "invalid_client"
            ),
            (
                F.json([
                    "grant_type": "password", "client_id": TestServer.clientID, "client_secret": "sk_test_wrong",
                    "email": "alice@example.com", "password": "alice-password",
                ]), 400, "invalid_client"
            ),
            (
                F.grant("password", ["email": "alice@example.com", "password": "alice-password"], secret: false),
                400, "invalid_client"
            ),
            (F.grant("authorization_code", ["code": "x"], secret: false), 400, "invalid_request"),
            (F.grant("password", ["email": "alice@example.com"]), 400, "invalid_request"),
        ]
        for (body, status, error) in cases {
            let response = try F.authenticate(client, body)
            #expect(response.status == status, "\(body): \(response.text)")
            #expect(response.json["error"].string == error, "\(body): \(response.text)")
            #expect(response.json["error_description"].string?.isEmpty == false)
        }
        let badKey = try client.request(
            "POST",
            "/user_management/authenticate",
            json: F.grant("password", ["email": "a@b.c", "password": "x"]),
            key: "sk_test_unknown"
        )
        #expect(badKey.status == 401)
    }

    // MARK: authorization_code

    @Test func authorizationCode_WithTheSecret_SignsIn_StampsTheUser_AndEmitsEvents() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let code = try F.code(client, email: "alice@example.com", password: "alice-password")
        let response = try F.authenticate(
            client,
            F.grant("authorization_code", ["code": code, "ip_address": "203.0.113.9", "user_agent": "test/1"])
        )
        #expect(response.status == 200)
        let body = response.json
        #expect(body.keys == ["access_token", "authentication_method", "organization_id", "refresh_token", "user"])
        #expect(body["user"]["email"].string == "alice@example.com")
        #expect(body["user"]["last_sign_in_at"].string != nil)
        #expect(body["authentication_method"].string == "Password")
        let claims = try SessionFixtures.verify(client, try #require(body["access_token"].string))
        #expect(claims["sub"]?.stringValue == body["user"]["id"].string)
        #expect(claims["org_id"]?.stringValue == body["organization_id"].string)
        #expect(claims["role"] == "admin")
        #expect(try F.events(client, "session.created").count == 1)
        #expect(
            try F.events(client, "authentication.password_succeeded").first?["data"]["ip_address"].string
                == "203.0.113.9"
        )
        let sessions = try client.request("GET", "/user_management/users/\(body["user"]["id"].string ?? "")/sessions")
        #expect(sessions.json["data"][0]["ip_address"].string == "203.0.113.9")
    }

    @Test func authorizationCode_IsSingleUse_ClientBound_AndExpires() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let code = try F.code(client, email: "alice@example.com")
        #expect(try F.authenticate(client, F.grant("authorization_code", ["code": code])).status == 200)
        let reused = try F.authenticate(client, F.grant("authorization_code", ["code": code]))
        #expect(reused.status == 400)
        #expect(reused.json["error"].string == "invalid_grant")
        #expect(try F.events(client, "session.created").count == 1)

        let unknown = try F.authenticate(client, F.grant("authorization_code", ["code": "not-a-code"]))
        #expect(unknown.json["error"].string == "invalid_grant")

        let otherRedirect = try F.code(client, email: "alice@example.com")
        let mismatch = try F.authenticate(
            client,
            F.grant("authorization_code", ["code": otherRedirect, "redirect_uri": "http://localhost:1/other"])
        )
        #expect(mismatch.json["error"].string == "invalid_grant")

        // Another environment's client cannot redeem this environment's code.
        let created = try client.request("POST", "/_emulator/environments", json: #"{"name":"other"}"#).json
        let foreign = try F.code(client, email: "alice@example.com")
        let stolen = try F.authenticate(
            client,
            F.json([
                "grant_type": "authorization_code", "client_id": try #require(created["client_id"].string),
                "client_secret": try #require(created["api_key"].string), "code": foreign,
            ])
        )
        #expect(stolen.json["error"].string == "invalid_grant")
        #expect(try F.authenticate(client, F.grant("authorization_code", ["code": foreign])).status == 200)

        let expiring = try F.code(client, email: "alice@example.com")
        try server.execute(
            "UPDATE authorization_codes SET expires_at = '2000-01-01T00:00:00.000Z' WHERE used_at IS NULL"
        )
        let expired = try F.authenticate(client, F.grant("authorization_code", ["code": expiring]))
        #expect(expired.status == 400)
        #expect(expired.json["error"].string == "invalid_grant")
    }

    @Test func authorizationCode_PKCE_SuccessMismatchMissingAndNoChallenge() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        // RFC 7636 Appendix B.
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        #expect(PKCE.challenge(for: verifier) == challenge)
        let query = "provider=authkit&code_challenge=\(challenge)&code_challenge_method=S256"

        let good = try F.code(client, email: "alice@example.com", query: query)
        let ok = try F.authenticate(
            client,
            F.grant("authorization_code", ["code": good, "code_verifier": verifier], secret: false)
        )
        #expect(ok.status == 200, "\(ok.text)")

        let wrong = try F.code(client, email: "alice@example.com", query: query)
        let mismatch = try F.authenticate(
            client,
            F.grant("authorization_code", ["code": wrong, "code_verifier": String(verifier.reversed())], secret: false)
        )
        #expect(mismatch.status == 400)
        #expect(mismatch.json["error"].string == "invalid_grant")

        let missing = try F.authenticate(client, F.grant("authorization_code", ["code": wrong]))
        #expect(missing.json["error"].string == "invalid_grant")

        let plain = try F.code(client, email: "alice@example.com")
        let noChallenge = try F.authenticate(
            client,
            F.grant("authorization_code", ["code": plain, "code_verifier": verifier], secret: false)
        )
        #expect(noChallenge.status == 400)
        #expect(noChallenge.json["code"].string == "code_challenge_not_found")
    }

    @Test func authorizationCode_WithAnInvitationToken_AcceptsTheInvitation() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organization = try client.request("POST", "/organizations", json: #"{"name":"Invited Org"}"#)
        let organizationID = try #require(organization.json["id"].string)
        let userID = try F.createUser(client, email: "guest@example.com")
        let invitation = try client.request(
            "POST",
            "/user_management/invitations",
            json: #"{"email":"guest@example.com","organization_id":"\#(organizationID)"}"#
        )
        let token = try #require(invitation.json["token"].string)
        let code = try F.code(client, email: "guest@example.com")
        let response = try F.authenticate(
            client,
            F.grant("authorization_code", ["code": code, "invitation_token": token])
        )
        #expect(response.status == 200, "\(response.text)")
        #expect(response.json["organization_id"].string == organizationID)
        let accepted = try client.request("GET", "/user_management/invitations/\(invitation.json["id"].string ?? "")")
        #expect(accepted.json["state"].string == "accepted")
        #expect(accepted.json["accepted_user_id"].string == userID)
        // The token cannot be used twice.
        let again = try F.authenticate(
            client,
            F.grant(
                "authorization_code",
                [
                    "code": try F.code(client, email: "guest@example.com"),
                    "invitation_token": token,
                ]
            )
        )
        #expect(again.json["error"].string == "invitation_invalid")
    }

    // MARK: password

    @Test func password_SignsIn_AndWrongCredentialsAreInvalidCredentialsWithAFailedEvent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let ok = try F.authenticate(
            client,
            F.grant("password", ["email": "Alice@Example.com", "password": "alice-password"])
        )
        #expect(ok.status == 200)
        #expect(try F.events(client, "authentication.password_succeeded").count == 1)
        for (email, password) in [
            ("alice@example.com", "nope-nope"), ("ghost@example.com", "x"), ("bob@example.com", "x"),
        ] {
            let response = try F.authenticate(client, F.grant("password", ["email": email, "password": password]))
            #expect(response.status == 400)
            #expect(response.json["code"].string == "invalid_credentials")
            #expect(response.json["message"].string?.isEmpty == false)
        }
        let failed = try F.events(client, "authentication.password_failed")
        #expect(failed.count == 3)
        #expect(failed.last?["data"]["email"].string == "alice@example.com")
        #expect(failed.last?["data"]["user_id"].string != nil)
        #expect(failed.last?["data"]["error"]["code"].string == "invalid_credentials")
        #expect(failed.last?["data"]["status"].string == "failed")
    }

    @Test func password_UnverifiedEmail_WhenRequired_Is403WithPendingToken_ThenTheEmailVerificationGrant() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try F.createUser(client, email: "verify-me@example.com", verified: false)
        // Not required by default.
        let allowed = try F.authenticate(
            client,
            F.grant("password", ["email": "verify-me@example.com", "password": "correct-horse"])
        )
        #expect(allowed.status == 200)
        try server.execute(
            "UPDATE environments SET seed = json_set(seed, '$.environment.require_email_verification', json('true'))"
        )
        let response = try F.authenticate(
            client,
            F.grant("password", ["email": "verify-me@example.com", "password": "correct-horse"])
        )
        #expect(response.status == 403)
        let body = response.json
        #expect(body["code"].string == "email_verification_required")
        #expect(body["email"].string == "verify-me@example.com")
        #expect(body["email_verification_id"].string?.hasPrefix("email_verification_") == true)
        let token = try #require(body["pending_authentication_token"].string)
        let mail = try #require(
            try client.request("GET", "/_emulator/emails?to=verify-me@example.com").json["data"].array.first
        )
        let code = try #require(mail["code"].string)

        let wrong = try F.authenticate(
            client,
            F.grant(
                "urn:workos:oauth:grant-type:email-verification:code",
                ["code": code == "000000" ? "111111" : "000000", "pending_authentication_token": token]
            )
        )
        #expect(wrong.json["code"].string == "invalid_one_time_code")
        #expect(try F.events(client, "authentication.email_verification_failed").count == 1)
        let bogus = try F.authenticate(
            client,
            F.grant(
                "urn:workos:oauth:grant-type:email-verification:code",
                ["code": code, "pending_authentication_token": "nope"]
            )
        )
        #expect(bogus.json["code"].string == "invalid_pending_authentication_token")
        let done = try F.authenticate(
            client,
            F.grant(
                "urn:workos:oauth:grant-type:email-verification:code",
                ["code": code, "pending_authentication_token": token]
            )
        )
        #expect(done.status == 200, "\(done.text)")
        #expect(done.json["user"]["email_verified"].bool == true)
        #expect(try F.events(client, "authentication.email_verification_succeeded").count == 1)
        let reused = try F.authenticate(
            client,
            F.grant(
                "urn:workos:oauth:grant-type:email-verification:code",
                ["code": code, "pending_authentication_token": token]
            )
        )
        #expect(reused.json["code"].string == "invalid_pending_authentication_token")
    }

    // MARK: refresh_token

    @Test func refreshToken_RotatesThroughRefreshGrant_AndTheOldTokenIsInvalidGrant() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let first = try F.authenticate(
            client,
            F.grant("authorization_code", ["code": try F.code(client, email: "alice@example.com")])
        )
        let token = try #require(first.json["refresh_token"].string)
        let refreshed = try F.authenticate(client, F.grant("refresh_token", ["refresh_token": token], secret: false))
        #expect(refreshed.status == 200)
        #expect(refreshed.json["refresh_token"].string != token)
        let old = try SessionFixtures.verify(client, try #require(first.json["access_token"].string))
        let new = try SessionFixtures.verify(client, try #require(refreshed.json["access_token"].string))
        #expect(old["sid"] == new["sid"])
        let reused = try F.authenticate(client, F.grant("refresh_token", ["refresh_token": token]))
        #expect(reused.status == 400)
        #expect(reused.json["error"].string == "invalid_grant")
    }

    // MARK: magic auth

    @Test func magicAuth_SignsInOnce_AndReportsWrongUsedExpiredAndTooManyAttempts() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let grant = "urn:workos:oauth:grant-type:magic-auth:code"
        func create(_ email: String) throws -> String {
            let response = try client.request("POST", "/user_management/magic_auth", json: #"{"email":"\#(email)"}"#)
            return try #require(response.json["code"].string)
        }
        func other(_ code: String) -> String { code == "000000" ? "111111" : "000000" }
        let code = try create("bob@example.com")
        let wrong = try F.authenticate(client, F.grant(grant, ["email": "bob@example.com", "code": other(code)]))
        #expect(wrong.status == 400)
        #expect(wrong.json["code"].string == "invalid_one_time_code")
        let ok = try F.authenticate(client, F.grant(grant, ["email": "bob@example.com", "code": code]))
        #expect(ok.status == 200, "\(ok.text)")
        #expect(ok.json["authentication_method"].string == "MagicAuth")
        #expect(ok.json["user"]["email_verified"].bool == true)
        let used = try F.authenticate(client, F.grant(grant, ["email": "bob@example.com", "code": code]))
        #expect(used.json["code"].string == "one_time_code_previously_used")

        let expiring = try create("exp@example.com")
        try server.execute(
            "UPDATE magic_auths SET expires_at = '2000-01-01T00:00:00.000Z' WHERE email = 'exp@example.com'"
        )
        let expired = try F.authenticate(client, F.grant(grant, ["email": "exp@example.com", "code": expiring]))
        #expect(expired.json["code"].string == "one_time_code_expired")

        let locked = try create("lock@example.com")
        for _ in 0..<OneTimeCode.maximumFailedAttempts {
            _ = try F.authenticate(client, F.grant(grant, ["email": "lock@example.com", "code": other(locked)]))
        }
        let tooMany = try F.authenticate(client, F.grant(grant, ["email": "lock@example.com", "code": locked]))
        #expect(tooMany.json["code"].string == "one_time_code_too_many_attempts")
        let failed = try F.events(client, "authentication.magic_auth_failed")
        #expect(failed.count == 4 + OneTimeCode.maximumFailedAttempts)
        #expect(failed.first?["data"]["error"]["code"].string == "one_time_code_too_many_attempts")
    }

    // MARK: MFA TOTP

    @Test func mfaTOTP_StepUp_ChallengeAndGrant() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let aliceID = try F.userID(client, email: "alice@example.com")
        let factorID = try F.enrollTOTP(client, userID: aliceID)
        let response = try F.authenticate(
            client,
            F.grant("password", ["email": "alice@example.com", "password": "alice-password"])
        )
        #expect(response.status == 403)
        #expect(response.json["code"].string == "mfa_challenge")
        #expect(response.json["user"]["id"].string == aliceID)
        #expect(response.json["authentication_factors"][0]["id"].string == factorID)
        #expect(response.json["authentication_factors"][0]["totp"]["secret"].exists == false)
        let token = try #require(response.json["pending_authentication_token"].string)
        let challenge = try client.request("POST", "/auth/factors/\(factorID)/challenge", json: "{}")
        #expect(challenge.status == 201)
        let challengeID = try #require(challenge.json["id"].string)
        #expect(challenge.json["authentication_factor_id"].string == factorID)
        let grant = "urn:workos:oauth:grant-type:mfa-totp"
        let code = try F.totpCode(client, factorID: factorID)
        let wrong = try F.authenticate(
            client,
            F.grant(
                grant,
                [
                    "code": code == "000000" ? "111111" : "000000", "pending_authentication_token": token,
                    "authentication_challenge_id": challengeID,
                ]
            )
        )
        #expect(wrong.json["code"].string == "invalid_one_time_code")
        #expect(try F.events(client, "authentication.mfa_failed").count == 1)
        let ok = try F.authenticate(
            client,
            F.grant(
                grant,
                [
                    "code": code, "pending_authentication_token": token, "authentication_challenge_id": challengeID,
                ]
            )
        )
        #expect(ok.status == 200, "\(ok.text)")
        #expect(ok.json["authentication_method"].string == "Password")
        #expect(try F.events(client, "authentication.mfa_succeeded").count == 1)
        let sessions = try client.request("GET", "/user_management/users/\(aliceID)/sessions").json
        #expect(sessions["data"][0]["auth_method"].string == "password")
    }

    // MARK: organization selection

    @Test func organizationSelection_StepUp_AndGrant() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let aliceID = try F.userID(client, email: "alice@example.com")
        let second = try client.request("POST", "/organizations", json: #"{"name":"Second"}"#)
        let secondID = try #require(second.json["id"].string)
        _ = try client.request(
            "POST",
            "/user_management/organization_memberships",
            json: #"{"user_id":"\#(aliceID)","organization_id":"\#(secondID)","role_slug":"member"}"#
        )
        let response = try F.authenticate(
            client,
            F.grant("password", ["email": "alice@example.com", "password": "alice-password"])
        )
        #expect(response.status == 403)
        #expect(response.json["code"].string == "organization_selection_required")
        #expect(response.json["user"]["id"].string == aliceID)
        #expect(Set(response.json["organizations"].array.compactMap { $0["id"].string }).contains(secondID))
        #expect(response.json["organizations"][0].keys == ["id", "name"])
        let token = try #require(response.json["pending_authentication_token"].string)
        let grant = "urn:workos:oauth:grant-type:organization-selection"
        let bad = try F.authenticate(
            client,
            F.grant(grant, ["pending_authentication_token": token, "organization_id": "org_x"])
        )
        #expect(bad.json["code"].string == "invalid_organization_id")
        let ok = try F.authenticate(
            client,
            F.grant(grant, ["pending_authentication_token": token, "organization_id": secondID])
        )
        #expect(ok.status == 200, "\(ok.text)")
        #expect(ok.json["organization_id"].string == secondID)
        let claims = try SessionFixtures.verify(client, try #require(ok.json["access_token"].string))
        #expect(claims["org_id"]?.stringValue == secondID)
        #expect(claims["role"] == "member")
    }

    // MARK: device code

    @Test func deviceCode_PendingSlowDownApprovedDeniedExpired() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        func start() throws -> TestJSON {
            let response = try client.request(
                "POST",
                "/user_management/authorize/device",
                json: #"{"client_id":"client_emulator"}"#,
                key: nil
            )
            try #require(response.status == 200, "\(response.text)")
            return response.json
        }
        let device = try start()
        #expect(
            device.keys == [
                "device_code", "expires_in", "interval", "user_code", "verification_uri", "verification_uri_complete",
            ]
        )
        #expect(device["user_code"].string?.count == 9)
        #expect(device["verification_uri"].string == "http://127.0.0.1:\(server.port)/_emulator/device")
        let deviceCode = try #require(device["device_code"].string)
        let grant = "urn:ietf:params:oauth:grant-type:device_code"
        let poll = { try F.authenticate(client, F.grant(grant, ["device_code": deviceCode], secret: false)) }
        #expect(try poll().json["error"].string == "authorization_pending")
        #expect(try poll().json["error"].string == "slow_down")

        let userCode = try #require(device["user_code"].string)
        let page = try client.request("GET", "/_emulator/device?user_code=\(userCode)", key: nil)
        #expect(page.status == 200)
        #expect(page.text.contains("alice@example.com"))
        let approved = try F.submit(
            client,
            "/_emulator/device",
            [("user_code", userCode.lowercased()), ("action", "approve"), ("email", "alice@example.com")]
        )
        #expect(approved.status == 200)
        let ok = try poll()
        #expect(ok.status == 200, "\(ok.text)")
        #expect(ok.json["user"]["email"].string == "alice@example.com")
        #expect(try poll().json["error"].string == "invalid_grant")

        let denied = try start()
        _ = try F.submit(
            client,
            "/_emulator/device",
            [("user_code", try #require(denied["user_code"].string)), ("action", "deny")]
        )
        let deniedPoll = try F.authenticate(
            client,
            F.grant(grant, ["device_code": try #require(denied["device_code"].string)], secret: false)
        )
        #expect(deniedPoll.json["error"].string == "access_denied")

        let expiring = try start()
        try server.execute(
            "UPDATE device_authorizations SET expires_at = '2000-01-01T00:00:00.000Z' WHERE status = 'pending'"
        )
        let expired = try F.authenticate(
            client,
            F.grant(grant, ["device_code": try #require(expiring["device_code"].string)], secret: false)
        )
        #expect(expired.json["error"].string == "expired_token")
        let unknownClient = try client.request(
            "POST",
            "/user_management/authorize/device",
            json: #"{"client_id":"client_nope"}"#,
            key: nil
        )
        #expect(unknownClient.status == 400)
        #expect(unknownClient.json["error"].string == "invalid_client")
    }
}

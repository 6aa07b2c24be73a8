// workos-emulator — single use and expiry of every code and token kind: used twice, expired, and presented by the
// wrong client / with the wrong redirect URI or PKCE verifier, each answering its documented error. Expiry is tested by
// moving the stored expiry into the past (the emulator's clock is the wall clock).
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

extension HostedPageSecurityReliabilityTests {
    static let past = "2000-01-01T00:00:00.000Z"

    /// Checks an error answer: its status and the value of `field` (`error` for OAuth errors, `code` for coded ones).
    static func expectError(
        _ response: TestResponse, _ status: Int, _ field: String, _ value: String, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == status, "\(label): \(response.status) \(response.text)", sourceLocation: sourceLocation)
        #expect(response.json[field].string == value, "\(label): \(response.text)", sourceLocation: sourceLocation)
    }

    /// A second environment's client id and API key.
    static func otherEnvironment(_ client: TestClient) throws -> (clientID: String, apiKey: String) {
        let created = try client.request("POST", "/_emulator/environments", json: #"{"name":"Other"}"#)
        return (try #require(created.json["client_id"].string), try #require(created.json["api_key"].string))
    }

    @Test func authorizationCodes_OfAuthKitAndSSO_AreSingleUse_Expire_AndAreBoundToClientRedirectURIAndVerifier() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try F.createUser(client, email: "carol@other.test", password: "carol-password")
        let other = try Self.otherEnvironment(client)
        let organizationID = try SSOFixtures.organizationID(client)
        let connectionID = try SSOFixtures.createConnection(client, organizationID: organizationID)
        // RFC 7636 Appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        let pkce = "code_challenge=\(challenge)&code_challenge_method=S256"
        var cases = 0
        // AuthKit codes at POST /user_management/authenticate; SSO codes at POST /sso/token.
        for area in ["authkit", "sso"] {
            func code(_ query: String = "") throws -> String {
                area == "authkit"
                    ? try F.code(client, email: "carol@other.test", password: "carol-password",
                        query: "provider=authkit&state=s" + (query.isEmpty ? "" : "&" + query))
                    : try SSOFixtures.code(client, email: "jane@foocorp.com",
                        query: "connection=\(connectionID)&state=s" + (query.isEmpty ? "" : "&" + query))
            }
            func redeem(_ code: String, _ extra: [String: String] = [:], secret: Bool = true) throws -> TestResponse {
                var fields = ["grant_type": "authorization_code", "client_id": TestServer.clientID, "code": code]
                if secret { fields["client_secret"] = TestServer.apiKey }
                fields.merge(extra) { _, new in new }
                let path = area == "authkit" ? "/user_management/authenticate" : "/sso/token"
                return try client.request("POST", path, json: F.json(fields), key: nil)
            }
            let once = try code()
            #expect(try redeem(once).status == 200, "\(area) first use")
            Self.expectError(try redeem(once), 400, "error", "invalid_grant", "\(area) used twice")
            let expiring = try code()
            try server.execute("UPDATE authorization_codes SET expires_at = ? WHERE used_at IS NULL", [.text(Self.past)])
            Self.expectError(try redeem(expiring), 400, "error", "invalid_grant", "\(area) expired")
            let foreign = try code()
            Self.expectError(
                try redeem(foreign, ["client_id": other.clientID, "client_secret": other.apiKey]),
                400, "error", "invalid_grant", "\(area) another environment's client"
            )
            Self.expectError(
                try redeem(foreign, ["redirect_uri": "http://localhost:3000/other"]),
                400, "error", "invalid_grant", "\(area) another redirect_uri"
            )
            // A refused presentation does not use the code up.
            #expect(try redeem(foreign, ["redirect_uri": F.redirectURI]).status == 200, "\(area) right redirect_uri")
            let pkceCode = try code(pkce)
            Self.expectError(
                try redeem(pkceCode, ["code_verifier": String(repeating: "w", count: 43)], secret: false),
                400, "error", "invalid_grant", "\(area) wrong verifier"
            )
            Self.expectError(try redeem(pkceCode), 400, "error", "invalid_grant", "\(area) no verifier")
            #expect(try redeem(pkceCode, ["code_verifier": verifier], secret: false).status == 200, "\(area) verifier")
            Self.expectError(
                try redeem(pkceCode, ["code_verifier": verifier], secret: false),
                400, "error", "invalid_grant", "\(area) PKCE code used twice"
            )
            // The other API's code is unknown here.
            let crossed =
                area == "authkit"
                ? try SSOFixtures.code(client, email: "jane@foocorp.com", query: "connection=\(connectionID)&state=s")
                : try F.code(client, email: "carol@other.test", password: "carol-password")
            Self.expectError(try redeem(crossed), 400, "error", "invalid_grant", "\(area) the other API's code")
            cases += 7
        }
        #expect(cases == 14)
    }

    @Test func ssoAccessTokens_WorkUntilTheyExpire_AndNoOtherBearerReadsAProfile() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try SSOFixtures.organizationID(client)
        let connectionID = try SSOFixtures.createConnection(client, organizationID: organizationID)
        let code = try SSOFixtures.code(client, email: "jane@foocorp.com", query: "connection=\(connectionID)")
        let token = try #require(try SSOFixtures.token(client, SSOFixtures.grant(code)).json["access_token"].string)
        // Not single use: a bearer token for its lifetime (catalog-B §2.3).
        #expect(try client.request("GET", "/sso/profile", key: token).status == 200)
        #expect(try client.request("GET", "/sso/profile", key: token).status == 200)
        for bearer in [TestServer.apiKey, code, token + "x", String(token.dropLast())] {
            Self.expectError(try client.request("GET", "/sso/profile", key: bearer), 401, "error", "Unauthorized", bearer)
        }
        try server.execute("UPDATE sso_access_tokens SET expires_at = ?", [.text(Self.past)])
        Self.expectError(try client.request("GET", "/sso/profile", key: token), 401, "error", "Unauthorized", "expired")
    }

    @Test func refreshTokens_RotateOnce_AndDieWithTheirSession() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try F.createUser(client, email: "carol@other.test", password: "carol-password")
        let other = try Self.otherEnvironment(client)
        func signIn() throws -> TestJSON {
            let response = try F.authenticate(
                client,
                F.grant("password", ["email": "carol@other.test", "password": "carol-password"])
            )
            try #require(response.status == 200, "\(response.text)")
            return response.json
        }
        func refresh(_ token: String, clientID: String = TestServer.clientID, secret: String = TestServer.apiKey)
            throws -> TestResponse
        {
            try F.authenticate(
                client,
                F.json(["grant_type": "refresh_token", "client_id": clientID, "client_secret": secret, "refresh_token": token])
            )
        }
        let first = try #require(try signIn()["refresh_token"].string)
        let rotated = try refresh(first)
        #expect(rotated.status == 200)
        #expect(rotated.json["refresh_token"].string != first)
        Self.expectError(try refresh(first), 400, "error", "invalid_grant", "used twice")
        let foreign = try #require(try signIn()["refresh_token"].string)
        Self.expectError(
            try refresh(foreign, clientID: other.clientID, secret: other.apiKey), 400, "error", "invalid_grant",
            "another environment's client"
        )
        #expect(try refresh(foreign).status == 200, "a refused presentation does not use the token up")
        let revoked = try signIn()
        let sid = try #require(revoked["access_token"].string.flatMap(Self.sessionID))
        #expect(try client.request("POST", "/user_management/sessions/revoke", json: F.json(["session_id": sid])).status == 200)
        Self.expectError(
            try refresh(try #require(revoked["refresh_token"].string)), 400, "error", "invalid_grant", "revoked session"
        )
        let expiring = try #require(try signIn()["refresh_token"].string)
        try server.execute("UPDATE sessions SET expires_at = ?", [.text(Self.past)])
        Self.expectError(try refresh(expiring), 400, "error", "invalid_grant", "expired session")
    }

    /// The `sid` claim of an access token.
    static func sessionID(_ jwt: String) -> String? {
        let parts = jwt.split(separator: ".")
        guard parts.count == 3 else { return nil }
        var payload = String(parts[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        guard let data = Data(base64Encoded: payload),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["sid"] as? String
    }

    @Test func pendingAuthenticationTokens_AndEmailVerificationCodes_AreSingleUse_AndExpire() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        try server.execute(
            "UPDATE environments SET seed = json_set(seed, '$.environment.require_email_verification', json('true'))"
        )
        func pending(_ email: String) throws -> (token: String, code: String) {
            _ = try F.createUser(client, email: email, verified: false)
            let response = try F.authenticate(
                client, F.grant("password", ["email": email, "password": "correct-horse"])
            )
            Self.expectError(response, 403, "code", "email_verification_required", email)
            let token = try #require(response.json["pending_authentication_token"].string)
            let mail = try #require(
                try client.request("GET", "/_emulator/emails?to=\(F.escape(email))").json["data"].array.first
            )
            return (token, try #require(mail["code"].string))
        }
        let grant = "urn:workos:oauth:grant-type:email-verification:code"
        let used = try pending("used@example.test")
        #expect(
            try F.authenticate(client, F.grant(grant, ["code": used.code, "pending_authentication_token": used.token]))
                .status == 200
        )
        Self.expectError(
            try F.authenticate(client, F.grant(grant, ["code": used.code, "pending_authentication_token": used.token])),
            400, "code", "invalid_pending_authentication_token", "pending token used twice"
        )
        let wrongStep = try pending("step@example.test")
        Self.expectError(
            try F.authenticate(
                client,
                F.grant(
                    "urn:workos:oauth:grant-type:organization-selection",
                    ["organization_id": "org_x", "pending_authentication_token": wrongStep.token]
                )
            ),
            400, "code", "invalid_pending_authentication_token", "pending token for another step"
        )
        let expiredToken = try pending("expired-token@example.test")
        try server.execute("UPDATE pending_authentications SET expires_at = ? WHERE used_at IS NULL", [.text(Self.past)])
        Self.expectError(
            try F.authenticate(
                client, F.grant(grant, ["code": expiredToken.code, "pending_authentication_token": expiredToken.token])
            ),
            400, "code", "invalid_pending_authentication_token", "expired pending token"
        )
        let expiredCode = try pending("expired-code@example.test")
        try server.execute("UPDATE email_verifications SET expires_at = ? WHERE used_at IS NULL", [.text(Self.past)])
        Self.expectError(
            try F.authenticate(
                client, F.grant(grant, ["code": expiredCode.code, "pending_authentication_token": expiredCode.token])
            ),
            400, "code", "one_time_code_expired", "expired e-mail verification code"
        )
        // The API's own confirm: used twice, expired.
        let userID = try UsersFixtures.createUserID(client, email: "api@example.test")
        func send() throws -> String {
            #expect(
                try client.request("POST", "/user_management/users/\(userID)/email_verification/send").status == 200
            )
            let mail = try client.request("GET", "/_emulator/emails?to=api@example.test").json["data"].array.first
            return try #require(mail?["code"].string)
        }
        func confirm(_ code: String) throws -> TestResponse {
            try client.request(
                "POST", "/user_management/users/\(userID)/email_verification/confirm", json: F.json(["code": code])
            )
        }
        let expiring = try send()
        try server.execute("UPDATE email_verifications SET expires_at = ? WHERE used_at IS NULL", [.text(Self.past)])
        Self.expectError(try confirm(expiring), 400, "code", "email_verification_code_expired", "API expired")
        let fresh = try send()
        #expect(try confirm(fresh).status == 200)
        Self.expectError(try confirm(fresh), 400, "code", "email_previously_verified", "API used twice")
    }

    @Test func magicAuthCodes_PasswordResetTokens_AndEmailChangeCodes_AreSingleUse_AndExpire() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try F.createUser(client, email: "dave@other.test", password: "dave-password")
        func mail(_ type: String, _ to: String = "dave@other.test") throws -> TestJSON {
            let all = try client.request("GET", "/_emulator/emails?to=\(F.escape(to))&limit=100").json["data"].array
            return try #require(all.first { $0["type"].string == type }, "no \(type) e-mail")
        }
        // Magic Auth.
        let magicGrant = "urn:workos:oauth:grant-type:magic-auth:code"
        func magicCode() throws -> String {
            let created = try client.request("POST", "/user_management/magic_auth", json: F.json(["email": "dave@other.test"]))
            return try #require(created.json["code"].string)
        }
        let magic = try magicCode()
        let signIn = { (code: String) in try F.authenticate(client, F.grant(magicGrant, ["email": "dave@other.test", "code": code])) }
        #expect(try signIn(magic).status == 200)
        Self.expectError(try signIn(magic), 400, "code", "one_time_code_previously_used", "magic code used twice")
        let expiringMagic = try magicCode()
        try server.execute("UPDATE magic_auths SET expires_at = ? WHERE used_at IS NULL", [.text(Self.past)])
        Self.expectError(try signIn(expiringMagic), 400, "code", "one_time_code_expired", "magic code expired")
        // Password reset.
        func resetToken() throws -> String {
            let created = try client.request(
                "POST", "/user_management/password_reset", json: F.json(["email": "dave@other.test"])
            )
            return try #require(created.json["password_reset_token"].string, "\(created.text)")
        }
        func confirm(_ token: String) throws -> TestResponse {
            try client.request(
                "POST", "/user_management/password_reset/confirm",
                json: F.json(["token": token, "new_password": "new-password-1"])
            )
        }
        let reset = try resetToken()
        #expect(try confirm(reset).status == 200)
        let twice = try confirm(reset)
        Self.expectError(twice, 400, "code", "password_reset_error", "reset token used twice")
        #expect(twice.json["errors"][0]["code"].string == "password_reset_token_already_used")
        let expiringReset = try resetToken()
        try server.execute("UPDATE password_resets SET expires_at = ? WHERE used_at IS NULL", [.text(Self.past)])
        let expired = try confirm(expiringReset)
        Self.expectError(expired, 400, "code", "password_reset_error", "reset token expired")
        #expect(expired.json["errors"][0]["code"].string == "password_reset_token_expired")
        // E-mail change.
        func change(_ to: String) throws -> String {
            let sent = try client.request(
                "POST", "/user_management/users/\(userID)/email_change/send", json: F.json(["new_email": to])
            )
            try #require(sent.status == 200, "\(sent.text)")
            return try #require(try mail("email_change", to)["code"].string)
        }
        func confirmChange(_ code: String) throws -> TestResponse {
            try client.request(
                "POST", "/user_management/users/\(userID)/email_change/confirm", json: F.json(["code": code])
            )
        }
        let expiringChange = try change("dave2@other.test")
        try server.execute("UPDATE email_changes SET expires_at = ? WHERE used_at IS NULL", [.text(Self.past)])
        Self.expectError(try confirmChange(expiringChange), 400, "code", "email_change_code_expired", "change expired")
        let changeCode = try change("dave3@other.test")
        #expect(try confirmChange(changeCode).status == 200)
        let again = try confirmChange(changeCode)
        #expect(again.status == 409 || again.status == 400, "change used twice: \(again.status) \(again.text)")
        #expect(again.json["code"].string == "no_pending_email_change" || again.json["code"].string == "email_change_code_previously_used")
    }

    @Test func invitationsAndDeviceCodes_AreSingleUse_AndExpire() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try SSOFixtures.organizationID(client)
        func invite(_ email: String) throws -> (id: String, token: String) {
            let sent = try client.request(
                "POST", "/user_management/invitations", json: F.json(["email": email, "organization_id": organizationID])
            )
            try #require(sent.status == 201, "\(sent.text)")
            return (try #require(sent.json["id"].string), try #require(sent.json["token"].string))
        }
        let accepted = try invite("erin@other.test")
        #expect(try client.request("POST", "/user_management/invitations/\(accepted.id)/accept").status == 200)
        Self.expectError(
            try client.request("POST", "/user_management/invitations/\(accepted.id)/accept"), 400, "code",
            "invite_not_pending", "invitation accepted twice"
        )
        // Its token no longer starts a sign-in.
        let authorize = try F.authorize(client, "provider=authkit&state=s&invitation_token=\(accepted.token)")
        #expect(try F.query(of: authorize)["error"] == "invitation_invalid")
        let expiring = try invite("frank@other.test")
        try server.execute("UPDATE invitations SET expires_at = ? WHERE id = ?", [.text(Self.past), .text(expiring.id)])
        Self.expectError(
            try client.request("POST", "/user_management/invitations/\(expiring.id)/accept"), 400, "code",
            "invite_not_pending", "expired invitation"
        )
        let expiredAuthorize = try F.authorize(client, "provider=authkit&state=s&invitation_token=\(expiring.token)")
        #expect(try F.query(of: expiredAuthorize)["error"] == "invitation_invalid")

        // Device codes.
        let other = try Self.otherEnvironment(client)
        let deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"
        func device() throws -> (deviceCode: String, userCode: String) {
            let response = try client.request(
                "POST", "/user_management/authorize/device", json: F.json(["client_id": TestServer.clientID]), key: nil
            )
            return (try #require(response.json["device_code"].string), try #require(response.json["user_code"].string))
        }
        func poll(_ code: String, clientID: String = TestServer.clientID) throws -> TestResponse {
            try F.authenticate(client, F.json(["grant_type": deviceGrant, "client_id": clientID, "device_code": code]))
        }
        let approved = try device()
        _ = try F.submit(
            client, "/_emulator/device",
            [("user_code", approved.userCode), ("action", "approve"), ("email", "alice@example.com")]
        )
        Self.expectError(try poll(approved.deviceCode, clientID: other.clientID), 400, "error", "invalid_grant", "device, other client")
        #expect(try poll(approved.deviceCode).status == 200)
        Self.expectError(try poll(approved.deviceCode), 400, "error", "invalid_grant", "device code used twice")
        let expiringDevice = try device()
        try server.execute("UPDATE device_authorizations SET expires_at = ? WHERE status = 'pending'", [.text(Self.past)])
        Self.expectError(try poll(expiringDevice.deviceCode), 400, "error", "expired_token", "device code expired")
    }

    @Test func hostedPageStepUps_AreRefusedOnceTheirPendingSignInExpired() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        try server.execute(
            "UPDATE environments SET seed = json_set(seed, '$.environment.require_email_verification', json('true'))"
        )
        _ = try F.createUser(client, email: "late@other.test", verified: false)
        let path = try F.pagePath(client)
        let step = try F.submit(client, path, [("email", "late@other.test"), ("password", "correct-horse")])
        #expect(step.text.contains("Verify your email"))
        let mail = try #require(
            try client.request("GET", "/_emulator/emails?to=late@other.test").json["data"].array.first
        )
        // The pending sign-in lasts 10 minutes (PendingAuthentication.lifetimeSeconds); the page 30.
        try server.execute("UPDATE pending_authentications SET expires_at = ?", [.text(Self.past)])
        let late = try F.submit(client, path, [("action", "verify-email"), ("code", try #require(mail["code"].string))])
        #expect(late.status == 400, "\(late.status)")
        #expect(late.header("Location") == nil)
        #expect(try server.snapshot().count("authorization_codes") == 0)
    }
}

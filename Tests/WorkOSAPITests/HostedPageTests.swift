// workos-emulator — the hosted AuthKit page: the scripted protocol, escaping, single use, sign-up, Magic Auth, OAuth
// consent and the step-ups on the page.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

@Suite struct HostedPageTests {
    @Test func page_ScriptedPost_EmailAndPassword_RedirectsWithCodeAndStateUnchanged() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let path = try AuthKitFixtures.pagePath(client, "provider=authkit&state=a%20b%26c")
        let response = try AuthKitFixtures.submit(
            client,
            path,
            [("email", "alice@example.com"), ("password", "alice-password")]
        )
        #expect(response.status == 302)
        #expect(response.header("Location")?.hasPrefix(AuthKitFixtures.redirectURI + "?code=") == true)
        let items = try AuthKitFixtures.query(of: response)
        #expect(items["state"] == "a b&c")
        #expect((items["code"]?.count ?? 0) >= 25)
        // Nothing is signed in before the code is exchanged.
        #expect(try AuthKitFixtures.events(client, "session.created").isEmpty)
    }

    @Test func page_WrongPasswordOrUnknownEmail_RerendersWith400AndIssuesNoCode() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let path = try AuthKitFixtures.pagePath(client)
        for fields in [
            [("email", "alice@example.com"), ("password", "wrong-password")],
            [("email", "nobody@example.com"), ("password", "whatever-password")],
            [("email", "nobody@example.com")],
            [("email", "bob@example.com"), ("password", "bob-has-none")],
        ] {
            let response = try AuthKitFixtures.submit(client, path, fields)
            #expect(response.status == 400, "\(fields)")
            #expect(response.header("Location") == nil)
            #expect(response.text.contains("role=\"alert\""))
        }
        #expect(try server.snapshot().count("authorization_codes") == 0)
        let failed = try AuthKitFixtures.events(client, "authentication.password_failed")
        #expect(failed.count == 3)
        #expect(failed.last?["data"]["error"]["code"].string == "invalid_credentials")
        // The page still works afterwards.
        let ok = try AuthKitFixtures.submit(
            client,
            path,
            [("email", "alice@example.com"), ("password", "alice-password")]
        )
        #expect(ok.status == 302)
    }

    @Test func page_IsUsedUpOnceItIssuesACode_AndUnknownTokensAre404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let path = try AuthKitFixtures.pagePath(client)
        #expect(try AuthKitFixtures.submit(client, path, [("email", "alice@example.com")]).status == 302)
        #expect(try client.request("GET", path, key: nil).status == 410)
        let again = try AuthKitFixtures.submit(client, path, [("email", "alice@example.com")])
        #expect(again.status == 410)
        #expect(again.header("Location") == nil)
        #expect(try client.request("GET", "/_emulator/authkit/nope", key: nil).status == 404)
    }

    @Test func page_Expired_Answers410() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let path = try AuthKitFixtures.pagePath(client)
        try server.execute("UPDATE authorization_requests SET expires_at = '2000-01-01T00:00:00.000Z'")
        #expect(try client.request("GET", path, key: nil).status == 410)
        #expect(try AuthKitFixtures.submit(client, path, [("email", "alice@example.com")]).status == 410)
    }

    @Test func page_EscapesEveryValue() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try AuthKitFixtures.createUser(
            client,
            email: "xss@example.com",
            firstName: "<script>alert(1)</script>\"'&"
        )
        let created = try client.request(
            "POST",
            "/organizations",
            json: #"{"name":"<img src=x onerror=alert(2)>"}"#
        )
        let organizationID = try #require(created.json["id"].string)
        let userID = try AuthKitFixtures.userID(client, email: "xss@example.com")
        _ = try client.request(
            "POST",
            "/user_management/organization_memberships",
            json: #"{"user_id":"\#(userID)","organization_id":"\#(organizationID)"}"#
        )
        let path = try AuthKitFixtures.pagePath(
            client,
            "provider=authkit&login_hint=%22%3E%3Cscript%3Ealert(3)%3C%2Fscript%3E"
        )
        let page = try client.request("GET", path, key: nil).text
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"))
        #expect(page.contains("&lt;img src=x onerror=alert(2)&gt;"))
        #expect(page.contains("value=\"&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;\""))
        let error = try AuthKitFixtures.submit(client, path, [("email", "<script>@x.com"), ("password", "p")])
        #expect(!error.text.contains("<script>@"))
    }

    @Test func page_LoginHintPrefillsTheEmail_AndSignUpCreatesTheUser() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let path = try AuthKitFixtures.pagePath(
            client,
            "provider=authkit&screen_hint=sign-up&login_hint=new%40example.com"
        )
        let page = try client.request("GET", path, key: nil).text
        #expect(page.contains("Create an account"))
        #expect(page.contains("value=\"new@example.com\""))
        let weak = try AuthKitFixtures.submit(
            client,
            path,
            [("action", "sign-up"), ("email", "new@example.com"), ("password", "short")]
        )
        #expect(weak.status == 400)
        let taken = try AuthKitFixtures.submit(
            client,
            path,
            [("action", "sign-up"), ("email", "alice@example.com"), ("password", "long-enough-1")]
        )
        #expect(taken.status == 400)
        let response = try AuthKitFixtures.submit(
            client,
            path,
            [
                ("action", "sign-up"), ("email", "new@example.com"), ("password", "long-enough-1"),
                ("first_name", "New"), ("last_name", "Person"),
            ]
        )
        #expect(response.status == 302)
        let code = try #require(try AuthKitFixtures.query(of: response)["code"])
        let session = try AuthKitFixtures.authenticate(
            client,
            AuthKitFixtures.grant("authorization_code", ["code": code])
        )
        #expect(session.status == 200)
        #expect(session.json["user"]["email"].string == "new@example.com")
        #expect(session.json["user"]["first_name"].string == "New")
        // The new password works for the password grant.
        let password = try AuthKitFixtures.authenticate(
            client,
            AuthKitFixtures.grant("password", ["email": "new@example.com", "password": "long-enough-1"])
        )
        #expect(password.status == 200)
    }

    @Test func page_MagicCode_SendsTheCodeToTheOutbox_AndSignsInWithIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let path = try AuthKitFixtures.pagePath(client)
        let sent = try AuthKitFixtures.submit(client, path, [("action", "magic"), ("email", "bob@example.com")])
        #expect(sent.status == 200)
        #expect(sent.text.contains("name=\"code\""))
        let email = try #require(
            try client.request("GET", "/_emulator/emails?to=bob@example.com").json["data"].array.first
        )
        let code = try #require(email["code"].string)
        let wrong = try AuthKitFixtures.submit(
            client,
            path,
            [("action", "magic-code"), ("email", "bob@example.com"), ("code", "000000" == code ? "111111" : "000000")]
        )
        #expect(wrong.status == 400)
        let response = try AuthKitFixtures.submit(
            client,
            path,
            [("action", "magic-code"), ("email", "bob@example.com"), ("code", code)]
        )
        #expect(response.status == 302)
        let authorizationCode = try #require(try AuthKitFixtures.query(of: response)["code"])
        let session = try AuthKitFixtures.authenticate(
            client,
            AuthKitFixtures.grant("authorization_code", ["code": authorizationCode])
        )
        #expect(session.json["authentication_method"].string == "MagicAuth")
        #expect(session.json["user"]["email_verified"].bool == true)
    }

    @Test func page_OAuthProvider_PlaysTheConsentScreen_AndRecordsAnIdentity() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let path = try AuthKitFixtures.pagePath(client, "provider=GoogleOAuth&state=g&provider_scopes=openid,email")
        let page = try client.request("GET", path, key: nil)
        #expect(page.text.contains("Sign in with Google"))
        let response = try AuthKitFixtures.submit(
            client,
            path,
            [("email", "oauth-new@example.com"), ("first_name", "Olive")]
        )
        #expect(response.status == 302)
        let code = try #require(try AuthKitFixtures.query(of: response)["code"])
        let session = try AuthKitFixtures.authenticate(
            client,
            AuthKitFixtures.grant("authorization_code", ["code": code])
        )
        #expect(session.status == 200)
        #expect(session.json["authentication_method"].string == "GoogleOAuth")
        #expect(session.json["oauth_tokens"]["provider"].string == "GoogleOAuth")
        #expect(session.json["oauth_tokens"]["scopes"].array.map { $0.string } == ["openid", "email"])
        #expect(session.json["oauth_tokens"]["expires_at"].int != nil)
        let userID = try #require(session.json["user"]["id"].string)
        let identities = try client.request("GET", "/user_management/users/\(userID)/identities").json.array
        #expect(identities.count == 1)
        #expect(identities.first?["provider"].string == "GoogleOAuth")
        #expect(try AuthKitFixtures.events(client, "authentication.oauth_succeeded").count == 1)
        // Deny sends the browser back with access_denied.
        let denied = try AuthKitFixtures.submit(
            client,
            try AuthKitFixtures.pagePath(client, "provider=GitHubOAuth&state=d"),
            [("action", "deny")]
        )
        #expect(try AuthKitFixtures.query(of: denied)["error"] == "access_denied")
        #expect(try AuthKitFixtures.query(of: denied)["state"] == "d")
    }

    @Test func page_StepUps_TOTPThenOrganizationSelection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let aliceID = try AuthKitFixtures.userID(client, email: "alice@example.com")
        let factorID = try AuthKitFixtures.enrollTOTP(client, userID: aliceID)
        let second = try client.request("POST", "/organizations", json: #"{"name":"Second Org"}"#)
        let secondID = try #require(second.json["id"].string)
        _ = try client.request(
            "POST",
            "/user_management/organization_memberships",
            json: #"{"user_id":"\#(aliceID)","organization_id":"\#(secondID)"}"#
        )
        let path = try AuthKitFixtures.pagePath(client)
        let chooser = try client.request("GET", path, key: nil).text
        #expect(chooser.contains("MFA enrolled"))
        let mfa = try AuthKitFixtures.submit(client, path, [("email", "alice@example.com")])
        #expect(mfa.status == 200)
        #expect(mfa.text.contains("Two-factor authentication"))
        let wrong = try AuthKitFixtures.submit(client, path, [("action", "totp"), ("code", "12345x")])
        #expect(wrong.status == 400)
        #expect(try AuthKitFixtures.events(client, "authentication.mfa_failed").count == 1)
        let code = try AuthKitFixtures.totpCode(client, factorID: factorID)
        let organizations = try AuthKitFixtures.submit(client, path, [("action", "totp"), ("code", code)])
        #expect(organizations.status == 200)
        #expect(organizations.text.contains("Second Org"))
        #expect(organizations.text.contains("Example Corp"))
        let done = try AuthKitFixtures.submit(
            client,
            path,
            [("action", "organization"), ("organization_id", secondID)]
        )
        #expect(done.status == 302)
        let authorizationCode = try #require(try AuthKitFixtures.query(of: done)["code"])
        let session = try AuthKitFixtures.authenticate(
            client,
            AuthKitFixtures.grant("authorization_code", ["code": authorizationCode])
        )
        #expect(session.status == 200)
        #expect(session.json["organization_id"].string == secondID)
        #expect(try AuthKitFixtures.events(client, "authentication.mfa_succeeded").count == 1)
    }

    @Test func page_StepUp_EmailVerificationWhenTheEnvironmentRequiresIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        try server.execute(
            "UPDATE environments SET seed = json_set(seed, '$.environment.require_email_verification', json('true'))"
        )
        _ = try AuthKitFixtures.createUser(client, email: "unverified@example.com", verified: false)
        let path = try AuthKitFixtures.pagePath(client)
        let step = try AuthKitFixtures.submit(
            client,
            path,
            [("email", "unverified@example.com"), ("password", "correct-horse")]
        )
        #expect(step.status == 200)
        #expect(step.text.contains("Verify your email"))
        let mail = try #require(
            try client.request("GET", "/_emulator/emails?to=unverified@example.com").json["data"].array.first
        )
        #expect(mail["type"].string == "email_verification")
        let done = try AuthKitFixtures.submit(
            client,
            path,
            [("action", "verify-email"), ("code", try #require(mail["code"].string))]
        )
        #expect(done.status == 302)
        #expect(try AuthKitFixtures.query(of: done)["code"] != nil)
    }
}

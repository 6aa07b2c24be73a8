// workos-emulator — sessions: SignIn.complete, list, revoke and logout, over real sockets.
// Licensed MIT.

import EmulatorTesting
import Foundation
import JSONCodec
import Testing

@testable import WorkOSAPI

@Suite struct SessionsTests {
    /// Every key of a Session (catalog-A §6.5) without organization or impersonator.
    static let sessionKeys = [
        "auth_method", "created_at", "ended_at", "expires_at", "id", "ip_address", "object", "status", "updated_at",
        "user_agent", "user_id",
    ]

    // MARK: Sign-in

    @Test func signIn_AnswersTheAuthenticateResponse_AndStampsLastSignIn() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "sign.in@example.com")
        let body = try SessionFixtures.signIn(server, userID: userID)
        let object = try #require(body.objectValue)
        #expect(object.keys == ["user", "access_token", "refresh_token", "authentication_method"])
        #expect(body["authentication_method"] == "Password")
        #expect(body["user"]?["id"]?.stringValue == userID)
        let stamped = try #require(body["user"]?["last_sign_in_at"]?.stringValue)
        #expect(stamped.count == 24)
        #expect(try client.request("GET", "/user_management/users/\(userID)").json["last_sign_in_at"].string == stamped)
        let refreshToken = try SessionFixtures.refreshToken(body)
        #expect(refreshToken.count == 32 && refreshToken.allSatisfy { $0.isLetter || $0.isNumber })
    }

    @Test func signIn_StoresOnlyADigestOfTheRefreshToken() throws {
        let server = try TestServer()
        defer { server.stop() }
        let userID = try SessionFixtures.userID(server.client(), email: "digest@example.com")
        let token = try #require(try SessionFixtures.signIn(server, userID: userID)["refresh_token"]?.stringValue)
        let stored: [String] = try server.application.services.database.read { connection in
            try connection.fetchAll("SELECT token_hash FROM refresh_tokens").map { $0["token_hash"] }
        }
        #expect(stored.count == 1)
        #expect(stored.first?.count == 64)
        #expect(stored.first != token)
    }

    @Test func signIn_EmitsAuthenticationSucceeded_SessionCreated_AndUserUpdated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "events@example.com")
        let body = try SessionFixtures.signIn(server, userID: userID)
        let sid = try SessionFixtures.claims(client, body)["sid"]?.stringValue

        let authentication = try SessionFixtures.events(client, "authentication.password_succeeded")
        #expect(authentication.count == 1)
        let data = try #require(authentication.first?["data"])
        #expect(data.keys == ["email", "ip_address", "status", "type", "user_agent", "user_id"])
        #expect(data["type"].string == "password")
        #expect(data["status"].string == "succeeded")
        #expect(data["user_id"].string == userID)
        #expect(data["email"].string == "events@example.com")
        #expect(data["ip_address"].string == "198.51.100.7")
        #expect(data["user_agent"].string == "SessionTests/1.0")

        let created = try SessionFixtures.events(client, "session.created")
        #expect(created.count == 1)
        let session = try #require(created.first?["data"])
        #expect(session.keys == Self.sessionKeys)
        #expect(session["id"].string == sid)
        #expect(session["auth_method"].string == "password")
        #expect(session["status"].string == "active")
        #expect(session["ended_at"].isNull)

        let updated = try SessionFixtures.events(client, "user.updated")
        #expect(updated.count == 1)
        #expect(updated.first?["data"]["last_sign_in_at"].string != nil)
    }

    @Test func signIn_MapsEachMethodToItsSessionAuthMethodAndResponseMethod() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "methods@example.com")
        let cases: [(SignIn.Method, String?, SignIn.Method?, String, String?, String?)] = [
            (.magicAuth, nil, nil, "magic_code", "MagicAuth", "authentication.magic_auth_succeeded"),
            (.oauth, "GithubOAuth", nil, "oauth", "GitHubOAuth", "authentication.oauth_succeeded"),
            (.sso, nil, nil, "sso", "SSO", "authentication.sso_succeeded"),
            (.passkey, nil, nil, "passkey", "Passkey", "authentication.passkey_succeeded"),
            (.mfa, nil, nil, "password", "Password", "authentication.mfa_succeeded"),
            (
                .emailVerification, "GoogleOAuth", .oauth, "oauth", "GoogleOAuth",
                "authentication.email_verification_succeeded"
            ),
            (.deviceCode, nil, nil, "password", "Password", nil),
        ]
        for (method, provider, firstFactor, authMethod, responseMethod, event) in cases {
            let body = try SessionFixtures.signIn(
                server, userID: userID, method: method, provider: provider, firstFactor: firstFactor
            )
            #expect(body["authentication_method"]?.stringValue == responseMethod, "\(method)")
            let sessions = try client.request("GET", "/user_management/users/\(userID)/sessions?limit=1").json["data"]
            #expect(sessions[0]["auth_method"].string == authMethod, "\(method)")
            if let event {
                #expect(try SessionFixtures.events(client, event).count == 1, "\(event)")
            }
        }
        let oauth = try SessionFixtures.events(client, "authentication.oauth_succeeded")
        #expect(oauth.first?["data"]["provider"].string == "GithubOAuth")
        let sso = try SessionFixtures.events(client, "authentication.sso_succeeded")
        #expect(sso.first?["data"]["sso"].keys == ["connection_id", "organization_id", "session_id"])
    }

    // MARK: List

    @Test func listSessions_AnswersTheUsersActiveSessions_NewestFirst_Paginated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "list@example.com")
        let otherID = try SessionFixtures.userID(client, email: "other@example.com")
        var sids: [String] = []
        for _ in 0..<3 {
            let body = try SessionFixtures.signIn(server, userID: userID)
            sids.append(try SessionFixtures.claims(client, body)["sid"]!.stringValue!)
        }
        _ = try SessionFixtures.signIn(server, userID: otherID)

        let response = try client.request("GET", "/user_management/users/\(userID)/sessions")
        #expect(response.status == 200)
        #expect(response.json["object"].string == "list")
        let data = response.json["data"].array
        #expect(data.map { $0["id"].string } == sids.reversed().map { Optional($0) })
        #expect(data.first?.keys == Self.sessionKeys)
        #expect(data.first?["object"].string == "session")
        #expect(data.first?["user_id"].string == userID)
        #expect(data.first?["ip_address"].string == "198.51.100.7")
        #expect(response.json["list_metadata"]["after"].isNull)
        #expect(response.json["list_metadata"]["before"].isNull)

        let page = try client.request("GET", "/user_management/users/\(userID)/sessions?limit=2&order=asc")
        #expect(page.json["data"].array.map { $0["id"].string } == [sids[0], sids[1]])
        #expect(page.json["list_metadata"]["after"].string == sids[1])
        let next = try client.request(
            "GET", "/user_management/users/\(userID)/sessions?limit=2&order=asc&after=\(sids[1])")
        #expect(next.json["data"].array.map { $0["id"].string } == [sids[2]])
    }

    @Test func listSessions_LeavesOutRevokedAndExpiredSessions() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "gone@example.com")
        var sids: [String] = []
        for _ in 0..<3 {
            let body = try SessionFixtures.signIn(server, userID: userID)
            sids.append(try SessionFixtures.claims(client, body)["sid"]!.stringValue!)
        }
        let revoked = try client.request(
            "POST", "/user_management/sessions/revoke", json: #"{"session_id":"\#(sids[0])"}"#)
        #expect(revoked.status == 200)
        try server.application.services.database.write { connection in
            try connection.execute(
                "UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?", [.text(sids[1])]
            )
        }
        let data = try client.request("GET", "/user_management/users/\(userID)/sessions").json["data"].array
        #expect(data.map { $0["id"].string } == [sids[2]])
    }

    @Test func listSessions_UnknownUser_Answers404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/user_management/users/user_missing/sessions")
        #expect(response.status == 404)
        #expect(response.json["code"].string == "entity_not_found")
    }

    @Test func listSessions_NeedsAnAPIKey() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/user_management/users/user_x/sessions", key: nil)
        #expect(response.status == 401)
    }

    // MARK: Revoke

    @Test func revoke_Answers200WithAnEmptyBodyAndNoContentType_AndEmitsSessionRevoked() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "revoke@example.com")
        let body = try SessionFixtures.signIn(server, userID: userID)
        let sid = try SessionFixtures.sid(client, body)
        let response = try client.request(
            "POST", "/user_management/sessions/revoke", json: #"{"session_id":"\#(sid)"}"#)
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Type") == nil)
        let events = try SessionFixtures.events(client, "session.revoked")
        #expect(events.count == 1)
        let data = try #require(events.first?["data"])
        #expect(data["id"].string == sid)
        #expect(data["status"].string == "revoked")
        #expect(data["ended_at"].string?.count == 24)

        let again = try client.request("POST", "/user_management/sessions/revoke", json: #"{"session_id":"\#(sid)"}"#)
        #expect(again.status == 200)
        #expect(try SessionFixtures.events(client, "session.revoked").count == 1)
    }

    @Test func revoke_UnknownSession_Answers400WithAMessage_AndMissingID422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let unknown = try client.request(
            "POST", "/user_management/sessions/revoke", json: #"{"session_id":"session_nope"}"#)
        #expect(unknown.status == 400)
        #expect(unknown.json["message"].string == "Session not found: 'session_nope'.")
        let missing = try client.request("POST", "/user_management/sessions/revoke", json: "{}")
        #expect(missing.status == 422)
        #expect(missing.json["errors"][0]["field"].string == "session_id")
    }

    @Test func revoke_IsScopedToTheEnvironment() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "scoped@example.com")
        let body = try SessionFixtures.signIn(server, userID: userID)
        let sid = try SessionFixtures.sid(client, body)
        let other = try client.request("POST", "/_emulator/environments", json: #"{"name":"other"}"#)
        let otherKey = try #require(other.json["api_key"].string)
        let response = try client.request(
            "POST", "/user_management/sessions/revoke", json: #"{"session_id":"\#(sid)"}"#, key: otherKey
        )
        #expect(response.status == 400)
    }

    // MARK: Logout

    @Test func logout_EndsTheSession_AndRedirectsToAnAllowedReturnTo() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "logout@example.com")
        let body = try SessionFixtures.signIn(server, userID: userID)
        let sid = try SessionFixtures.sid(client, body)
        let returnTo = "http://localhost:3000/goodbye?x=1"
        let encoded = try #require(returnTo.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let response = try client.request(
            "GET", "/user_management/sessions/logout?session_id=\(sid)&return_to=\(encoded)", key: nil
        )
        #expect(response.status == 302)
        #expect(response.header("Location") == returnTo)
        #expect(try SessionFixtures.events(client, "session.revoked").first?["data"]["id"].string == sid)
        #expect(try client.request("GET", "/user_management/users/\(userID)/sessions").json["data"].array.isEmpty)
    }

    @Test func logout_WithoutReturnTo_LandsOnTheSignedOutPage() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "plain@example.com")
        let body = try SessionFixtures.signIn(server, userID: userID)
        let sid = try SessionFixtures.sid(client, body)
        let response = try client.request("GET", "/user_management/sessions/logout?session_id=\(sid)", key: nil)
        #expect(response.status == 302)
        let location = try #require(response.header("Location"))
        #expect(location == "/_emulator/signed_out")
        let page = try client.request("GET", location, key: nil)
        #expect(page.status == 200)
        #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(page.text.contains("signed out"))
    }

    @Test func logout_ReturnToRules_RegisteredURIsAndTheirOrigins_LocalhostAlways_OthersRefused() throws {
        let registered = ["https://app.example.com/callback", "http://127.0.0.1:3000/callback"]
        #expect(Sessions.isAllowedReturnTo("https://app.example.com/callback", redirectURIs: registered))
        #expect(Sessions.isAllowedReturnTo("https://app.example.com/", redirectURIs: registered))
        #expect(Sessions.isAllowedReturnTo("https://APP.example.com:443/signed-out", redirectURIs: registered))
        #expect(Sessions.isAllowedReturnTo("http://localhost:8080/", redirectURIs: []))
        #expect(Sessions.isAllowedReturnTo("http://127.0.0.1:9/x", redirectURIs: []))
        #expect(Sessions.isAllowedReturnTo("http://[::1]:9/x", redirectURIs: []))
        #expect(!Sessions.isAllowedReturnTo("http://app.example.com/", redirectURIs: registered))
        #expect(!Sessions.isAllowedReturnTo("https://app.example.com:8443/", redirectURIs: registered))
        #expect(!Sessions.isAllowedReturnTo("https://evil.example.net/", redirectURIs: registered))
        #expect(!Sessions.isAllowedReturnTo("javascript:alert(1)", redirectURIs: registered))
        #expect(!Sessions.isAllowedReturnTo("/relative", redirectURIs: registered))
    }

    @Test func logout_RefusedReturnTo_Answers422_AndEndsNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try SessionFixtures.userID(client, email: "refused@example.com")
        let body = try SessionFixtures.signIn(server, userID: userID)
        let sid = try SessionFixtures.sid(client, body)
        let response = try client.request(
            "GET", "/user_management/sessions/logout?session_id=\(sid)&return_to=https%3A%2F%2Fevil.example.net%2F",
            key: nil
        )
        #expect(response.status == 422)
        #expect(response.json["message"].string?.contains("evil.example.net") == true)
        #expect(try SessionFixtures.events(client, "session.revoked").isEmpty)
        let token = try SessionFixtures.refreshToken(body)
        #expect(try SessionFixtures.refresh(server, token: token)["access_token"] != nil)
    }

    @Test func logout_UnknownOrMissingSession_Answers422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let unknown = try client.request("GET", "/user_management/sessions/logout?session_id=session_nope", key: nil)
        #expect(unknown.status == 422)
        #expect(unknown.json["message"].string == "Session not found: 'session_nope'.")
        let missing = try client.request("GET", "/user_management/sessions/logout", key: nil)
        #expect(missing.status == 422)
    }
}

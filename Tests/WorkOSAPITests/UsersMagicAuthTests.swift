// workos-emulator — Magic Auth (create, get, legacy send) over real sockets.
// Licensed MIT.

import EmulatorTesting
import SQLite
import Testing
import WorkOSAPI

@Suite struct UsersMagicAuthTests {
    /// Every key of the MagicAuth object (catalog-A §6.7).
    static let magicAuthKeys = ["code", "created_at", "email", "expires_at", "id", "object", "updated_at", "user_id"]

    @Test func createMagicAuth_ForAnExistingUser_Answers201WithACode_MailsIt_AndEmitsTheEventWithoutIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "magic@example.com")
        let usersCreated = try UsersFixtures.events(client, "user.created").count
        let response = try client.request(
            "POST", "/user_management/magic_auth", json: #"{"email":"Magic@Example.com"}"#)
        #expect(response.status == 201)
        let magic = response.json
        #expect(magic.keys == Self.magicAuthKeys)
        #expect(magic["object"].string == "magic_auth")
        #expect(magic["id"].string?.hasPrefix("magic_auth_") == true)
        #expect(magic["user_id"].string == id)
        #expect(magic["email"].string == "magic@example.com")
        let code = try #require(magic["code"].string)
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        let created = try #require(Timestamp(iso8601: magic["created_at"].string ?? ""))
        let expires = try #require(Timestamp(iso8601: magic["expires_at"].string ?? ""))
        #expect(expires.milliseconds - created.milliseconds == 10 * 60 * 1000)
        let email = try #require(try UsersFixtures.emails(client, to: "magic@example.com").first)
        #expect(email["type"].string == "magic_auth")
        #expect(email["code"].string == code)
        let event = try #require(try UsersFixtures.events(client, "magic_auth.created").first)
        #expect(event["data"].keys == ["created_at", "email", "expires_at", "id", "object", "updated_at", "user_id"])
        #expect(try UsersFixtures.events(client, "user.created").count == usersCreated)
    }

    @Test func createMagicAuth_ForANewEmail_CreatesTheUserToo() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let magic = try client.request("POST", "/user_management/magic_auth", json: #"{"email":"signup@example.com"}"#)
        #expect(magic.status == 201)
        let userID = try #require(magic.json["user_id"].string)
        let user = try client.request("GET", "/user_management/users/\(userID)").json
        #expect(user["email"].string == "signup@example.com")
        #expect(user["email_verified"].bool == false)
        #expect(try UsersFixtures.events(client, "user.created").first?["data"]["id"].string == userID)
    }

    @Test func createMagicAuth_WithAMissingOrMalformedEmail_Answers422AndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let before = try UsersFixtures.snapshot(server)
        for json in [#"{}"#, #"{"email":"nope"}"#, #"{"email":42}"#] {
            let response = try client.request("POST", "/user_management/magic_auth", json: json)
            #expect(response.status == 422, "\(json)")
            #expect(response.json["errors"][0]["field"].string == "email", "\(json)")
        }
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func getMagicAuth_ReturnsWhatCreateReturned_AndUnknownIDsAnswer404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request("POST", "/user_management/magic_auth", json: #"{"email":"g@example.com"}"#)
        let id = try #require(created.json["id"].string)
        let fetched = try client.request("GET", "/user_management/magic_auth/\(id)")
        #expect(fetched.status == 200)
        #expect(fetched.body == created.body)
        #expect(try client.request("GET", "/user_management/magic_auth/magic_auth_x").status == 404)
    }

    @Test func createMagicAuth_StoresWhatAuthenticationNeeds() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let invitation = try client.request(
            "POST", "/user_management/invitations", json: #"{"email":"store@example.com"}"#
        ).json
        let token = try #require(invitation["token"].string)
        let created = try client.request(
            "POST", "/user_management/magic_auth",
            json:
                #"{"email":"store@example.com","invitation_token":"\#(token)","ip_address":"10.0.0.1","user_agent":"ua"}"#
        ).json
        let id = try #require(created["id"].string)
        let row = try server.application.services.database.read { connection in
            try connection.fetchOne("SELECT * FROM magic_auths WHERE id = ?", [.text(id)])
        }
        let stored = try #require(row)
        #expect((stored["invitation_token"] as String?) == token)
        #expect((stored["ip_address"] as String?) == "10.0.0.1")
        #expect((stored["used_at"] as String?) == nil)
        #expect((stored["failed_attempts"] as Int) == 0)
    }

    @Test func createMagicAuth_WithAnUnknownOrRevokedInvitationToken_Answers400InvitationInvalidAndChangesNothing()
        throws
    {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let invitation = try client.request(
            "POST", "/user_management/invitations", json: #"{"email":"revoked@example.com"}"#
        ).json
        let id = try #require(invitation["id"].string)
        let token = try #require(invitation["token"].string)
        _ = try client.request("POST", "/user_management/invitations/\(id)/revoke")
        let before = try UsersFixtures.snapshot(server)
        for candidate in ["no-such-token", token] {
            let response = try client.request(
                "POST", "/user_management/magic_auth",
                json: #"{"email":"revoked@example.com","invitation_token":"\#(candidate)"}"#
            )
            #expect(response.status == 400)
            #expect(response.json["error"].string == "invitation_invalid")
        }
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func legacySendMagicAuthCode_CreatesAndMailsACode() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try client.request(
            "POST", "/user_management/magic_auth/send", json: #"{"email":"old@example.com"}"#)
        #expect(response.status == 200)
        #expect(try UsersFixtures.emails(client, to: "old@example.com").first?["type"].string == "magic_auth")
    }

    @Test func legacySendMagicAuthCode_WithAMalformedEmail_Answers422AndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try UsersFixtures.snapshot(server)
        let response = try server.client().request(
            "POST", "/user_management/magic_auth/send", json: #"{"email":"not-an-email"}"#
        )
        #expect(response.status == 422)
        #expect(response.json["errors"][0]["field"].string == "email")
        #expect(try UsersFixtures.snapshot(server) == before)
    }
}

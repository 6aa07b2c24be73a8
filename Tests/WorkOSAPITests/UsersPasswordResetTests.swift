// workos-emulator — password reset (create, confirm, get, legacy send) over real sockets.
// Licensed MIT.

import EmulatorTesting
import Foundation
import SQLite
import Testing

@Suite struct UsersPasswordResetTests {
    /// Every key of the PasswordReset object (catalog-A §6.9; no `updated_at`).
    static let resetKeys = [
        "created_at", "email", "expires_at", "id", "object", "password_reset_token", "password_reset_url", "user_id",
    ]

    @Test func createPasswordReset_Answers201WithTokenAndURL_MailsTheLink_AndEmitsTheEventWithoutThem() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "forgot@example.com")
        let response = try client.request(
            "POST", "/user_management/password_reset", json: #"{"email":"Forgot@example.com"}"#)
        #expect(response.status == 201)
        let reset = response.json
        #expect(reset.keys == Self.resetKeys)
        #expect(reset["object"].string == "password_reset")
        #expect(reset["id"].string?.hasPrefix("password_reset_") == true)
        #expect(reset["user_id"].string == id)
        let token = try #require(reset["password_reset_token"].string)
        #expect(token.count == 25 && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        #expect(reset["password_reset_url"].string == "http://localhost:3000/reset-password?token=\(token)")
        let email = try #require(try UsersFixtures.emails(client, to: "forgot@example.com").first)
        #expect(email["type"].string == "password_reset")
        #expect(email["token"].string == token)
        #expect(email["url"].string == reset["password_reset_url"].string)
        let event = try #require(try UsersFixtures.events(client, "password_reset.created").first)
        #expect(event["data"].keys == ["created_at", "email", "expires_at", "id", "object", "user_id"])
        let eventsText = try client.request("GET", "/events?events=password_reset.created").text
        #expect(!eventsText.contains(token) && !eventsText.contains("password_reset_url"))
    }

    @Test func createPasswordReset_ForAnUnknownEmail_Answers404AndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try UsersFixtures.snapshot(server)
        let response = try server.client().request(
            "POST", "/user_management/password_reset", json: #"{"email":"nobody@example.com"}"#
        )
        #expect(response.status == 404)
        #expect(try UsersFixtures.snapshot(server) == before)
        let missing = try server.client().request("POST", "/user_management/password_reset", json: #"{}"#)
        #expect(missing.status == 422)
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func createPasswordReset_UsesTheResetPageOfTheEnvironmentSeed() throws {
        let seed = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString).json")
        try Data(
            #"{"environment":{"password_reset_url":"https://app.example.com/reset?from=mail"},"users":[{"email":"s@example.com"}]}"#
                .utf8
        ).write(to: seed)
        defer { try? FileManager.default.removeItem(at: seed) }
        let server = try TestServer { $0.seedPath = seed.path }
        defer { server.stop() }
        let reset = try server.client().request(
            "POST", "/user_management/password_reset", json: #"{"email":"s@example.com"}"#
        ).json
        let token = try #require(reset["password_reset_token"].string)
        #expect(reset["password_reset_url"].string == "https://app.example.com/reset?from=mail&token=\(token)")
    }

    @Test func confirmPasswordReset_SetsThePassword_VerifiesTheEmail_AndIsSingleUse() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "reset@example.com")
        let token = try #require(
            try client.request("POST", "/user_management/password_reset", json: #"{"email":"reset@example.com"}"#)
                .json["password_reset_token"].string
        )
        let body = #"{"token":"\#(token)","new_password":"a-new-strong-password"}"#
        let response = try client.request("POST", "/user_management/password_reset/confirm", json: body)
        #expect(response.status == 200)
        #expect(response.json.keys == ["user"])
        #expect(response.json["user"]["id"].string == id)
        #expect(response.json["user"]["email_verified"].bool == true)
        #expect(!response.text.contains("a-new-strong-password"))
        let hash: String? = try server.application.services.database.read { connection in
            try connection.fetchScalar("SELECT password_hash FROM users WHERE id = ?", [.text(id)])
        }
        #expect(hash != nil)
        #expect(try UsersFixtures.events(client, "password_reset.succeeded").count == 1)
        #expect(try UsersFixtures.events(client, "user.updated").count == 1)
        let before = try UsersFixtures.snapshot(server)
        let again = try client.request("POST", "/user_management/password_reset/confirm", json: body)
        #expect(again.status == 400)
        #expect(again.json["code"].string == "password_reset_error")
        #expect(again.json["errors"][0]["code"].string == "password_reset_token_already_used")
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func confirmPasswordReset_ForAVerifiedUser_EmitsNoUserUpdated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try UsersFixtures.createUserID(client, email: "verified@example.com", verified: true)
        let token = try #require(
            try client.request("POST", "/user_management/password_reset", json: #"{"email":"verified@example.com"}"#)
                .json["password_reset_token"].string
        )
        let response = try client.request(
            "POST", "/user_management/password_reset/confirm",
            json: #"{"token":"\#(token)","new_password":"another-password"}"#
        )
        #expect(response.status == 200)
        #expect(try UsersFixtures.events(client, "password_reset.succeeded").count == 1)
        #expect(try UsersFixtures.events(client, "user.updated").isEmpty)
    }

    @Test func confirmPasswordReset_WithAWeakPasswordUnknownOrExpiredToken_AnswersItsErrorAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try UsersFixtures.createUserID(client, email: "weak@example.com")
        let token = try #require(
            try client.request("POST", "/user_management/password_reset", json: #"{"email":"weak@example.com"}"#)
                .json["password_reset_token"].string
        )
        var before = try UsersFixtures.snapshot(server)
        let weak = try client.request(
            "POST", "/user_management/password_reset/confirm", json: #"{"token":"\#(token)","new_password":"short"}"#
        )
        #expect(weak.status == 400)
        #expect(weak.json["code"].string == "password_reset_error")
        #expect(weak.json["errors"][0]["code"].string == "password_too_short")
        let unknown = try client.request(
            "POST", "/user_management/password_reset/confirm",
            json: #"{"token":"nope","new_password":"long-enough-password"}"#
        )
        #expect(unknown.status == 404)
        #expect(unknown.json["code"].string == "password_reset_token_not_found")
        let missing = try client.request("POST", "/user_management/password_reset/confirm", json: #"{"token":"x"}"#)
        #expect(missing.status == 422)
        #expect(missing.json["errors"][0]["field"].string == "new_password")
        #expect(try UsersFixtures.snapshot(server) == before)
        try UsersFixtures.execute(server, "UPDATE password_resets SET expires_at = '2000-01-01T00:00:00.000Z'")
        before = try UsersFixtures.snapshot(server)
        let expired = try client.request(
            "POST", "/user_management/password_reset/confirm",
            json: #"{"token":"\#(token)","new_password":"long-enough-password"}"#
        )
        #expect(expired.status == 400)
        #expect(expired.json["errors"][0]["code"].string == "password_reset_token_expired")
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func getPasswordReset_ReturnsWhatCreateReturned() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try UsersFixtures.createUserID(client, email: "get@example.com")
        let created = try client.request(
            "POST", "/user_management/password_reset", json: #"{"email":"get@example.com"}"#)
        let id = try #require(created.json["id"].string)
        let fetched = try client.request("GET", "/user_management/password_reset/\(id)")
        #expect(fetched.status == 200)
        #expect(fetched.body == created.body)
        #expect(try client.request("GET", "/user_management/password_reset/password_reset_x").status == 404)
    }

    @Test func legacySendPasswordReset_BuildsTheLinkFromTheGivenPage() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try UsersFixtures.createUserID(client, email: "legacy@example.com")
        let response = try client.request(
            "POST", "/user_management/password_reset/send",
            json: #"{"email":"legacy@example.com","password_reset_url":"https://legacy.example.com/reset"}"#
        )
        #expect(response.status == 200)
        let email = try #require(try UsersFixtures.emails(client, to: "legacy@example.com").first)
        let token = try #require(email["token"].string)
        #expect(email["url"].string == "https://legacy.example.com/reset?token=\(token)")
    }

    @Test func legacySendPasswordReset_WithoutTheResetPageOrForAnUnknownEmail_AnswersItsErrorAndChangesNothing() throws
    {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try UsersFixtures.createUserID(client, email: "legacy2@example.com")
        let before = try UsersFixtures.snapshot(server)
        let noPage = try client.request(
            "POST", "/user_management/password_reset/send", json: #"{"email":"legacy2@example.com"}"#
        )
        #expect(noPage.status == 422)
        #expect(noPage.json["errors"][0]["field"].string == "password_reset_url")
        let unknown = try client.request(
            "POST", "/user_management/password_reset/send",
            json: #"{"email":"nobody@example.com","password_reset_url":"https://x.example.com/reset"}"#
        )
        #expect(unknown.status == 404)
        #expect(try UsersFixtures.snapshot(server) == before)
    }
}

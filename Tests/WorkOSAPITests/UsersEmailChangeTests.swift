// workos-emulator — e-mail change (send, confirm) over real sockets.
// Licensed MIT.

import EmulatorTesting
import SQLite
import Testing

@Suite struct UsersEmailChangeTests {
    /// Starts a change of a new user's address to `newEmail`; the user id and the code mailed to the new address.
    private func start(_ client: TestClient, from email: String, to newEmail: String) throws -> (String, String) {
        let id = try UsersFixtures.createUserID(client, email: email)
        let response = try client.request(
            "POST", "/user_management/users/\(id)/email_change/send", json: #"{"new_email":"\#(newEmail)"}"#
        )
        try #require(response.status == 200, "\(response.text)")
        return (id, try #require(try UsersFixtures.emails(client, to: newEmail).first?["code"].string))
    }

    @Test func sendEmailChange_Answers200EmailChange_MailsTheNewAddress_AndLeavesTheUserAsItIs() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "before@example.com")
        let response = try client.request(
            "POST", "/user_management/users/\(id)/email_change/send", json: #"{"new_email":"After@Example.com"}"#
        )
        #expect(response.status == 200)
        let body = response.json
        #expect(body.keys == ["created_at", "expires_at", "new_email", "object", "user"])
        #expect(body["object"].string == "email_change")
        #expect(body["new_email"].string == "after@example.com")
        #expect(body["user"]["email"].string == "before@example.com")
        let emails = try UsersFixtures.emails(client, to: "after@example.com")
        #expect(emails.first?["type"].string == "email_change")
        #expect(emails.first?["code"].string?.count == 6)
        #expect(try UsersFixtures.events(client, "user.updated").isEmpty)
    }

    @Test func sendEmailChange_ToTheSameTakenOrMalformedAddress_AnswersItsErrorAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try UsersFixtures.createUserID(client, email: "taken@example.com")
        let id = try UsersFixtures.createUserID(client, email: "me@example.com")
        let before = try UsersFixtures.snapshot(server)
        let cases: [(String, Int, String)] = [
            (#"{"new_email":"ME@example.com"}"#, 409, "email_change_not_needed"),
            (#"{"new_email":"taken@example.com"}"#, 409, "email_not_available"),
            (#"{"new_email":"nope"}"#, 422, "invalid_email"),
            (#"{}"#, 422, "invalid_request_parameters"),
        ]
        for (json, status, code) in cases {
            let response = try client.request("POST", "/user_management/users/\(id)/email_change/send", json: json)
            #expect(response.status == status, "\(json)")
            #expect(response.json["code"].string == code, "\(json)")
        }
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func confirmEmailChange_WithTheMailedCode_MovesTheUserToTheVerifiedNewAddress() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let (id, code) = try self.start(client, from: "old@example.com", to: "new@example.com")
        let response = try client.request(
            "POST", "/user_management/users/\(id)/email_change/confirm", json: #"{"code":"\#(code)"}"#
        )
        #expect(response.status == 200)
        #expect(response.json.keys == ["object", "user"])
        #expect(response.json["object"].string == "email_change_confirmation")
        #expect(response.json["user"]["email"].string == "new@example.com")
        #expect(response.json["user"]["email_verified"].bool == true)
        let events = try UsersFixtures.events(client, "user.updated")
        #expect(events.first?["context"]["previous_attributes"]["email"].string == "old@example.com")
        let again = try client.request(
            "POST", "/user_management/users/\(id)/email_change/confirm", json: #"{"code":"\#(code)"}"#
        )
        #expect(again.status == 409)
        #expect(again.json["code"].string == "email_change_code_previously_used")
    }

    @Test func confirmEmailChange_WithoutAPendingChange_Answers409NoPendingEmailChange() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "none@example.com")
        let before = try UsersFixtures.snapshot(server)
        let response = try client.request(
            "POST", "/user_management/users/\(id)/email_change/confirm", json: #"{"code":"123456"}"#
        )
        #expect(response.status == 409)
        #expect(response.json["code"].string == "no_pending_email_change")
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func confirmEmailChange_WithWrongCodes_Answers400ThenAfterFiveAttempts429WithRetryAfterZero() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let (id, code) = try self.start(client, from: "guess@example.com", to: "guessed@example.com")
        let wrong = code == "000000" ? "111111" : "000000"
        let path = "/user_management/users/\(id)/email_change/confirm"
        let before = try UsersFixtures.snapshot(server)
        for _ in 0..<5 {
            let response = try client.request("POST", path, json: #"{"code":"\#(wrong)"}"#)
            #expect(response.status == 400)
            #expect(response.json["code"].string == "email_change_code_incorrect")
        }
        let locked = try client.request("POST", path, json: #"{"code":"\#(code)"}"#)
        #expect(locked.status == 429)
        #expect(locked.json["code"].string == "email_change_too_many_attempts")
        #expect(locked.header("Retry-After") == "0")
        let after = try UsersFixtures.snapshot(server)
        #expect(after["users"] == before["users"])
        #expect(after["events"] == before["events"])
    }

    @Test func confirmEmailChange_WithAnExpiredCode_Answers400ExpiredAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let (id, code) = try self.start(client, from: "slow@example.com", to: "slower@example.com")
        try UsersFixtures.execute(server, "UPDATE email_changes SET expires_at = '2000-01-01T00:00:00.000Z'")
        let before = try UsersFixtures.snapshot(server)
        let response = try client.request(
            "POST", "/user_management/users/\(id)/email_change/confirm", json: #"{"code":"\#(code)"}"#
        )
        #expect(response.status == 400)
        #expect(response.json["code"].string == "email_change_code_expired")
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func confirmEmailChange_WhenTheNewAddressWasTakenMeanwhile_Answers409EmailNotAvailable() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let (id, code) = try self.start(client, from: "racer@example.com", to: "prize@example.com")
        _ = try UsersFixtures.createUserID(client, email: "prize@example.com")
        let before = try UsersFixtures.snapshot(server)
        let response = try client.request(
            "POST", "/user_management/users/\(id)/email_change/confirm", json: #"{"code":"\#(code)"}"#
        )
        #expect(response.status == 409)
        #expect(response.json["code"].string == "email_not_available")
        #expect(try UsersFixtures.snapshot(server) == before)
    }
}

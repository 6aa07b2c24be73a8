// workos-emulator — email verification (send, confirm, get) over real sockets.
// Licensed MIT.

import EmulatorTesting
import SQLite
import Testing

@Suite struct UsersEmailVerificationTests {
    /// Sends a verification e-mail to a new unverified user; its id and the code from the outbox.
    private func sendCode(_ client: TestClient, email: String) throws -> (userID: String, code: String) {
        let id = try UsersFixtures.createUserID(client, email: email)
        let response = try client.request("POST", "/user_management/users/\(id)/email_verification/send")
        try #require(response.status == 200, "\(response.text)")
        let code = try #require(try UsersFixtures.emails(client, to: email).first?["code"].string)
        return (id, code)
    }

    @Test func sendVerification_Answers200WithTheUser_MailsASixDigitCode_AndEmitsTheEventWithoutIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "verify@example.com")
        let response = try client.request("POST", "/user_management/users/\(id)/email_verification/send")
        #expect(response.status == 200)
        #expect(response.json.keys == ["user"])
        #expect(response.json["user"]["id"].string == id)
        #expect(response.json["user"]["email_verified"].bool == false)
        let emails = try UsersFixtures.emails(client, to: "verify@example.com")
        #expect(emails.count == 1)
        #expect(emails.first?["type"].string == "email_verification")
        let code = try #require(emails.first?["code"].string)
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        let events = try UsersFixtures.events(client, "email_verification.created")
        #expect(events.count == 1)
        let data = try #require(events.first?["data"])
        #expect(data.keys == ["created_at", "email", "expires_at", "id", "object", "updated_at", "user_id"])
        #expect(data["user_id"].string == id)
        #expect(data["id"].string?.hasPrefix("email_verification_") == true)
    }

    @Test func sendVerification_ForAVerifiedUser_Answers400EmailAlreadyVerifiedAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "done@example.com", verified: true)
        let before = try UsersFixtures.snapshot(server)
        let response = try client.request("POST", "/user_management/users/\(id)/email_verification/send")
        #expect(response.status == 400)
        #expect(response.json["code"].string == "email_already_verified")
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func sendVerification_ForAnUnknownUser_Answers404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request(
            "POST", "/user_management/users/user_missing/email_verification/send")
        #expect(response.status == 404)
    }

    @Test func confirmVerification_WithTheMailedCode_VerifiesTheEmailAndEmitsUserUpdated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let (id, code) = try self.sendCode(client, email: "ok@example.com")
        let response = try client.request(
            "POST", "/user_management/users/\(id)/email_verification/confirm", json: #"{"code":"\#(code)"}"#
        )
        #expect(response.status == 200)
        #expect(response.json["user"]["email_verified"].bool == true)
        let events = try UsersFixtures.events(client, "user.updated")
        #expect(events.count == 1)
        #expect(events.first?["data"]["email_verified"].bool == true)
        #expect(events.first?["context"]["previous_attributes"]["email_verified"].bool == false)
    }

    @Test func confirmVerification_WhenAlreadyVerified_Answers400EmailPreviouslyVerified() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let (id, code) = try self.sendCode(client, email: "twice@example.com")
        let path = "/user_management/users/\(id)/email_verification/confirm"
        _ = try client.request("POST", path, json: #"{"code":"\#(code)"}"#)
        let before = try UsersFixtures.snapshot(server)
        let again = try client.request("POST", path, json: #"{"code":"\#(code)"}"#)
        #expect(again.status == 400)
        #expect(again.json["code"].string == "email_previously_verified")
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func confirmVerification_WithAUsedCode_Answers400EmailVerificationCodePreviouslyUsed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let (id, code) = try self.sendCode(client, email: "reuse@example.com")
        let path = "/user_management/users/\(id)/email_verification/confirm"
        _ = try client.request("POST", path, json: #"{"code":"\#(code)"}"#)
        _ = try client.request("PUT", "/user_management/users/\(id)", json: #"{"email_verified":false}"#)
        let response = try client.request("POST", path, json: #"{"code":"\#(code)"}"#)
        #expect(response.status == 400)
        #expect(response.json["code"].string == "email_verification_code_previously_used")
    }

    @Test func confirmVerification_WithAWrongCode_Answers400Incorrect_CountsTheAttempt_AndChangesNoUserOrEvent() throws
    {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let (id, code) = try self.sendCode(client, email: "wrong@example.com")
        let wrong = code == "000000" ? "111111" : "000000"
        let before = try UsersFixtures.snapshot(server)
        let response = try client.request(
            "POST", "/user_management/users/\(id)/email_verification/confirm", json: #"{"code":"\#(wrong)"}"#
        )
        #expect(response.status == 400)
        #expect(response.json["code"].string == "email_verification_code_incorrect")
        let after = try UsersFixtures.snapshot(server)
        #expect(after["users"] == before["users"])
        #expect(after["events"] == before["events"])
        let attempts: Int? = try server.application.services.database.read { connection in
            try connection.fetchScalar("SELECT failed_attempts FROM email_verifications WHERE user_id = ?", [.text(id)])
        }
        #expect(attempts == 1)
    }

    @Test func confirmVerification_WithAnExpiredCode_Answers400ExpiredAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let (id, code) = try self.sendCode(client, email: "late@example.com")
        try UsersFixtures.execute(server, "UPDATE email_verifications SET expires_at = '2000-01-01T00:00:00.000Z'")
        let before = try UsersFixtures.snapshot(server)
        let response = try client.request(
            "POST", "/user_management/users/\(id)/email_verification/confirm", json: #"{"code":"\#(code)"}"#
        )
        #expect(response.status == 400)
        #expect(response.json["code"].string == "email_verification_code_expired")
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func confirmVerification_WithoutACode_Answers422AndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let (id, _) = try self.sendCode(client, email: "nocode@example.com")
        let before = try UsersFixtures.snapshot(server)
        let response = try client.request("POST", "/user_management/users/\(id)/email_verification/confirm")
        #expect(response.status == 422)
        #expect(response.json["errors"][0]["field"].string == "code")
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func getEmailVerification_ReturnsTheObjectWithItsCode() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let (id, code) = try self.sendCode(client, email: "get@example.com")
        let verificationID = try #require(
            try UsersFixtures.events(client, "email_verification.created").first?["data"]["id"].string
        )
        let response = try client.request("GET", "/user_management/email_verification/\(verificationID)")
        #expect(response.status == 200)
        let body = response.json
        #expect(body.keys == ["code", "created_at", "email", "expires_at", "id", "object", "updated_at", "user_id"])
        #expect(body["object"].string == "email_verification")
        #expect(body["code"].string == code)
        #expect(body["user_id"].string == id)
        #expect(body["email"].string == "get@example.com")
        #expect(try client.request("GET", "/user_management/email_verification/email_verification_x").status == 404)
    }
}

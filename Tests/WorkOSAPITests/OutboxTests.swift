// workos-emulator — GET /_emulator/emails over real sockets.
// Licensed MIT.

import EmulatorTesting
import Testing

@Suite struct OutboxTests {
    @Test func listEmails_OfANewEnvironment_IsAnEmptyListWithBothCursors() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/_emulator/emails")
        #expect(response.status == 200)
        #expect(response.json["object"].string == "list")
        #expect(response.json["data"].array.isEmpty)
        #expect(response.json["list_metadata"]["before"].isNull && response.json["list_metadata"]["after"].isNull)
    }

    @Test func listEmails_WithoutAnAPIKey_Answers401() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/_emulator/emails", key: nil)
        #expect(response.status == 401)
    }

    @Test func listEmails_IsNewestFirst_FiltersByRecipientCaseInsensitively_AndPaginates() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for email in ["one@example.com", "two@example.com", "one@example.com"] {
            let response = try client.request("POST", "/user_management/magic_auth", json: #"{"email":"\#(email)"}"#)
            try #require(response.status == 201)
        }
        let all = try client.request("GET", "/_emulator/emails").json["data"].array
        #expect(all.map { $0["to"].string } == ["one@example.com", "two@example.com", "one@example.com"])
        let ids = all.compactMap { $0["id"].string }
        #expect(ids.allSatisfy { $0.hasPrefix("email_") } && ids == ids.sorted().reversed())
        let filtered = try client.request("GET", "/_emulator/emails?to=ONE%40example.com").json["data"].array
        #expect(filtered.count == 2)
        let first = try client.request("GET", "/_emulator/emails?limit=2").json
        #expect(first["data"].array.count == 2)
        let after = try #require(first["list_metadata"]["after"].string)
        let second = try client.request("GET", "/_emulator/emails?limit=2&after=\(after)").json
        #expect(second["data"].array.map { $0["id"].string } == [ids[2]])
        #expect(second["list_metadata"]["after"].isNull)
    }

    @Test func listEmails_ShowsOnlyTheFieldsThatApply() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try client.request("POST", "/user_management/magic_auth", json: #"{"email":"fields@example.com"}"#)
        let email = try #require(try client.request("GET", "/_emulator/emails").json["data"].array.first)
        #expect(email.keys == ["code", "created_at", "id", "object", "subject", "to", "type"])
    }

    @Test func listEmails_OfAnotherEnvironment_AreNotVisible() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try client.request("POST", "/user_management/magic_auth", json: #"{"email":"mine@example.com"}"#)
        let other = try client.request("POST", "/_emulator/environments", json: #"{"name":"other"}"#).json
        let key = try #require(other["api_key"].string)
        let theirs = try client.request("GET", "/_emulator/emails", key: key).json
        #expect(theirs["data"].array.isEmpty)
    }
}

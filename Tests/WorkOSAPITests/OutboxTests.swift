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
}

// workos-emulator — environments, reset and persistence across restarts.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

@Suite struct EnvironmentsTests {
    @Test func createEnvironment_GivesAnIsolatedSeededEnvironment() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request("POST", "/_emulator/environments", json: #"{"name":"worker-1"}"#)
        #expect(created.status == 201)
        let key = try #require(created.json["api_key"].string)
        #expect(key.hasPrefix("sk_test_"))
        #expect(created.json["client_id"].string?.hasPrefix("client_") == true)
        #expect(created.json["name"].string == "worker-1")
        _ = try client.request("POST", "/organizations", json: #"{"name":"Only in default"}"#)
        let theirs = try client.request("GET", "/organizations", key: key).json["data"].array
        #expect(theirs.map { $0["name"].string } == ["Example Corp"])
        let ours = try client.request("GET", "/organizations").json["data"].array
        #expect(ours.count == 2)
        let foreign = try #require(ours.first?["id"].string)
        #expect(try client.request("GET", "/organizations/\(foreign)", key: key).status == 404)
    }

    @Test func reset_RestoresTheSeededStateAndKeepsTheKey() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try client.request("POST", "/organizations", json: #"{"name":"Temporary"}"#)
        let reset = try client.request("POST", "/_emulator/reset")
        #expect(reset.status == 200)
        let names = try client.request("GET", "/organizations").json["data"].array.map { $0["name"].string }
        #expect(names == ["Example Corp"])
        let events = try client.request("GET", "/events?events=organization.created").json["data"].array
        #expect(events.count == 1)
    }

    @Test func dataWrittenBeforeARestart_IsReadBackAfterIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("emu-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db.sqlite").path

        let first = try TestServer(databasePath: path)
        let id = try #require(
            first.client().request("POST", "/organizations", json: #"{"name":"Durable"}"#).json["id"].string
        )
        first.stop()

        let second = try TestServer(databasePath: path)
        defer { second.stop() }
        let response = try second.client().request("GET", "/organizations/\(id)")
        #expect(response.status == 200)
        #expect(response.json["name"].string == "Durable")
        // The seed is applied once: still exactly one seeded organization.
        let seeded = try second.client().request("GET", "/organizations?search=Example%20Corp").json["data"].array
        #expect(seeded.count == 1)
    }

    @Test func commandLineKey_OverridesTheSeedKey() throws {
        let server = try TestServer { $0.apiKey = "sk_test_custom" }
        defer { server.stop() }
        let client = server.client()
        #expect(try client.request("GET", "/organizations", key: "sk_test_custom").status == 200)
    }
}

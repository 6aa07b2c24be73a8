// workos-emulator — the `users` section of the seed.
// Licensed MIT.

import EmulatorTesting
import Foundation
import SQLite
import Testing

@testable import WorkOSAPI

@Suite struct UsersSeedTests {
    @Test func defaultSeed_HasAVerifiedUserWithAPasswordAndAnUnverifiedOne() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let alice = try #require(
            try client.request("GET", "/user_management/users?email=alice@example.com").json["data"].array.first
        )
        #expect(alice["email_verified"].bool == true)
        #expect(alice["name"].string == "Alice Example")
        let bob = try #require(
            try client.request("GET", "/user_management/users?email=bob@example.com").json["data"].array.first
        )
        #expect(bob["email_verified"].bool == false)
        let hashes: [String?] = try server.application.services.database.read { connection in
            try connection.fetchAll(
                "SELECT password_hash FROM users WHERE email IN ('alice@example.com', 'bob@example.com') ORDER BY email"
            )
            .map { $0["password_hash"] }
        }
        let aliceHash = try #require(hashes.first ?? nil)
        #expect(UserPassword.verify("alice-password", against: aliceHash))
        #expect(!UserPassword.verify("wrong-password", against: aliceHash))
        #expect(hashes.last == .some(nil))
    }

    @Test func seed_WithABadUserEntry_StopsTheStartNamingTheEntry() throws {
        let seed = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString).json")
        try Data(#"{"users":[{"email":"ok@example.com"},{"email":"not-an-email"}]}"#.utf8).write(to: seed)
        defer { try? FileManager.default.removeItem(at: seed) }
        #expect {
            _ = try TestServer { $0.seedPath = seed.path }
        } throws: { error in
            "\(error)".contains("users[1]")
        }
    }

    @Test func seed_WithAWeakPassword_StopsTheStartNamingTheEntry() throws {
        let seed = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString).json")
        try Data(#"{"users":[{"email":"weak@example.com","password":"short"}]}"#.utf8).write(to: seed)
        defer { try? FileManager.default.removeItem(at: seed) }
        #expect {
            _ = try TestServer { $0.seedPath = seed.path }
        } throws: { error in
            "\(error)".contains("users[0]") && !"\(error)".contains("short\"")
        }
    }

    @Test func reset_RestoresTheSeededUsers() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try UsersFixtures.createUserID(client, email: "temp@example.com")
        #expect(try client.request("POST", "/_emulator/reset").status == 200)
        let emails = try client.request("GET", "/user_management/users?order=asc").json["data"].array.map {
            $0["email"].string
        }
        #expect(emails == ["alice@example.com", "bob@example.com"])
    }
}

// workos-emulator — small helpers shared by the User Management endpoint tests.
// Licensed MIT.

import EmulatorTesting
import SQLite
import Testing

/// Requests the User Management tests repeat: creating a user, reading events and the outbox.
enum UsersFixtures {
    /// `POST /user_management/users` with `json`; the created user (the request must succeed).
    static func createUser(_ client: TestClient, _ json: String) throws -> TestJSON {
        let response = try client.request("POST", "/user_management/users", json: json)
        try #require(response.status == 201, "create user: \(response.status) \(response.text)")
        return response.json
    }

    /// The id of a new user with this e-mail.
    static func createUserID(_ client: TestClient, email: String, verified: Bool = false) throws -> String {
        try #require(
            try self.createUser(client, #"{"email":"\#(email)","email_verified":\#(verified)}"#)["id"].string
        )
    }

    /// The events of the given types (comma-separated), newest first.
    static func events(_ client: TestClient, _ names: String) throws -> [TestJSON] {
        try client.request("GET", "/events?limit=100&events=\(names)").json["data"].array
    }

    /// The outbox e-mails sent to `to`, newest first.
    static func emails(_ client: TestClient, to: String) throws -> [TestJSON] {
        try client.request("GET", "/_emulator/emails?limit=100&to=\(to)").json["data"].array
    }

    /// Every row of every table but `idempotency_keys` (replays are not WorkOS data), keyed by table name: two
    /// snapshots are equal only when nothing was written in between.
    static func snapshot(_ server: TestServer) throws -> [String: [Row]] {
        try server.application.services.database.read { connection in
            let names: [String] = try connection.fetchAll(
                """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'idempotency_keys'
                """
            ).map { $0["name"] }
            var tables: [String: [Row]] = [:]
            for name in names {
                tables[name] = try connection.fetchAll("SELECT * FROM \"\(name)\" ORDER BY rowid")
            }
            return tables
        }
    }

    /// Runs one SQL statement on the server's database (set-up only, e.g. moving an expiry into the past).
    static func execute(_ server: TestServer, _ sql: String, _ arguments: [SQLValue] = []) throws {
        try server.application.services.database.write { connection in try connection.execute(sql, arguments) }
    }
}

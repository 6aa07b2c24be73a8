// workos-emulator — every shipped migration applies to an empty database and leaves it consistent.
// Licensed MIT.

import EmulatorTesting
import Foundation
import SQLite
import Testing
@testable import WorkOSAPI

@Suite struct MigrationsTests {
    @Test func everyMigration_AppliesToAnEmptyDatabase_WithIntactKeysAndIntegrity() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        let migrator = try Migrator(directory: Application.resourceDirectory("migrations"))
        let applied = try Store.migrate(database)
        #expect(applied == migrator.migrations.map(\.version))
        #expect(applied.first == 1)
        try database.read { connection in
            #expect(try connection.foreignKeyCheck().isEmpty)
            #expect(try connection.integrityCheck().isEmpty)
            let tables: [String] = try connection.fetchAll(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            ).map { $0["name"] }
            for table in ["environments", "api_keys", "organizations", "organization_domains", "events"] {
                #expect(tables.contains(table), "missing table \(table)")
            }
        }
        #expect(try migrator.migrate(database).isEmpty)  // a second run applies nothing
    }

    @Test func everyTable_ButTheEnvironmentsOwn_CarriesTheEnvironmentID() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        try Store.migrate(database)
        try database.read { connection in
            let all: [String] = try connection.fetchAll(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).map { $0["name"] }
            let scoped = try EnvironmentRepository.dataTables(in: connection)
            for table in all where table != "schema_migrations" && !EnvironmentRepository.keptTables.contains(table) {
                #expect(scoped.contains(table), "\(table) has no environment_id, so it is neither scoped nor reset")
            }
            #expect(!scoped.contains("api_keys"))
        }
    }

    @Test func apiKeysStoredInPlainTextByAnOlderVersion_AreDigestedAndStillWork_AndLeaveNoTraceInTheFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("emu-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db.sqlite").path
        let key = "sk_test_plaintext_\(UUID().uuidString)"

        // The schema as 0009 left it, with a key stored the old way.
        let database = try Database(path: path)
        let all = try Migrator(directory: Application.resourceDirectory("migrations")).migrations
        try Migrator(migrations: all.filter { $0.version <= 9 }).migrate(database)
        try database.write { connection in
            try connection.execute(
                """
                INSERT INTO environments (id, name, client_id, is_default, seed, created_at)
                VALUES ('env_01OLD', 'Old', 'client_old', 1, '{}', '2026-01-01T00:00:00.000Z')
                """
            )
            try connection.execute(
                "INSERT INTO api_keys (key, environment_id, created_at) VALUES (?, 'env_01OLD', ?)",
                [.text(key), "2026-01-01T00:00:00.000Z"]
            )
        }
        database.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).range(of: Data(key.utf8)) != nil)

        let server = try TestServer(databasePath: path)
        #expect(try server.client().request("GET", "/organizations", key: key).status == 200)
        #expect(try server.client().request("GET", "/organizations", key: key + "x").status == 401)
        let stored: [String] = try server.application.services.database.read { connection in
            try connection.fetchAll("SELECT key_digest FROM api_keys WHERE environment_id = 'env_01OLD'")
                .map { $0["key_digest"] }
        }
        #expect(stored == [KeyRing.digest(key)])
        server.stop()

        // Closing the last connection checkpoints the WAL into the file and removes it.
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
            #expect(bytes.range(of: Data(key.utf8)) == nil, "\(file) still holds the plain-text key")
        }
    }

    @Test func redirectURIsOfAnOlderVersion_SurviveTheRebuildOf0015_WithOrderedIdsAndOneDefault() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        let all = try Migrator(directory: Application.resourceDirectory("migrations")).migrations
        try database.writeWithoutTransaction { connection in try Store.registerFunctions(on: connection) }  // 0010
        try Migrator(migrations: all.filter { $0.version <= 14 }).migrate(database)
        try database.write { connection in
            try connection.execute(
                """
                INSERT INTO environments (id, name, client_id, is_default, seed, created_at)
                VALUES ('env_01OLD', 'Old', 'client_old', 1, '{}', '2026-01-01T00:00:00.000Z')
                """
            )
            for (uri, createdAt) in [
                ("https://b.example.com/cb", "2026-01-15T12:00:00.000Z"),
                ("https://a.example.com/cb", "2026-01-15T12:00:00.000Z"),
                ("https://c.example.com/cb", "2026-02-01T08:30:00.123Z"),
            ] {
                try connection.execute(
                    "INSERT INTO redirect_uris (environment_id, uri, created_at) VALUES ('env_01OLD', ?, ?)",
                    [.text(uri), .text(createdAt)]
                )
            }
        }
        #expect(try Store.migrate(database) == all.filter { $0.version > 14 }.map(\.version))
        try database.read { connection in
            #expect(try connection.foreignKeyCheck().isEmpty)
            let rows = try connection.fetchAll("SELECT * FROM redirect_uris ORDER BY id")
            #expect(rows.count == 3)
            #expect(rows.compactMap { $0["uri"] as String? }.last == "https://c.example.com/cb")
            let defaults = rows.filter { $0["is_default"] as Bool }.map { $0["uri"] as String }
            #expect(defaults == ["https://a.example.com/cb"])
            for row in rows {
                let id: String = row["id"]
                #expect(id.hasPrefix("redir_") && id.count == "redir_".count + 26, "\(id)")
                #expect(row["updated_at"] as String == row["created_at"] as String)
            }
            // The ULID's time part is the row's created_at: 2026-02-01T08:30:00.123Z.
            let newest: String = rows[2]["id"]
            let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
            let milliseconds = newest.dropFirst("redir_".count).prefix(10).reduce(0) { value, character in
                value * 32 + (alphabet.firstIndex(of: character) ?? 0)
            }
            #expect(milliseconds == 1_769_934_600_123)
        }
    }

    @Test func factorsAndChallengesOfAnOlderVersion_SurviveTheRebuildOf0011_AndStandaloneFactorsNeedNoUser() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        let all = try Migrator(directory: Application.resourceDirectory("migrations")).migrations
        try Migrator(migrations: all.filter { $0.version <= 9 }).migrate(database)
        try database.write { connection in
            for sql in [
                """
                INSERT INTO environments (id, name, client_id, is_default, seed, created_at)
                VALUES ('env_01OLD', 'Old', 'client_old', 1, '{}', '2026-01-01T00:00:00.000Z')
                """,
                """
                INSERT INTO users (id, environment_id, email, created_at, updated_at)
                VALUES ('user_01OLD', 'env_01OLD', 'old@example.com', '2026-01-01T00:00:00.000Z',
                    '2026-01-01T00:00:00.000Z')
                """,
                """
                INSERT INTO authentication_factors (id, environment_id, user_id, type, totp_issuer, totp_user,
                    totp_secret, created_at, updated_at)
                VALUES ('auth_factor_01OLD', 'env_01OLD', 'user_01OLD', 'totp', 'Old', 'old@example.com',
                    'JBSWY3DPEHPK3PXP', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
                """,
                """
                INSERT INTO authentication_challenges (id, environment_id, authentication_factor_id, created_at,
                    updated_at)
                VALUES ('auth_challenge_01OLD', 'env_01OLD', 'auth_factor_01OLD', '2026-01-01T00:00:00.000Z',
                    '2026-01-01T00:00:00.000Z')
                """,
            ] {
                try connection.execute(sql)
            }
        }
        #expect(try Store.migrate(database) == all.filter { $0.version > 9 }.map(\.version))
        try database.write { connection in
            #expect(try connection.foreignKeyCheck().isEmpty)
            let factor = try #require(
                try connection.fetchOne("SELECT * FROM authentication_factors WHERE id = 'auth_factor_01OLD'")
            )
            #expect(factor["user_id"] as String? == "user_01OLD")
            #expect(factor["totp_secret"] as String? == "JBSWY3DPEHPK3PXP")
            let challenge = try #require(
                try connection.fetchOne("SELECT * FROM authentication_challenges WHERE id = 'auth_challenge_01OLD'")
            )
            #expect(challenge["failed_attempts"] as Int == 0)
            // The challenge still points at the rebuilt table: deleting the factor takes it along.
            try connection.execute(
                """
                INSERT INTO authentication_factors (id, environment_id, user_id, type, sms_phone_number, created_at,
                    updated_at)
                VALUES ('auth_factor_01SMS', 'env_01OLD', NULL, 'sms', '+14155550123', '2026-01-01T00:00:00.000Z',
                    '2026-01-01T00:00:00.000Z')
                """
            )
            try connection.execute("DELETE FROM authentication_factors WHERE id = 'auth_factor_01OLD'")
            #expect(try connection.fetchOne("SELECT 1 FROM authentication_challenges") == nil)
            // An sms factor without a phone number breaks a CHECK constraint.
            #expect(throws: SQLiteError.self) {
                try connection.execute(
                    """
                    INSERT INTO authentication_factors (id, environment_id, type, created_at, updated_at)
                    VALUES ('auth_factor_01BAD', 'env_01OLD', 'sms', '2026-01-01T00:00:00.000Z',
                        '2026-01-01T00:00:00.000Z')
                    """
                )
            }
        }
    }

    @Test func emulatorSHA256Hex_DigestsTextLikeTheKeyRingAndRejectsOtherTypes() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        try database.writeWithoutTransaction { connection in
            try Store.registerFunctions(on: connection)
            let digest: String? = try connection.fetchScalar("SELECT emulator_sha256_hex('abc')")
            #expect(digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")  // FIPS 180-2 B.1
            let null: String? = try connection.fetchScalar("SELECT emulator_sha256_hex(NULL)")
            #expect(null == nil)
            #expect(throws: SQLiteError.self) { try connection.execute("SELECT emulator_sha256_hex(42)") }
        }
        #expect(KeyRing.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

// workos-emulator — 64 concurrent writers on the same objects (issue 7): no 500, no duplicate unique key, no lost
// update, and every conflict answered with its documented 4xx.
// Licensed MIT.

import EmulatorTesting
import Foundation
import SQLite
import Synchronization
import Testing

/// Start signals for `raceOnThreads`.
private final class RaceGate: Sendable {
    let ready = DispatchSemaphore(value: 0)
    let go = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)
}

/// Runs `body(index)` on `count` threads released at the same instant; returns the results in index order.
func raceOnThreads<Result: Sendable>(
    _ count: Int,
    _ body: @escaping @Sendable (Int) throws -> Result
) throws -> [Result] {
    let race = RaceGate()
    let results = Mutex<[Int: Swift.Result<Result, any Error>]>([:])
    for index in 0..<count {
        let thread = Thread {
            race.ready.signal()
            race.go.wait()
            let result = Swift.Result { try body(index) }
            results.withLock { $0[index] = result }
            race.done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    for _ in 0..<count { race.ready.wait() }
    for _ in 0..<count { race.go.signal() }
    for _ in 0..<count { race.done.wait() }
    return try results.withLock { collected in try (0..<count).map { try collected[$0]!.get() } }
}

/// Where a race runs: the in-memory store of most tests, or a WAL file with its pool of reader connections
/// (how the emulator runs), where a read outside the write transaction could race a concurrent write.
enum RaceStore: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case memory
    case walFile

    var testDescription: String { self.rawValue }

    /// A server on this store; the file (and its -wal/-shm) is removed when the server stops.
    func makeServer() throws -> TestServer {
        switch self {
        case .memory:
            return try TestServer()
        case .walFile:
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("race-\(UUID().uuidString).sqlite").path
            return try TestServer(databasePath: path)
        }
    }
}

@Suite struct ConcurrencyReliabilityTests {
    static let writers = 64

    /// (status, `code` of an error body, `id` of a success body).
    struct Outcome: Sendable {
        var status: Int
        var code: String?
        var id: String?
        var text: String
    }

    static func send(_ server: TestServer, _ method: String, _ path: String, _ body: String?) throws -> Outcome {
        let response = try server.client().request(method, path, json: body)
        return Outcome(
            status: response.status, code: response.json["code"].string, id: response.json["id"].string,
            text: response.text)
    }

    /// Exactly one success, and every other writer got `status` with `code`.
    static func expectOneWinner(_ outcomes: [Outcome], success: Int, conflict: Int, code: String, _ label: String) {
        #expect(outcomes.filter { $0.status == success }.count == 1, "\(label): \(Self.histogram(outcomes))")
        for outcome in outcomes where outcome.status != success {
            #expect(outcome.status == conflict && outcome.code == code, "\(label): \(outcome.status) \(outcome.text)")
        }
        #expect(!outcomes.contains { $0.status >= 500 }, "\(label): \(Self.histogram(outcomes))")
    }

    static func histogram(_ outcomes: [Outcome]) -> [String: Int] {
        outcomes.reduce(into: [:]) { counts, outcome in
            counts["\(outcome.status) \(outcome.code ?? "")", default: 0] += 1
        }
    }

    static func count(_ server: TestServer, _ sql: String, _ arguments: [SQLValue] = []) throws -> Int {
        try server.application.services.database.read { connection in
            try connection.fetchScalar(sql, arguments) ?? 0
        }
    }

    @Test(arguments: RaceStore.allCases)
    func sameExternalID_CreatedBy64Writers_OneWinsOthersGet400(_ store: RaceStore) throws {
        let server = try store.makeServer()
        defer { server.stopAndRemoveFiles() }
        let outcomes = try raceOnThreads(Self.writers) { index in
            try Self.send(server, "POST", "/organizations", #"{"name":"Racer \#(index)","external_id":"same-ext"}"#)
        }
        Self.expectOneWinner(outcomes, success: 201, conflict: 400, code: "external_id_already_used", "external_id")
        #expect(try Self.count(server, "SELECT count(*) FROM organizations WHERE external_id = 'same-ext'") == 1)
        #expect(try Self.count(server, "SELECT count(*) FROM events WHERE event = 'organization.created'") == 2)
    }

    /// catalog-A §3: creating an organization with a domain another organization holds is 409
    /// `{"message":"An Organization with the domain … already exists."}`.
    @Test(arguments: RaceStore.allCases)
    func sameVerifiedDomain_CreatedBy64Writers_OneWinsOthersGet409(_ store: RaceStore) throws {
        let server = try store.makeServer()
        defer { server.stopAndRemoveFiles() }
        let outcomes = try raceOnThreads(Self.writers) { index in
            try Self.send(
                server, "POST", "/organizations",
                #"{"name":"D \#(index)","domain_data":[{"domain":"race.example.com","state":"verified"}]}"#
            )
        }
        #expect(outcomes.filter { $0.status == 201 }.count == 1, "\(Self.histogram(outcomes))")
        for outcome in outcomes where outcome.status != 201 {
            #expect(outcome.status == 409 && outcome.text.contains("race.example.com"), "\(outcome.text)")
        }
        #expect(
            try Self.count(
                server,
                "SELECT count(*) FROM organization_domains WHERE domain = 'race.example.com' AND state = 'verified'"
            ) == 1
        )
    }

    @Test(arguments: RaceStore.allCases)
    func sameOrganization_UpdatedBy64Writers_NoLostUpdate(_ store: RaceStore) throws {
        let server = try store.makeServer()
        defer { server.stopAndRemoveFiles() }
        let created = try Self.send(server, "POST", "/organizations", #"{"name":"Contended"}"#)
        let id = try #require(created.id)
        let outcomes = try raceOnThreads(Self.writers) { index in
            try Self.send(
                server, "PUT", "/organizations/\(id)", #"{"name":"Writer \#(index)","metadata":{"w":"\#(index)"}}"#)
        }
        #expect(outcomes.allSatisfy { $0.status == 200 }, "\(Self.histogram(outcomes))")
        // Every update is an event, in the order the writes were applied; the final state is the last of them.
        let events: [String] = try server.application.services.database.read { connection in
            try connection.fetchAll(
                "SELECT data FROM events WHERE event = 'organization.updated' ORDER BY id"
            ).map { $0["data"] }
        }
        #expect(events.count == Self.writers)
        let final = try server.client().request("GET", "/organizations/\(id)").json
        let lastEvent = try JSONSerialization.jsonObject(with: Data(try #require(events.last).utf8)) as? [String: Any]
        #expect(final["name"].string == lastEvent?["name"] as? String)
        #expect(final["metadata"]["w"].string.map { "Writer \($0)" } == final["name"].string)
    }

    @Test(arguments: RaceStore.allCases)
    func externalIDSwaps_Between64Writers_NeverDuplicateAKey(_ store: RaceStore) throws {
        let server = try store.makeServer()
        defer { server.stopAndRemoveFiles() }
        var ids: [String] = []
        for index in 0..<8 {
            ids.append(
                try #require(
                    try Self.send(
                        server, "POST", "/organizations", #"{"name":"S\#(index)","external_id":"slot-\#(index)"}"#
                    ).id))
        }
        let frozen = ids
        let outcomes = try raceOnThreads(Self.writers) { index in
            // Each writer tries to move a slot's external_id onto another organization.
            let target = frozen[index % 8]
            return try Self.send(
                server, "PUT", "/organizations/\(target)", #"{"external_id":"slot-\#((index / 8 + index) % 8)"}"#)
        }
        #expect(!outcomes.contains { $0.status >= 500 }, "\(Self.histogram(outcomes))")
        for outcome in outcomes where outcome.status != 200 {
            #expect(outcome.status == 400 && outcome.code == "external_id_already_used", "\(outcome.text)")
        }
        #expect(
            try Self.count(
                server,
                """
                SELECT count(*) FROM (
                    SELECT external_id FROM organizations WHERE external_id IS NOT NULL
                    GROUP BY environment_id, external_id HAVING count(*) > 1
                )
                """
            ) == 0
        )
    }

    @Test(arguments: RaceStore.allCases)
    func sameEmail_CreatedBy64Writers_OneUser(_ store: RaceStore) throws {
        let server = try store.makeServer()
        defer { server.stopAndRemoveFiles() }
        let outcomes = try raceOnThreads(Self.writers) { _ in
            try Self.send(server, "POST", "/user_management/users", #"{"email":"race@example.com"}"#)
        }
        let winners = outcomes.filter { $0.status == 201 || $0.status == 200 }.count
        #expect(winners == 1, "\(Self.histogram(outcomes))")
        #expect(!outcomes.contains { $0.status >= 500 }, "\(Self.histogram(outcomes))")
        for outcome in outcomes where !(200..<300).contains(outcome.status) {
            #expect((400..<500).contains(outcome.status) && outcome.code != nil, "\(outcome.text)")
        }
        #expect(try Self.count(server, "SELECT count(*) FROM users WHERE email = 'race@example.com'") == 1)
    }

    @Test(arguments: RaceStore.allCases)
    func sameMembership_CreatedBy64Writers_OneMembership(_ store: RaceStore) throws {
        let server = try store.makeServer()
        defer { server.stopAndRemoveFiles() }
        let org = try #require(try Self.send(server, "POST", "/organizations", #"{"name":"M"}"#).id)
        let user = try #require(
            try Self.send(server, "POST", "/user_management/users", #"{"email":"m@example.com"}"#).id)
        let outcomes = try raceOnThreads(Self.writers) { _ in
            try Self.send(
                server, "POST", "/user_management/organization_memberships",
                #"{"user_id":"\#(user)","organization_id":"\#(org)"}"#
            )
        }
        let winners = outcomes.filter { (200..<300).contains($0.status) }.count
        #expect(winners == 1, "\(Self.histogram(outcomes))")
        #expect(!outcomes.contains { $0.status >= 500 }, "\(Self.histogram(outcomes))")
        for outcome in outcomes where !(200..<300).contains(outcome.status) {
            #expect((400..<500).contains(outcome.status) && outcome.code != nil, "\(outcome.text)")
        }
        #expect(
            try Self.count(
                server, "SELECT count(*) FROM organization_memberships WHERE user_id = ? AND organization_id = ?",
                [.text(user), .text(org)]
            ) == 1
        )
    }

    @Test(arguments: RaceStore.allCases)
    func createAndDeleteRaces_LeaveNoOrphans(_ store: RaceStore) throws {
        let server = try store.makeServer()
        defer { server.stopAndRemoveFiles() }
        let org = try #require(try Self.send(server, "POST", "/organizations", #"{"name":"Doomed"}"#).id)
        let outcomes = try raceOnThreads(Self.writers) { index in
            switch index % 4 {
            case 0: return try Self.send(server, "DELETE", "/organizations/\(org)", nil)
            case 1:
                return try Self.send(
                    server, "POST", "/organization_domains",
                    #"{"organization_id":"\#(org)","domain":"d\#(index).example.com"}"#)
            case 2: return try Self.send(server, "PUT", "/organizations/\(org)", #"{"name":"Still \#(index)"}"#)
            default: return try Self.send(server, "GET", "/organizations/\(org)", nil)
            }
        }
        #expect(!outcomes.contains { $0.status >= 500 }, "\(Self.histogram(outcomes))")
        #expect(outcomes.filter { $0.status == 204 }.count == 1, "\(Self.histogram(outcomes))")
        #expect(
            try Self.count(
                server,
                "SELECT count(*) FROM organization_domains WHERE organization_id NOT IN (SELECT id FROM organizations)")
                == 0)
        #expect(try Self.count(server, "SELECT count(*) FROM organizations WHERE id = ?", [.text(org)]) == 0)
    }
}

extension TestServer {
    /// Stops the server and deletes its database files, if it has any.
    func stopAndRemoveFiles() {
        self.stop()
        let path = self.application.configuration.databasePath
        guard path != ":memory:" else { return }
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}

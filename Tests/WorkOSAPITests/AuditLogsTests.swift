// workos-emulator — /audit_logs/* and the organization's audit log settings over real sockets (catalog-B §4).
// Licensed MIT.

import EmulatorTesting
import Foundation
import SQLite
import Testing

@Suite struct AuditLogsTests {
    // MARK: Helpers

    private static func organizationID(_ client: TestClient, key: String = TestServer.apiKey) throws -> String {
        let response = try client.request("POST", "/organizations", json: #"{"name":"Audit Corp"}"#, key: key)
        try #require(response.status == 201, "create organization: \(response.status) \(response.text)")
        return try #require(response.json["id"].string)
    }

    /// A JSON text from a Foundation value.
    private static func json(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A valid event; `changes` edits it before it is sent.
    private static func event(
        action: String = "user.signed_in",
        occurredAt: String = "2026-03-01T12:00:00.000Z",
        actor: [String: Any] = ["id": "user_1", "type": "user", "name": "Jon Smith"],
        targets: [[String: Any]] = [["id": "team_1", "type": "team"]],
        _ changes: (inout [String: Any]) -> Void = { _ in }
    ) -> [String: Any] {
        var event: [String: Any] = [
            "action": action, "occurred_at": occurredAt, "actor": actor, "targets": targets,
            "context": ["location": "123.123.123.123", "user_agent": "Chrome/104.0.0.0"],
        ]
        changes(&event)
        return event
    }

    private static func postEvent(
        _ client: TestClient, _ organizationID: String, _ event: [String: Any], key: String = TestServer.apiKey,
        headers: [(String, String)] = []
    ) throws -> TestResponse {
        try client.request(
            "POST", "/audit_logs/events", json: try self.json(["organization_id": organizationID, "event": event]),
            key: key, headers: headers
        )
    }

    private static func postSchema(_ client: TestClient, _ action: String, _ body: [String: Any]) throws
        -> TestResponse
    {
        try client.request("POST", "/audit_logs/actions/\(action)/schemas", json: try self.json(body))
    }

    /// The path and query of an export's download URL, which names the host the request reached.
    private static func downloadPath(_ url: String) throws -> String {
        let range = try #require(url.range(of: "/_emulator/audit_log_exports/"))
        return String(url[range.lowerBound...])
    }

    /// Creates an export with `filters`, fetches it (ready) and downloads its CSV; returns the CSV's data lines.
    private static func exportLines(
        _ client: TestClient, _ organizationID: String, _ filters: [String: Any] = [:]
    ) throws -> [String] {
        var body: [String: Any] = [
            "organization_id": organizationID, "range_start": "2026-01-01T00:00:00.000Z",
            "range_end": "2026-12-31T23:59:59.999Z",
        ]
        body.merge(filters) { _, new in new }
        let created = try client.request("POST", "/audit_logs/exports", json: try self.json(body))
        try #require(created.status == 201, "create export: \(created.status) \(created.text)")
        let id = try #require(created.json["id"].string)
        let fetched = try client.request("GET", "/audit_logs/exports/\(id)")
        let url = try #require(fetched.json["url"].string)
        let download = try client.request("GET", try self.downloadPath(url), key: nil)
        try #require(download.status == 200, "download: \(download.status) \(download.text)")
        let lines = download.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        return Array(lines.dropFirst())
    }

    // MARK: POST /audit_logs/events

    @Test func createEvent_WithAValidEvent_Answers200SuccessAndStoresTheEventWithItsTargets() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let response = try Self.postEvent(
            client, organizationID,
            Self.event(targets: [["id": "team_1", "type": "team"], ["id": "doc_1", "type": "document"]]) {
                $0["metadata"] = ["plan": "pro", "seats": 3, "trial": false]
            }
        )
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.json["success"].bool == true)
        let snapshot = try server.snapshot()
        #expect(snapshot.count("audit_log_events") == 1)
        #expect(snapshot.count("audit_log_event_targets") == 2)
    }

    @Test func createEvent_WithoutAction_Answers422NamingEventAction_AndStoresNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let before = try server.snapshot()
        let response = try Self.postEvent(client, organizationID, Self.event { $0["action"] = nil })
        #expect(response.status == 422)
        #expect(response.json["message"].string == "Validation failed.")
        #expect(response.json["errors"][0]["field"].string == "event.action")
        #expect(response.json["errors"][0]["code"].string == "required")
        #expect(try server.snapshot() == before)
    }

    @Test func createEvent_WithEveryRequiredFieldMissing_Answers422ListingEachOne() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let empty = try client.request("POST", "/audit_logs/events", json: "{}")
        #expect(empty.status == 422)
        #expect(Set(empty.json["errors"].array.compactMap { $0["field"].string }) == ["organization_id", "event"])
        let organizationID = try Self.organizationID(client)
        let hollow = try Self.postEvent(
            client, organizationID, ["actor": [:] as [String: Any], "targets": [[:] as [String: Any]], "context": [:]]
        )
        #expect(hollow.status == 422)
        let fields = Set(hollow.json["errors"].array.compactMap { $0["field"].string })
        #expect(
            fields == [
                "event.action", "event.occurred_at", "event.actor.id", "event.actor.type", "event.targets[0].id",
                "event.targets[0].type", "event.context.location",
            ]
        )
    }

    @Test func createEvent_WithAnOccurredAtThatIsNotISO8601_Answers400InvalidAuditLog_AndStoresNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        for text in ["yesterday", "2026-13-01T00:00:00Z", "2026-03-01"] {
            let response = try Self.postEvent(client, organizationID, Self.event(occurredAt: text))
            #expect(response.status == 400, "\(text)")
            #expect(response.json["code"].string == "invalid_audit_log")
            #expect(response.json["errors"][0]["field"].string == "occurred_at")
            #expect(response.json["errors"][0]["code"].string == "occurred_at must be an ISO 8601 date string")
        }
        #expect(try server.snapshot().count("audit_log_events") == 0)
    }

    @Test func createEvent_WithMetadataOverTheLimits_Answers422OnEventActorAndTargets() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let tooMany = Dictionary(uniqueKeysWithValues: (0..<51).map { ("k\($0)", "v") })
        let cases: [(String, [String: Any])] = [
            ("event.metadata", Self.event { $0["metadata"] = tooMany }),
            ("event.metadata", Self.event { $0["metadata"] = ["bad key!": "v"] }),
            ("event.metadata", Self.event { $0["metadata"] = [String(repeating: "k", count: 41): "v"] }),
            ("event.metadata.note", Self.event { $0["metadata"] = ["note": String(repeating: "x", count: 501)] }),
            ("event.metadata.nested", Self.event { $0["metadata"] = ["nested": ["a": 1]] }),
            ("event.actor.metadata", Self.event(actor: ["id": "u", "type": "user", "metadata": tooMany])),
            (
                "event.targets[0].metadata.list",
                Self.event(targets: [["id": "t", "type": "team", "metadata": ["list": [1]]]])
            ),
        ]
        for (field, event) in cases {
            let response = try Self.postEvent(client, organizationID, event)
            #expect(response.status == 422, "\(field)")
            #expect(response.json["errors"][0]["field"].string == field)
        }
        let longest = Self.event { $0["metadata"] = ["note": String(repeating: "x", count: 500), "a-b_C9": true] }
        #expect(try Self.postEvent(client, organizationID, longest).status == 200)
        #expect(try server.snapshot().count("audit_log_events") == 1)
    }

    @Test func createEvent_ForAnUnknownOrganization_Answers404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try Self.postEvent(server.client(), "org_01JZZZZZZZZZZZZZZZZZZZZZZZ", Self.event())
        #expect(response.status == 404)
        #expect(response.json["message"].string == "Organization not found: 'org_01JZZZZZZZZZZZZZZZZZZZZZZZ'.")
        #expect(try server.snapshot().count("audit_log_events") == 0)
    }

    @Test func createEvent_WithTheSameIdempotencyKey_ReplaysTheFirstResponseAndStoresOnce() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let key = [("Idempotency-Key", "884793cd-bef4-46cf-8790-e3d4957a09ce")]
        let first = try Self.postEvent(client, organizationID, Self.event(), headers: key)
        let second = try Self.postEvent(client, organizationID, Self.event(), headers: key)
        #expect(first.status == 200)
        #expect(second.status == 200)
        #expect(second.body == first.body)
        #expect(second.header("Idempotent-Replayed") == "true")
        #expect(try server.snapshot().count("audit_log_events") == 1)
        let other = try Self.postEvent(client, organizationID, Self.event(), headers: [("Idempotency-Key", "k2")])
        #expect(other.header("Idempotent-Replayed") == nil)
        #expect(try server.snapshot().count("audit_log_events") == 2)
    }

    @Test func auditLogOperations_EmitNoEvents() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let before = try server.snapshot().count("events")
        #expect(try Self.postSchema(client, "user.signed_in", ["targets": [["type": "team"]]]).status == 201)
        #expect(try Self.postEvent(client, organizationID, Self.event()).status == 200)
        let put = try client.request(
            "PUT", "/organizations/\(organizationID)/audit_logs_retention", json: #"{"retention_period_in_days":30}"#
        )
        #expect(put.status == 200)
        #expect(try Self.exportLines(client, organizationID).count == 1)
        #expect(try server.snapshot().count("events") == before)
    }

    @Test func createEvent_ForAnActionWithoutSchema_IsStoredAndDoesNotCreateTheAction() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let response = try Self.postEvent(
            client, organizationID, Self.event(action: "invoice.paid", targets: []) { $0["version"] = 3 }
        )
        #expect(response.status == 200)
        #expect(try client.request("GET", "/audit_logs/actions").json["data"].array.isEmpty)
        #expect(try client.request("GET", "/audit_logs/actions/invoice.paid/schemas").status == 404)
    }

    // MARK: Schemas and actions

    @Test func createSchema_CreatesTheActionAtVersion1_AndEachNewSchemaIncrementsTheVersion() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let metadata: [String: Any] = ["type": "object", "properties": ["cost": ["type": "number"]]]
        let first = try Self.postSchema(
            client, "invoice.paid",
            [
                "targets": [["type": "invoice", "metadata": metadata]],
                "actor": ["metadata": ["type": "object", "properties": ["role": ["type": "string"]]]],
                "metadata": ["type": "object", "properties": ["transactionId": ["type": "string"]]],
            ]
        )
        #expect(first.status == 201)
        #expect(first.json["object"].string == "audit_log_schema")
        #expect(first.json["version"].int == 1)
        #expect(first.json["targets"][0]["type"].string == "invoice")
        #expect(first.json["targets"][0]["metadata"]["properties"]["cost"]["type"].string == "number")
        #expect(first.json["actor"]["metadata"]["properties"]["role"]["type"].string == "string")
        #expect(first.json["metadata"]["properties"]["transactionId"]["type"].string == "string")
        #expect(first.json["created_at"].string?.count == 24)
        let second = try Self.postSchema(client, "invoice.paid", ["targets": [["type": "invoice"]]])
        #expect(second.status == 201)
        #expect(second.json["version"].int == 2)
        #expect(!second.json["actor"].exists)
        #expect(!second.json["metadata"].exists)
        let other = try Self.postSchema(client, "user.signed_in", ["targets": [["type": "user"]]])
        #expect(other.json["version"].int == 1)

        let schemas = try client.request("GET", "/audit_logs/actions/invoice.paid/schemas")
        #expect(schemas.status == 200)
        #expect(schemas.json["object"].string == "list")
        #expect(schemas.json["data"].array.compactMap { $0["version"].int } == [2, 1])
        #expect(schemas.json["list_metadata"]["before"].isNull)
        #expect(schemas.json["list_metadata"]["after"].isNull)
        let ascending = try client.request("GET", "/audit_logs/actions/invoice.paid/schemas?order=asc&limit=1")
        #expect(ascending.json["data"].array.compactMap { $0["version"].int } == [1])
        #expect(ascending.json["list_metadata"]["after"].string?.hasPrefix("als_") == true)
    }

    @Test func createSchema_WithBadTargetsOrMetadata_Answers422NamingTheField_AndCreatesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let before = try server.snapshot()
        let cases: [(String, [String: Any])] = [
            ("targets", [:]),
            ("targets", ["targets": [] as [Any]]),
            ("targets[0].type", ["targets": [["metadata": ["type": "object", "properties": [:] as [String: Any]]]]]),
            ("targets[1].type", ["targets": [["type": "team"], ["type": "team"]]]),
            (
                "targets[0].metadata.properties.cost.type",
                [
                    "targets": [
                        ["type": "invoice", "metadata": ["type": "object", "properties": ["cost": ["type": "date"]]]]
                    ]
                ]
            ),
            ("actor.metadata", ["targets": [["type": "team"]], "actor": [:] as [String: Any]]),
            ("metadata.type", ["targets": [["type": "team"]], "metadata": ["type": "array"]]),
            ("metadata", ["targets": [["type": "team"]], "metadata": "string"]),
        ]
        for (field, body) in cases {
            let response = try Self.postSchema(client, "user.signed_in", body)
            #expect(response.status == 422, "\(field): \(response.text)")
            #expect(response.json["errors"][0]["field"].string == field, "\(response.text)")
        }
        #expect(try server.snapshot() == before)
    }

    @Test func listSchemas_OfAnUnknownAction_Answers404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/audit_logs/actions/nothing.here/schemas")
        #expect(response.status == 404)
        #expect(response.json["message"].string == "Audit Log Action not found: 'nothing.here'.")
    }

    @Test func listActions_ShowsEachActionWithItsLatestSchema_AndPaginatesWithAfter() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for action in ["a.one", "b.two", "c.three"] {
            #expect(try Self.postSchema(client, action, ["targets": [["type": "team"]]]).status == 201)
        }
        #expect(try Self.postSchema(client, "a.one", ["targets": [["type": "user"]]]).status == 201)
        let first = try client.request("GET", "/audit_logs/actions?limit=2")
        #expect(first.status == 200)
        #expect(first.json["data"].array.compactMap { $0["name"].string } == ["c.three", "b.two"])
        #expect(first.json["data"][0]["object"].string == "audit_log_action")
        #expect(first.json["data"][0]["schema"]["object"].string == "audit_log_schema")
        let after = try #require(first.json["list_metadata"]["after"].string)
        #expect(after.hasPrefix("ala_"))
        let second = try client.request("GET", "/audit_logs/actions?limit=2&after=\(after)")
        #expect(second.json["data"].array.count == 1)
        let one = second.json["data"][0]
        #expect(one["name"].string == "a.one")
        #expect(one["schema"]["version"].int == 2)
        #expect(one["schema"]["targets"][0]["type"].string == "user")
        #expect(one["updated_at"].string != nil && one["updated_at"].string! >= one["created_at"].string!)
        #expect(second.json["list_metadata"]["after"].isNull)
        #expect(try client.request("GET", "/audit_logs/actions?limit=0").status == 422)
    }

    // MARK: Schema validation of events

    private static func schemaBody() -> [String: Any] {
        [
            "targets": [
                [
                    "type": "invoice",
                    "metadata": ["type": "object", "properties": ["cost": ["type": "number"]], "required": ["cost"]],
                ],
                ["type": "team"],
            ],
            "actor": ["metadata": ["type": "object", "properties": ["role": ["type": "string"]]]],
            "metadata": ["type": "object", "properties": ["paid": ["type": "boolean"]]],
        ]
    }

    @Test func createEvent_ThatMatchesItsActionsSchema_IsStored() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        #expect(try Self.postSchema(client, "invoice.paid", Self.schemaBody()).status == 201)
        let event = Self.event(
            action: "invoice.paid", actor: ["id": "u", "type": "user", "metadata": ["role": "admin"]],
            targets: [["id": "inv_1", "type": "invoice", "metadata": ["cost": 9.5]], ["id": "t", "type": "team"]]
        ) { $0["metadata"] = ["paid": true] }
        let response = try Self.postEvent(client, organizationID, event)
        #expect(response.status == 200, "\(response.text)")
        #expect(try server.snapshot().count("audit_log_events") == 1)
    }

    @Test func createEvent_ThatFailsItsActionsSchema_Answers400WithInstancePaths_AndStoresNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        #expect(try Self.postSchema(client, "invoice.paid", Self.schemaBody()).status == 201)
        let cases: [([String], [String: Any])] = [
            (["/targets"], Self.event(action: "invoice.paid", targets: [["id": "t", "type": "team"]])),
            (
                ["/targets/2/type"],
                Self.event(
                    action: "invoice.paid",
                    targets: [
                        ["id": "i", "type": "invoice", "metadata": ["cost": 1]], ["id": "t", "type": "team"],
                        ["id": "x", "type": "planet"],
                    ]
                )
            ),
            (
                ["/targets/0/metadata/cost"],
                Self.event(
                    action: "invoice.paid",
                    targets: [["id": "i", "type": "invoice", "metadata": ["cost": "ten"]], ["id": "t", "type": "team"]]
                )
            ),
            (
                ["/targets/0/metadata"],
                Self.event(
                    action: "invoice.paid",
                    targets: [["id": "i", "type": "invoice", "metadata": ["note": "x"]], ["id": "t", "type": "team"]]
                )
            ),
            (
                ["/actor/metadata/role", "/metadata/paid"],
                Self.event(
                    action: "invoice.paid", actor: ["id": "u", "type": "user", "metadata": ["role": 7]],
                    targets: [["id": "i", "type": "invoice", "metadata": ["cost": 1]], ["id": "t", "type": "team"]]
                ) { $0["metadata"] = ["paid": "yes"] }
            ),
        ]
        for (paths, event) in cases {
            let response = try Self.postEvent(client, organizationID, event)
            #expect(response.status == 400, "\(paths): \(response.text)")
            #expect(response.json["code"].string == "invalid_audit_log_event")
            #expect(response.json["message"].string == "Invalid Audit Log event.")
            #expect(response.json["errors"].array.compactMap { $0["instancePath"].string } == paths, "\(response.text)")
        }
        #expect(try server.snapshot().count("audit_log_events") == 0)
    }

    @Test func createEvent_WithAVersion_IsCheckedAgainstThatVersion_AndAnUnknownVersionAnswers400() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        #expect(try Self.postSchema(client, "doc.shared", ["targets": [["type": "document"]]]).status == 201)
        #expect(try Self.postSchema(client, "doc.shared", ["targets": [["type": "folder"]]]).status == 201)
        let document = Self.event(action: "doc.shared", targets: [["id": "d", "type": "document"]])
        // Without a version the latest (2: folder) applies; with version 1 the document passes.
        let latest = try Self.postEvent(client, organizationID, document)
        #expect(latest.status == 400)
        #expect(latest.json["errors"].array.compactMap { $0["instancePath"].string } == ["/targets", "/targets/0/type"])
        var versioned = document
        versioned["version"] = 1
        #expect(try Self.postEvent(client, organizationID, versioned).status == 200)
        versioned["version"] = 9
        let unknown = try Self.postEvent(client, organizationID, versioned)
        #expect(unknown.status == 400)
        #expect(unknown.json["errors"][0]["instancePath"].string == "/version")
        versioned["version"] = "1"
        let mistyped = try Self.postEvent(client, organizationID, versioned)
        #expect(mistyped.status == 422)
        #expect(mistyped.json["errors"][0]["field"].string == "event.version")
        #expect(try server.snapshot().count("audit_log_events") == 1)
    }

    // MARK: Exports

    @Test func createExport_Answers201Pending_AndTheFirstFetchIsReadyWithADownloadURL() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let created = try client.request(
            "POST", "/audit_logs/exports",
            json: try Self.json([
                "organization_id": organizationID, "range_start": "2026-01-01T00:00:00Z",
                "range_end": "2026-02-01T00:00:00Z",
            ])
        )
        #expect(created.status == 201)
        #expect(created.json["object"].string == "audit_log_export")
        let id = try #require(created.json["id"].string)
        #expect(id.hasPrefix("audit_log_export_") && id.count == "audit_log_export_".count + 26)
        #expect(created.json["state"].string == "pending")
        #expect(created.json["url"].isNull)
        #expect(created.json["created_at"].string?.count == 24)
        let fetched = try client.request("GET", "/audit_logs/exports/\(id)")
        #expect(fetched.status == 200)
        #expect(fetched.json["id"].string == id)
        #expect(fetched.json["state"].string == "ready")
        let url = try #require(fetched.json["url"].string)
        #expect(url.hasPrefix("http://127.0.0.1:\(server.port)/_emulator/audit_log_exports/\(id)/download?token="))
        let download = try client.request("GET", try Self.downloadPath(url), key: nil)
        #expect(download.status == 200)
        #expect(download.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(download.header("Content-Disposition") == "attachment; filename=\"\(id).csv\"")
        #expect(
            download.text
                == "id,action,occurred_at,version,actor_id,actor_type,actor_name,actor_metadata,targets,"
                + "context_location,context_user_agent,metadata\r\n"
        )
        // Only the token's digest is stored.
        let token = String(url[url.range(of: "token=")!.upperBound...])
        let rows = try server.snapshot().tables["audit_log_exports"] ?? []
        #expect(!rows.isEmpty && rows.allSatisfy { !$0.values.contains(.text(token)) })
    }

    @Test func export_CSVHoldsTheEventsOfTheOrganizationAndRange_OldestFirst() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let otherOrganization = try Self.organizationID(client)
        let late = Self.event(action: "doc.viewed", occurredAt: "2026-06-02T08:00:00+02:00") {
            $0["metadata"] = ["note": "a, \"quoted\" note"]
        }
        #expect(try Self.postEvent(client, organizationID, late).status == 200)
        for occurredAt in ["2026-03-01T12:00:00Z", "2025-12-31T23:59:59.999Z"] {
            #expect(try Self.postEvent(client, organizationID, Self.event(occurredAt: occurredAt)).status == 200)
        }
        #expect(try Self.postEvent(client, otherOrganization, Self.event()).status == 200)
        let lines = try Self.exportLines(client, organizationID)
        #expect(lines.count == 2)
        let first = try #require(lines.first)
        #expect(first.hasPrefix("audit_log_event_"))
        #expect(first.contains(",user.signed_in,2026-03-01T12:00:00.000Z,,user_1,user,Jon Smith,,"))
        #expect(first.contains(#""[{""id"":""team_1"",""type"":""team""}]""#))
        #expect(first.hasSuffix(",123.123.123.123,Chrome/104.0.0.0,"))
        let second = try #require(lines.last)
        #expect(second.contains(",doc.viewed,2026-06-02T06:00:00.000Z,"))
        #expect(second.hasSuffix(#","{""note"":""a, \""quoted\"" note""}""#))
    }

    @Test func export_FiltersByActionsActorNamesActorIDsAndTargetTypes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let events: [[String: Any]] = [
            Self.event(
                action: "a.one", actor: ["id": "u1", "type": "user", "name": "Ann"],
                targets: [["id": "t", "type": "team"]]
            ),
            Self.event(
                action: "a.two", actor: ["id": "u2", "type": "user", "name": "Bob"],
                targets: [["id": "d", "type": "doc"]]
            ),
            Self.event(action: "a.one", actor: ["id": "u3", "type": "user"], targets: []),
        ]
        for event in events { #expect(try Self.postEvent(client, organizationID, event).status == 200) }
        func actors(_ filters: [String: Any]) throws -> [String] {
            try Self.exportLines(client, organizationID, filters).map { $0.components(separatedBy: ",")[4] }.sorted()
        }
        #expect(try actors([:]) == ["u1", "u2", "u3"])
        #expect(try actors(["actions": ["a.one"]]) == ["u1", "u3"])
        #expect(try actors(["actor_names": ["Bob"]]) == ["u2"])
        #expect(try actors(["actors": ["Ann"]]) == ["u1"])
        #expect(try actors(["actor_names": ["Bob"], "actors": ["Ann"]]) == ["u1", "u2"])
        #expect(try actors(["actor_ids": ["u3", "u2"]]) == ["u2", "u3"])
        #expect(try actors(["targets": ["doc", "team"]]) == ["u1", "u2"])
        #expect(try actors(["actions": ["a.one"], "targets": ["doc"]]) == [])
        #expect(try actors(["actions": [] as [String]]) == ["u1", "u2", "u3"])
        #expect(try actors(["range_start": "2026-03-01T12:00:00.001Z"]) == [])
        let instant = "2026-03-01T12:00:00.000Z"
        #expect(try actors(["range_end": instant, "range_start": instant]).count == 3)
    }

    @Test func exportURL_ExpiresAfterTenMinutes_AndARefetchIssuesANewOneReplacingTheOld() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let created = try client.request(
            "POST", "/audit_logs/exports",
            json: try Self.json([
                "organization_id": organizationID, "range_start": "2026-01-01T00:00:00Z",
                "range_end": "2026-02-01T00:00:00Z",
            ])
        )
        let id = try #require(created.json["id"].string)
        let firstURL = try #require(try client.request("GET", "/audit_logs/exports/\(id)").json["url"].string)
        let expiresAt = try #require(
            try server.snapshot().tables["audit_log_exports"]?.first?["url_expires_at"] as String?
        )
        let issuedAt = try #require(try server.snapshot().tables["audit_log_exports"]?.first?["updated_at"] as String?)
        #expect(expiresAt > issuedAt)
        try server.execute(
            "UPDATE audit_log_exports SET url_expires_at = ? WHERE id = ?",
            [.text("2000-01-01T00:00:00.000Z"), .text(id)]
        )
        let expired = try client.request("GET", try Self.downloadPath(firstURL), key: nil)
        #expect(expired.status == 403)
        #expect(expired.json["code"].string == "audit_log_export_url_expired")
        let secondURL = try #require(try client.request("GET", "/audit_logs/exports/\(id)").json["url"].string)
        #expect(secondURL != firstURL)
        #expect(try client.request("GET", try Self.downloadPath(secondURL), key: nil).status == 200)
        #expect(try client.request("GET", try Self.downloadPath(firstURL), key: nil).status == 404)
        let forged = "/_emulator/audit_log_exports/\(id)/download?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        #expect(try client.request("GET", forged, key: nil).status == 404)
        #expect(try client.request("GET", "/_emulator/audit_log_exports/\(id)/download", key: nil).status == 404)
    }

    @Test func createExport_WithABadBody_Answers400InTheDocumentedShapes_AndCreatesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let before = try server.snapshot()
        let missing = try client.request("POST", "/audit_logs/exports", json: "{}")
        #expect(missing.status == 400)
        #expect(missing.json["error"].string == "Bad Request")
        #expect(missing.json["message"].array.compactMap(\.string).contains("range_start must be a string"))
        let badDate = try client.request(
            "POST", "/audit_logs/exports",
            json: try Self.json([
                "organization_id": organizationID, "range_start": "soon", "range_end": "2026-02-01T00:00:00Z",
                "actions": "a.one",
            ])
        )
        #expect(badDate.status == 400)
        #expect(
            badDate.json["message"].array.compactMap(\.string)
                == ["range_start must be a valid ISO 8601 date string", "actions must be an array"]
        )
        let reversed = try client.request(
            "POST", "/audit_logs/exports",
            json: try Self.json([
                "organization_id": organizationID, "range_start": "2026-03-01T00:00:00Z",
                "range_end": "2026-02-01T00:00:00Z",
            ])
        )
        #expect(reversed.status == 400)
        #expect(reversed.json["code"].string == "invalid_audit_log_export_range_date")
        #expect(reversed.json["message"].string == "Invalid date range")
        let unknown = try client.request(
            "POST", "/audit_logs/exports",
            json: try Self.json([
                "organization_id": "org_01JZZZZZZZZZZZZZZZZZZZZZZZ", "range_start": "2026-01-01T00:00:00Z",
                "range_end": "2026-02-01T00:00:00Z",
            ])
        )
        #expect(unknown.status == 400)
        #expect(unknown.json["message"].string == "Organization not found: 'org_01JZZZZZZZZZZZZZZZZZZZZZZZ'.")
        #expect(try server.snapshot() == before)
    }

    @Test func getExport_UnknownID_Answers404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let id = "audit_log_export_01JZZZZZZZZZZZZZZZZZZZZZZZ"
        let response = try server.client().request("GET", "/audit_logs/exports/\(id)")
        #expect(response.status == 404)
        #expect(response.json["message"].string == "Audit Log Export not found: '\(id)'.")
    }

    // MARK: Retention and configuration

    @Test func retention_IsNullUntilSet_AndTakesDaysOrPython10Periods() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let path = "/organizations/\(organizationID)/audit_logs_retention"
        let initial = try client.request("GET", path)
        #expect(initial.status == 200)
        #expect(initial.json["retention_period_in_days"].isNull)
        #expect(initial.json.keys == ["retention_period_in_days"])
        for (body, days) in [
            (#"{"retention_period_in_days":30}"#, 30), (#"{"retention_period_in_days":330}"#, 330),
            (#"{"retention_period_in_days":3650}"#, 3650), (#"{"retention_period":"1_MONTH"}"#, 30),
            (#"{"retention_period":"11_MONTHS"}"#, 330), (#"{"retention_period":"1_YEAR"}"#, 365),
            (#"{"retention_period":"10_YEARS"}"#, 3650), (#"{"retention_period_in_days":365}"#, 365),
        ] {
            let put = try client.request("PUT", path, json: body)
            #expect(put.status == 200, "\(body)")
            #expect(put.json["retention_period_in_days"].int == days, "\(body)")
            #expect(try client.request("GET", path).json["retention_period_in_days"].int == days)
        }
    }

    @Test func retention_WithAValueOutsideTheAllowedSet_Answers422AndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let path = "/organizations/\(organizationID)/audit_logs_retention"
        #expect(try client.request("PUT", path, json: #"{"retention_period_in_days":60}"#).status == 200)
        let before = try server.snapshot()
        for (body, field) in [
            ("{}", "retention_period_in_days"), (#"{"retention_period_in_days":31}"#, "retention_period_in_days"),
            (#"{"retention_period_in_days":0}"#, "retention_period_in_days"),
            (#"{"retention_period_in_days":4015}"#, "retention_period_in_days"),
            (#"{"retention_period_in_days":"30"}"#, "retention_period_in_days"),
            (#"{"retention_period":"12_MONTHS"}"#, "retention_period"),
            (#"{"retention_period":"1_MONTHS"}"#, "retention_period"),
            (#"{"retention_period":"1_YEAR","retention_period_in_days":365}"#, "retention_period"),
        ] {
            let response = try client.request("PUT", path, json: body)
            #expect(response.status == 422, "\(body)")
            #expect(response.json["errors"][0]["field"].string == field, "\(body)")
        }
        #expect(try server.snapshot() == before)
        #expect(try client.request("GET", path).json["retention_period_in_days"].int == 60)
    }

    @Test func retentionAndConfiguration_OfAnUnknownOrganization_Answer404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let unknown = "org_01JZZZZZZZZZZZZZZZZZZZZZZZ"
        #expect(try client.request("GET", "/organizations/\(unknown)/audit_logs_retention").status == 404)
        let put = try client.request(
            "PUT", "/organizations/\(unknown)/audit_logs_retention", json: #"{"retention_period_in_days":30}"#
        )
        #expect(put.status == 404)
        #expect(try client.request("GET", "/organizations/\(unknown)/audit_log_configuration").status == 404)
        #expect(try server.snapshot().count("audit_log_retentions") == 0)
    }

    @Test func configuration_ReportsTheRetentionAndAnActiveState() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        let path = "/organizations/\(organizationID)/audit_log_configuration"
        let initial = try client.request("GET", path)
        #expect(initial.status == 200)
        #expect(initial.json["organization_id"].string == organizationID)
        #expect(initial.json["retention_period_in_days"].int == 30)
        #expect(initial.json["state"].string == "active")
        #expect(!initial.json["log_stream"].exists)
        let put = try client.request(
            "PUT", "/organizations/\(organizationID)/audit_logs_retention", json: #"{"retention_period":"2_YEARS"}"#
        )
        #expect(put.status == 200)
        #expect(try client.request("GET", path).json["retention_period_in_days"].int == 730)
    }

    // MARK: Environments

    @Test func anotherEnvironmentsOrganizationsActionsAndExports_AnswerLikeUnknownOnes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        #expect(try Self.postSchema(client, "user.signed_in", ["targets": [["type": "team"]]]).status == 201)
        let created = try client.request(
            "POST", "/audit_logs/exports",
            json: try Self.json([
                "organization_id": organizationID, "range_start": "2026-01-01T00:00:00Z",
                "range_end": "2026-02-01T00:00:00Z",
            ])
        )
        let exportID = try #require(created.json["id"].string)
        let other = try client.request("POST", "/_emulator/environments", json: #"{"name":"other"}"#)
        let otherKey = try #require(other.json["api_key"].string)
        let before = try server.snapshot()

        #expect(try Self.postEvent(client, organizationID, Self.event(), key: otherKey).status == 404)
        #expect(try client.request("GET", "/audit_logs/exports/\(exportID)", key: otherKey).status == 404)
        let export = try client.request(
            "POST", "/audit_logs/exports",
            json: try Self.json([
                "organization_id": organizationID, "range_start": "2026-01-01T00:00:00Z",
                "range_end": "2026-02-01T00:00:00Z",
            ]),
            key: otherKey
        )
        #expect(export.status == 400)
        let actions = try client.request("GET", "/audit_logs/actions", key: otherKey)
        #expect(actions.status == 200 && actions.json["data"].array.isEmpty)
        #expect(try client.request("GET", "/audit_logs/actions/user.signed_in/schemas", key: otherKey).status == 404)
        for path in ["audit_logs_retention", "audit_log_configuration"] {
            #expect(try client.request("GET", "/organizations/\(organizationID)/\(path)", key: otherKey).status == 404)
        }
        let put = try client.request(
            "PUT", "/organizations/\(organizationID)/audit_logs_retention", json: #"{"retention_period_in_days":30}"#,
            key: otherKey
        )
        #expect(put.status == 404)
        #expect(try server.snapshot() == before)

        // The other environment's own schema for the same action is version 1 and separate.
        let own = try client.request(
            "POST", "/audit_logs/actions/user.signed_in/schemas", json: #"{"targets":[{"type":"user"}]}"#, key: otherKey
        )
        #expect(own.json["version"].int == 1)
    }

    @Test func coverage_ReportsEveryAuditLogsOperationAsEmulated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let coverage = try server.client().request("GET", "/_emulator/coverage")
        let items = coverage.json.array.isEmpty ? coverage.json["data"].array : coverage.json.array
        let audit = items.filter { $0["area"].string == "Audit Logs" }
        #expect(audit.count == 9)
        #expect(audit.allSatisfy { $0["state"].string == "emulated" })
    }

    @Test func deletingAnOrganization_RemovesItsAuditLogData() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try Self.organizationID(client)
        #expect(try Self.postEvent(client, organizationID, Self.event()).status == 200)
        let retention = #"{"retention_period_in_days":30}"#
        let put = try client.request("PUT", "/organizations/\(organizationID)/audit_logs_retention", json: retention)
        #expect(put.status == 200)
        #expect(try client.request("DELETE", "/organizations/\(organizationID)").status == 204)
        let snapshot = try server.snapshot()
        #expect(snapshot.count("audit_log_events") == 0)
        #expect(snapshot.count("audit_log_event_targets") == 0)
        #expect(snapshot.count("audit_log_retentions") == 0)
    }
}

// workos-emulator — webhook endpoints (REST and control API) and real deliveries to a local receiver, over real
// sockets.
// Licensed MIT.

import Crypto
import EmulatorTesting
import Foundation
import Sockets
import Testing

@testable import WorkOSAPI

@Suite struct WebhooksTests {
    static let secret = "whsec_test_secret"

    /// A server whose failed deliveries are retried after 20 ms, 40 ms, … up to 3 attempts.
    static func makeFastRetryServer(databasePath: String = ":memory:") throws -> TestServer {
        try TestServer(databasePath: databasePath) { configuration in
            configuration.webhookRetryPolicy = WebhookRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20))
        }
    }

    /// `POST /_emulator/webhook_endpoints`; answers the endpoint's id.
    static func createControlEndpoint(_ client: TestClient, url: String, events: [String] = []) throws -> String {
        let list = events.map { #""\#($0)""# }.joined(separator: ",")
        let response = try client.request(
            "POST", "/_emulator/webhook_endpoints",
            json: #"{"url":"\#(url)","secret":"\#(Self.secret)","events":[\#(list)]}"#
        )
        #expect(response.status == 201, "\(response.text)")
        return try #require(response.json["id"].string)
    }

    /// `POST /organizations`; answers the organization's id.
    static func createOrganization(_ client: TestClient, name: String) throws -> String {
        let response = try client.request("POST", "/organizations", json: #"{"name":"\#(name)"}"#)
        #expect(response.status == 201, "\(response.text)")
        return try #require(response.json["id"].string)
    }

    static func deliveries(_ client: TestClient, _ query: String = "") throws -> [TestJSON] {
        let response = try client.request("GET", "/_emulator/webhook_deliveries?limit=100\(query)")
        #expect(response.status == 200, "\(response.text)")
        return response.json["data"].array
    }

    /// Polls the deliveries until none is pending (or 10 s passed).
    static func settledDeliveries(_ client: TestClient, _ query: String = "") throws -> [TestJSON] {
        let deadline = ContinuousClock.now + .seconds(10)
        var deliveries = try Self.deliveries(client, query)
        while deliveries.contains(where: { $0["status"].string == "pending" }), ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.02)
            deliveries = try Self.deliveries(client, query)
        }
        return deliveries
    }

    static func hmacHex(secret: String, _ payload: [UInt8]) -> String {
        HMAC<SHA256>.authenticationCode(for: payload, using: SymmetricKey(data: Array(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    static func jsonObject(_ bytes: [UInt8]) -> NSDictionary? {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? NSDictionary
    }

    // MARK: REST endpoints

    @Test func createEndpoint_Answers201WithTheSigningSecret_AndListShowsIt_WithoutWritingAnEvent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let eventsBefore = try server.snapshot().count("events")
        let response = try client.request(
            "POST", "/webhook_endpoints",
            json: #"{"endpoint_url":"https://example.com/hooks","events":["user.created","dsync.user.created"]}"#
        )
        #expect(response.status == 201)
        let endpoint = response.json
        #expect(
            endpoint.keys
                == ["created_at", "endpoint_url", "events", "id", "object", "secret", "status", "updated_at"]
        )
        #expect(endpoint["object"].string == "webhook_endpoint")
        let id = try #require(endpoint["id"].string)
        #expect(id.hasPrefix("we_") && id.count == 29)
        #expect(endpoint["endpoint_url"].string == "https://example.com/hooks")
        #expect(endpoint["secret"].string?.hasPrefix("whsec_") == true && endpoint["secret"].string?.count == 31)
        #expect(endpoint["status"].string == "enabled")
        #expect(endpoint["events"].array.map(\.string) == ["user.created", "dsync.user.created"])
        #expect(endpoint["created_at"].string?.count == 24)

        let second = try client.request(
            "POST", "/webhook_endpoints", json: #"{"endpoint_url":"http://127.0.0.1:9/b","events":["user.created"]}"#
        )
        #expect(second.status == 201)
        let page = try client.request("GET", "/webhook_endpoints?limit=1")
        #expect(page.status == 200)
        #expect(page.json["object"].string == "list")
        #expect(page.json["data"].array.map { $0["id"].string } == [second.json["id"].string])
        #expect(page.json["data"][0]["secret"].string == second.json["secret"].string)
        let after = try #require(page.json["list_metadata"]["after"].string)
        let next = try client.request("GET", "/webhook_endpoints?limit=1&after=\(after)")
        #expect(next.json["data"].array.map { $0["id"].string } == [id])
        #expect(next.json["list_metadata"]["after"].isNull)
        // Neither the spec nor the event catalog names a webhook_endpoint.* event.
        #expect(try server.snapshot().count("events") == eventsBefore)
    }

    @Test func createEndpoint_RefusesBadBodies_With422Or409_AndWritesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let first = #"{"endpoint_url":"http://127.0.0.1:9/a","events":["user.created"]}"#
        #expect(try client.request("POST", "/webhook_endpoints", json: first).status == 201)
        let before = try server.snapshot()
        let validation: [(String, [String], [String])] = [
            ("{}", ["endpoint_url", "events"], ["required", "required"]),
            (#"{"endpoint_url":"http://a.example","events":"user.created"}"#, ["events"], ["invalid_type"]),
            (#"{"endpoint_url":"http://a.example","events":[]}"#, ["events"], ["invalid"]),
            (
                #"{"endpoint_url":"http://a.example","events":["user.created","user.exploded",7]}"#,
                ["events[2]", "events[1]"], ["invalid_type", "unknown_event_type"]
            ),
            (#"{"endpoint_url":7,"events":["user.created"]}"#, ["endpoint_url"], ["invalid_type"]),
        ]
        for (body, fields, codes) in validation {
            let response = try client.request("POST", "/webhook_endpoints", json: body)
            #expect(response.status == 422, "\(body): \(response.text)")
            #expect(response.json["code"].string == "invalid_request_parameters")
            #expect(response.json["errors"].array.map { $0["field"].string ?? "" } == fields, "\(body)")
            #expect(response.json["errors"].array.map { $0["code"].string ?? "" } == codes, "\(body)")
        }
        let badURLs = [
            "ftp://example.com/x", "example.com/hooks", "http://", "http://example.com:99999/x", "http://a b/",
        ]
        for url in badURLs {
            let response = try client.request(
                "POST", "/webhook_endpoints", json: #"{"endpoint_url":"\#(url)","events":["user.created"]}"#
            )
            #expect(response.status == 422, "\(url): \(response.text)")
            #expect(response.json["code"].string == "invalid_url", "\(url)")
            #expect(response.json["message"].string?.isEmpty == false)
        }
        let duplicate = try client.request(
            "POST", "/webhook_endpoints", json: #"{"endpoint_url":"http://127.0.0.1:9/a","events":["user.updated"]}"#
        )
        #expect(duplicate.status == 409)
        #expect(duplicate.json["code"].string == "duplicate_endpoint")
        #expect(try server.snapshot() == before)
    }

    @Test func updateEndpoint_ChangesURLEventsAndStatus_AndRefusesBadValues() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request(
            "POST", "/webhook_endpoints", json: #"{"endpoint_url":"http://127.0.0.1:9/a","events":["user.created"]}"#
        )
        let id = try #require(created.json["id"].string)
        let response = try client.request(
            "PATCH", "/webhook_endpoints/\(id)",
            json: #"""
                {"endpoint_url":"http://127.0.0.1:9/b","events":["user.updated","user.deleted"],"status":"disabled"}
                """#
        )
        #expect(response.status == 200, "\(response.text)")
        #expect(response.json["endpoint_url"].string == "http://127.0.0.1:9/b")
        #expect(response.json["events"].array.map(\.string) == ["user.updated", "user.deleted"])
        #expect(response.json["status"].string == "disabled")
        #expect(response.json["secret"].string == created.json["secret"].string)
        let enabled = try client.request("PATCH", "/webhook_endpoints/\(id)", json: #"{"status":"enabled"}"#)
        #expect(enabled.json["status"].string == "enabled")
        #expect(enabled.json["endpoint_url"].string == "http://127.0.0.1:9/b")

        let before = try server.snapshot()
        let bad = try client.request(
            "PATCH", "/webhook_endpoints/\(id)", json: #"{"status":"paused","events":["x.y"]}"#
        )
        #expect(bad.status == 422)
        #expect(bad.json["errors"].array.map { $0["field"].string ?? "" } == ["status", "events[0]"])
        let badURL = try client.request("PATCH", "/webhook_endpoints/\(id)", json: #"{"endpoint_url":"mailto:x@y.z"}"#)
        #expect(badURL.status == 422)
        #expect(badURL.json["code"].string == "invalid_url")
        let unknown = try client.request("PATCH", "/webhook_endpoints/we_01UNKNOWN", json: #"{"status":"enabled"}"#)
        #expect(unknown.status == 404)
        #expect(unknown.json["code"].string == "entity_not_found")
        #expect(try server.snapshot() == before)
    }

    @Test func anotherEnvironmentsEndpoint_AnswersLikeAnUnknownOne() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try Self.createControlEndpoint(client, url: "http://127.0.0.1:9/a")
        let environment = try client.request("POST", "/_emulator/environments", json: "{}")
        let otherKey = try #require(environment.json["api_key"].string)
        let patch = try client.request(
            "PATCH", "/webhook_endpoints/\(id)", json: #"{"status":"disabled"}"#, key: otherKey
        )
        #expect(patch.status == 404)
        #expect(patch.json["code"].string == "entity_not_found")
        #expect(try client.request("DELETE", "/webhook_endpoints/\(id)", key: otherKey).status == 404)
        #expect(try client.request("GET", "/webhook_endpoints", key: otherKey).json["data"].array.isEmpty)
        #expect(try client.request("GET", "/webhook_endpoints").json["data"][0]["status"].string == "enabled")
    }

    @Test func deleteEndpoint_Answers204_ThenTheIdIsUnknown() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try Self.createControlEndpoint(client, url: "http://127.0.0.1:9/a")
        let response = try client.request("DELETE", "/webhook_endpoints/\(id)")
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        #expect(try client.request("DELETE", "/webhook_endpoints/\(id)").status == 404)
        #expect(try client.request("GET", "/webhook_endpoints").json["data"].array.isEmpty)
    }

    @Test func controlEndpoint_GeneratesASecret_AndEmptyEventsMeansEveryEvent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try client.request(
            "POST", "/_emulator/webhook_endpoints", json: #"{"url":"http://127.0.0.1:9/x"}"#
        )
        #expect(response.status == 201)
        #expect(response.json["object"].string == "webhook_endpoint")
        #expect(response.json["secret"].string?.hasPrefix("whsec_") == true)
        #expect(response.json["events"].array.isEmpty)
        let bad = try client.request("POST", "/_emulator/webhook_endpoints", json: #"{"url":"nope","secret":""}"#)
        #expect(bad.status == 422)
        #expect(bad.json["errors"].array.map { $0["field"].string ?? "" } == ["secret", "url"])
        let listed = try client.request("GET", "/webhook_endpoints").json["data"][0]["id"].string
        #expect(listed == response.json["id"].string)
    }

    // MARK: Deliveries

    @Test func delivery_PostsTheEventsJSON_SignedAsTheSDKsVerify() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let endpointID = try Self.createControlEndpoint(client, url: receiver.url)
        let organizationID = try Self.createOrganization(client, name: "Hooked")

        let requests = receiver.waitForRequests(1)
        let request = try #require(requests.first)
        #expect(request.requestLine == "POST /hooks HTTP/1.1")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["user-agent"] == "workos-emulator")
        #expect(request.headers["host"] == "127.0.0.1:\(receiver.port)")
        // WorkOS-Signature: t=<ms>, v1=<hex HMAC-SHA256(secret, "<t>.<body>")>.
        let signature = try #require(request.headers["workos-signature"])
        let parts = signature.components(separatedBy: ", ")
        #expect(parts.count == 2)
        let t = String(try #require(parts.first?.dropFirst(2)))
        #expect(parts.first?.hasPrefix("t=") == true && parts.last?.hasPrefix("v1=") == true)
        let milliseconds = try #require(Double(t))
        #expect(abs(milliseconds / 1000 - Date().timeIntervalSince1970) < 60)
        #expect(parts.last == "v1=" + Self.hmacHex(secret: Self.secret, Array("\(t).".utf8) + request.body))

        let body = try #require(Self.jsonObject(request.body))
        #expect(body["event"] as? String == "organization.created")
        #expect((body["data"] as? NSDictionary)?["id"] as? String == organizationID)
        #expect((body.allKeys as? [String])?.sorted() == ["created_at", "data", "event", "id", "object"])
        let events = try client.request("GET", "/events?events=organization.created&limit=100").body
        let listed = try #require(Self.jsonObject(events)?["data"] as? [NSDictionary])
        #expect(listed.contains(body))

        let deliveries = try Self.settledDeliveries(client)
        #expect(deliveries.count == 1)
        let delivery = try #require(deliveries.first)
        #expect(
            delivery.keys
                == [
                    "attempts", "created_at", "delivered_at", "endpoint_id", "event", "event_id", "id", "last_error",
                    "object", "response_status", "status", "url",
                ]
        )
        #expect(delivery["id"].string?.hasPrefix("webhook_delivery_") == true)
        #expect(delivery["endpoint_id"].string == endpointID)
        #expect(delivery["url"].string == receiver.url)
        #expect(delivery["event_id"].string == body["id"] as? String)
        #expect(delivery["event"].string == "organization.created")
        #expect(delivery["status"].string == "delivered")
        #expect(delivery["attempts"].int == 1)
        #expect(delivery["response_status"].int == 200)
        #expect(delivery["last_error"].isNull)
        #expect(delivery["delivered_at"].string?.count == 24)
    }

    @Test func delivery_GoesOnlyToEndpointsSubscribedToTheEvent_AndTheListFilters() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let updates = try Self.createControlEndpoint(client, url: receiver.url, events: ["organization.updated"])
        let everything = try Self.createControlEndpoint(client, url: receiver.url + "/all")
        let organizationID = try Self.createOrganization(client, name: "Filtered")
        let update = try client.request("PUT", "/organizations/\(organizationID)", json: #"{"name":"Renamed"}"#)
        #expect(update.status == 200)

        let requests = receiver.waitForRequests(3)
        #expect(requests.count == 3)
        #expect(requests.filter { $0.requestLine == "POST /hooks HTTP/1.1" }.count == 1)
        let toUpdates = try #require(requests.first { $0.requestLine == "POST /hooks HTTP/1.1" })
        #expect(Self.jsonObject(toUpdates.body)?["event"] as? String == "organization.updated")

        let all = try Self.settledDeliveries(client)
        #expect(all.count == 3)
        #expect(
            all.map { $0["event"].string } == ["organization.updated", "organization.updated", "organization.created"]
        )
        let forUpdates = try Self.deliveries(client, "&endpoint_id=\(updates)")
        #expect(forUpdates.map { $0["event"].string } == ["organization.updated"])
        let created = try Self.deliveries(client, "&event=organization.created")
        #expect(created.map { $0["endpoint_id"].string } == [everything])
        #expect(try Self.deliveries(client, "&endpoint_id=we_01UNKNOWN").isEmpty)
    }

    @Test func disabledEndpoint_GetsNothing() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request(
            "POST", "/webhook_endpoints",
            json: #"{"endpoint_url":"\#(receiver.url)","events":["organization.created"]}"#
        )
        let id = try #require(created.json["id"].string)
        #expect(try client.request("PATCH", "/webhook_endpoints/\(id)", json: #"{"status":"disabled"}"#).status == 200)
        _ = try Self.createOrganization(client, name: "Quiet")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(receiver.requests.isEmpty)
        #expect(try Self.deliveries(client).isEmpty)
    }

    @Test func receiverAnswering500Then200_IsDeliveredOnTheSecondAttempt() throws {
        let receiver = try WebhookReceiver(statuses: [500])
        defer { receiver.stop() }
        let server = try Self.makeFastRetryServer()
        defer { server.stop() }
        let client = server.client()
        _ = try Self.createControlEndpoint(client, url: receiver.url)
        _ = try Self.createOrganization(client, name: "Retried")

        let requests = receiver.waitForRequests(2)
        #expect(requests.count == 2)
        #expect(requests.count == 2 && requests[0].body == requests[1].body)
        let delivery = try #require(try Self.settledDeliveries(client).first)
        #expect(delivery["status"].string == "delivered")
        #expect(delivery["attempts"].int == 2)
        #expect(delivery["response_status"].int == 200)
        #expect(delivery["last_error"].isNull)
    }

    @Test func unreachableEndpoint_IsFailedAfterTheBoundedAttempts() throws {
        // A port that was free a moment ago: connecting to it is refused.
        let probe = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0))
        let port = try probe.localAddress().port
        probe.close()
        let server = try Self.makeFastRetryServer()
        defer { server.stop() }
        let client = server.client()
        _ = try Self.createControlEndpoint(client, url: "http://127.0.0.1:\(port)/hooks")
        _ = try Self.createOrganization(client, name: "Unreachable")

        let delivery = try #require(try Self.settledDeliveries(client).first)
        #expect(delivery["status"].string == "failed")
        #expect(delivery["attempts"].int == 3)
        #expect(delivery["response_status"].isNull)
        #expect(delivery["last_error"].string?.contains("refused") == true, "\(delivery["last_error"].string ?? "")")
        #expect(delivery["delivered_at"].isNull)
    }

    @Test func httpsEndpoint_FailsAtOnce_SayingThereIsNoTLS() throws {
        let server = try Self.makeFastRetryServer()
        defer { server.stop() }
        let client = server.client()
        _ = try Self.createControlEndpoint(client, url: "https://127.0.0.1:9/hooks")
        _ = try Self.createOrganization(client, name: "Secure")
        let delivery = try #require(try Self.settledDeliveries(client).first)
        #expect(delivery["status"].string == "failed")
        #expect(delivery["attempts"].int == 1)
        #expect(delivery["last_error"].string?.contains("http://") == true)
        #expect(delivery["last_error"].string?.contains("TLS") == true)
    }

    @Test func rolledBackMutation_QueuesAndDeliversNothing() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try Self.createControlEndpoint(client, url: receiver.url)
        // A refused request: nothing written.
        #expect(try client.request("POST", "/organizations", json: #"{"name":""}"#).status == 422)
        // A transaction that records an event, then fails: the event and its delivery roll back together.
        struct Abort: Error {}
        let services = server.application.services
        let environmentID = try #require(services.keys.environment(forKey: TestServer.apiKey)?.id)
        #expect(throws: Abort.self) {
            try services.database.write { connection in
                try EventLog(environmentID: environmentID, services: services)
                    .record(.organizationCreated, data: ["id": "org_rolled_back"], organizationID: nil, in: connection)
                throw Abort()
            }
        }
        // A committed mutation afterwards is delivered, and is the only one.
        _ = try Self.createOrganization(client, name: "Committed")
        let deliveries = try Self.settledDeliveries(client)
        #expect(deliveries.count == 1)
        #expect(deliveries.first?["status"].string == "delivered")
        let requests = receiver.waitForRequests(1)
        Thread.sleep(forTimeInterval: 0.2)
        #expect(receiver.requests.count == 1)
        #expect(requests.allSatisfy { !$0.bodyText.contains("org_rolled_back") })
    }

    @Test func pendingDeliveries_SurviveARestart_AndAreSentByTheNextStart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("emu-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("webhooks.sqlite").path
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }

        // First run: no delivery threads (the test hook), so the delivery stays pending in the file.
        let first = try TestServer(databasePath: path) { $0.webhookConcurrency = 0 }
        let endpointID = try Self.createControlEndpoint(first.client(), url: receiver.url)
        _ = try Self.createOrganization(first.client(), name: "Durable")
        let pending = try Self.deliveries(first.client())
        #expect(pending.map { $0["status"].string } == ["pending"])
        #expect(pending.first?["attempts"].int == 0)
        first.stop()
        #expect(receiver.requests.isEmpty)

        let second = try TestServer(databasePath: path)
        defer { second.stop() }
        let requests = receiver.waitForRequests(1)
        #expect(requests.count == 1)
        #expect(requests.first.flatMap { Self.jsonObject($0.body)?["event"] as? String } == "organization.created")
        let delivered = try Self.settledDeliveries(second.client())
        #expect(delivered.map { $0["status"].string } == ["delivered"])
        #expect(delivered.first?["endpoint_id"].string == endpointID)
    }

    @Test func reset_EmptiesEndpointsAndDeliveries() throws {
        let server = try TestServer { $0.webhookConcurrency = 0 }
        defer { server.stop() }
        let client = server.client()
        _ = try Self.createControlEndpoint(client, url: "http://127.0.0.1:9/a")
        _ = try Self.createOrganization(client, name: "Reset me")
        #expect(try Self.deliveries(client).count == 1)
        #expect(try client.request("POST", "/_emulator/reset").status == 200)
        #expect(try client.request("GET", "/webhook_endpoints").json["data"].array.isEmpty)
        #expect(try Self.deliveries(client).isEmpty)
    }

    @Test func deletingAnEndpoint_FailsItsPendingDeliveries_AndKeepsThemListed() throws {
        let server = try TestServer { $0.webhookConcurrency = 0 }
        defer { server.stop() }
        let client = server.client()
        let id = try Self.createControlEndpoint(client, url: "http://127.0.0.1:9/a")
        _ = try Self.createOrganization(client, name: "Orphan")
        #expect(try client.request("DELETE", "/webhook_endpoints/\(id)").status == 204)
        let delivery = try #require(try Self.deliveries(client).first)
        #expect(delivery["status"].string == "failed")
        #expect(delivery["last_error"].string == "the webhook endpoint was deleted")
    }
}

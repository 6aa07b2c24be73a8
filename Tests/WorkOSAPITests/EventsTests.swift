// workos-emulator — GET /events over real sockets.
// Licensed MIT.

import EmulatorTesting
import Testing

@Suite struct EventsTests {
    @Test func listEvents_WithoutEventsParameter_Answers422Required() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/events")
        #expect(response.status == 422)
        #expect(response.json["message"].string == "Validation failed.")
        #expect(response.json["errors"][0]["field"].string == "events")
        #expect(response.json["errors"][0]["code"].string == "required")
    }

    @Test func everyOrganizationMutation_WritesItsEvent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try #require(client.request("POST", "/organizations", json: #"{"name":"Ev"}"#).json["id"].string)
        _ = try client.request("PUT", "/organizations/\(id)", json: #"{"name":"Ev 2"}"#)
        _ = try client.request("DELETE", "/organizations/\(id)")
        let page = try client.request(
            "GET", "/events?events=organization.created,organization.updated,organization.deleted&order=asc&limit=100"
        ).json
        let mine = page["data"].array.filter { $0["data"]["id"].string == id }
        #expect(mine.map { $0["event"].string } == ["organization.created", "organization.updated", "organization.deleted"])
        #expect(mine[0]["object"].string == "event")
        #expect(mine[0]["id"].string?.hasPrefix("event_") == true)
        #expect(mine[0]["data"]["name"].string == "Ev")
        #expect(mine[1]["data"]["name"].string == "Ev 2")
        #expect(mine[1]["context"]["previous_attributes"]["name"].string == "Ev")
        #expect(page["list_metadata"].keys == ["after"])
    }

    @Test func listEvents_FiltersByOrganizationAndAcceptsRepeatedKeys() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try #require(client.request("POST", "/organizations", json: #"{"name":"Mine"}"#).json["id"].string)
        _ = try client.request("POST", "/organizations", json: #"{"name":"Other"}"#)
        let page = try client.request(
            "GET", "/events?events=organization.created&events=organization.updated&organization_id=\(id)"
        ).json
        #expect(page["data"].array.count == 1)
        #expect(page["data"][0]["data"]["id"].string == id)
    }

    @Test func listEvents_WithUnknownOrganization_Answers400() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/events?events=organization.created&organization_id=org_x")
        #expect(response.status == 400)
        #expect(response.json["message"].string == "Organization not found: 'org_x'.")
    }

    @Test func listEvents_RangeEndInThePastReturnsNothing_AndBadRangeIs422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let past = try client.request("GET", "/events?events=organization.created&range_end=2001-01-01T00:00:00Z")
        #expect(past.status == 200)
        #expect(past.json["data"].array.isEmpty)
        let present = try client.request("GET", "/events?events=organization.created&range_start=2001-01-01T00:00:00Z")
        #expect(present.json["data"].array.count == 1)
        let bad = try client.request("GET", "/events?events=organization.created&range_start=yesterday")
        #expect(bad.status == 422)
        #expect(bad.json["errors"][0]["field"].string == "range_start")
    }

    @Test func listEvents_PaginatesWithAfter() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for index in 0..<3 {
            _ = try client.request("POST", "/organizations", json: #"{"name":"E\#(index)"}"#)
        }
        var ids: [String] = []
        var after: String?
        repeat {
            let page = try client.request(
                "GET", "/events?events=organization.created&limit=1" + (after.map { "&after=\($0)" } ?? "")
            ).json
            ids += page["data"].array.compactMap { $0["id"].string }
            after = page["list_metadata"]["after"].string
        } while after != nil
        #expect(ids.count == 4)
        #expect(Set(ids).count == 4)
    }
}

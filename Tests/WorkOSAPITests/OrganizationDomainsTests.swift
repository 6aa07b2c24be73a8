// workos-emulator — /organization_domains over real sockets.
// Licensed MIT.

import EmulatorTesting
import Testing

@Suite struct OrganizationDomainsTests {
    private func makeOrganization(_ client: TestClient) throws -> String {
        try #require(client.request("POST", "/organizations", json: #"{"name":"Dom"}"#).json["id"].string)
    }

    private func makeDomain(_ domain: String, organizationID: String, _ client: TestClient) throws -> String {
        let body = #"{"domain":"\#(domain)","organization_id":"\#(organizationID)"}"#
        return try #require(client.request("POST", "/organization_domains", json: body).json["id"].string)
    }

    @Test func createDomain_Answers201PendingWithDNSVerificationRecord() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let orgID = try self.makeOrganization(client)
        let response = try client.request(
            "POST", "/organization_domains", json: #"{"domain":"New.Example.org","organization_id":"\#(orgID)"}"#
        )
        #expect(response.status == 201)
        let domain = response.json
        #expect(domain["object"].string == "organization_domain")
        #expect(domain["domain"].string == "new.example.org")
        #expect(domain["state"].string == "pending")
        #expect(domain["verification_strategy"].string == "dns")
        #expect(domain["verification_token"].string?.count == 25)
        #expect(domain["verification_prefix"].string?.isEmpty == false)
        let org = try client.request("GET", "/organizations/\(orgID)").json
        #expect(org["domains"][0]["id"].string == domain["id"].string)
    }

    @Test func createDomain_Twice_Answers409DomainAlreadyExists() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let orgID = try self.makeOrganization(client)
        let body = #"{"domain":"twice.com","organization_id":"\#(orgID)"}"#
        #expect(try client.request("POST", "/organization_domains", json: body).status == 201)
        let second = try client.request("POST", "/organization_domains", json: body)
        #expect(second.status == 409)
        #expect(second.json["code"].string == "domain_already_exists")
    }

    @Test func createDomain_ForUnknownOrganization_Answers404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request(
            "POST", "/organization_domains", json: #"{"domain":"x.com","organization_id":"org_nope"}"#
        )
        #expect(response.status == 404)
        #expect(response.json["entity_id"].string == "org_nope")
    }

    @Test func createDomain_WithMissingFields_Answers422ListingBoth() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("POST", "/organization_domains", json: "")
        #expect(response.status == 422)
        #expect(Set(response.json["errors"].array.compactMap { $0["field"].string }) == ["domain", "organization_id"])
    }

    @Test func verifyDomain_SucceedsOnce_ThenAnswers400DomainAlreadyVerified() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let orgID = try self.makeOrganization(client)
        let id = try self.makeDomain("v.com", organizationID: orgID, client)
        let first = try client.request("POST", "/organization_domains/\(id)/verify")
        #expect(first.status == 201)
        #expect(first.json["state"].string == "verified")
        let second = try client.request("POST", "/organization_domains/\(id)/verify", json: "{}")
        #expect(second.status == 400)
        #expect(second.json["code"].string == "domain_already_verified")
        #expect(second.json["message"].string == "Domain is already verified.")
    }

    @Test func verifyDomain_VerifiedByAnotherOrganization_FailsWithEvent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let orgID = try self.makeOrganization(client)
        let id = try self.makeDomain("example.com", organizationID: orgID, client)
        let response = try client.request("POST", "/organization_domains/\(id)/verify")
        #expect(response.json["state"].string == "failed")
        let events = try client.request("GET", "/events?events=organization_domain.verification_failed").json
        #expect(events["data"][0]["data"]["reason"].string == "domain_verified_by_other_organization")
        #expect(events["data"][0]["data"]["organization_domain"]["id"].string == id)
    }

    @Test func deleteDomain_Answers204AndRemovesItFromTheOrganization() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let orgID = try self.makeOrganization(client)
        let id = try self.makeDomain("d.com", organizationID: orgID, client)
        let response = try client.request("DELETE", "/organization_domains/\(id)")
        #expect(response.status == 204)
        #expect(try client.request("GET", "/organization_domains/\(id)").status == 404)
        #expect(try client.request("GET", "/organizations/\(orgID)").json["domains"].array.isEmpty)
    }
}

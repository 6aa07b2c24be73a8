// workos-emulator — /organizations over real sockets.
// Licensed MIT.

import EmulatorTesting
import Testing

@Suite struct OrganizationsTests {
    @Test func createOrganization_Answers201WithEveryRequiredKey() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request(
            "POST", "/organizations",
            json: #"{"name":"Acme","domain_data":[{"domain":"Acme.com","state":"pending"}],"metadata":{"plan":"pro"}}"#
        )
        #expect(response.status == 201)
        #expect(response.header("Content-Type") == "application/json")
        let org = response.json
        #expect(org["object"].string == "organization")
        #expect(org["id"].string?.hasPrefix("org_") == true)
        #expect(org["id"].string?.count == 30)
        #expect(org["name"].string == "Acme")
        #expect(org["external_id"].isNull)
        #expect(org["metadata"]["plan"].string == "pro")
        #expect(org["domains"][0]["domain"].string == "acme.com")
        #expect(org["domains"][0]["state"].string == "pending")
        #expect(org["domains"][0]["id"].string?.hasPrefix("org_domain_") == true)
        let created = try #require(org["created_at"].string)
        #expect(created.count == 24 && created.hasSuffix("Z"))
        #expect(org["updated_at"].string == created)
    }

    @Test func createOrganization_WithoutName_Answers422NamingTheField() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("POST", "/organizations", json: #"{"metadata":{}}"#)
        #expect(response.status == 422)
        #expect(response.json["code"].string == "invalid_request_parameters")
        #expect(response.json["message"].string == "Validation failed.")
        #expect(response.json["errors"][0]["field"].string == "name")
        #expect(response.json["errors"][0]["code"].string == "required")
    }

    @Test func organizationName_LongerThan255Characters_Answers422OnCreateAndUpdateAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let longest = String(repeating: "é", count: 255)
        let created = try client.request("POST", "/organizations", json: #"{"name":"\#(longest)"}"#)
        #expect(created.status == 201)
        #expect(created.json["name"].string == longest)
        let id = try #require(created.json["id"].string)
        let tooLong = String(repeating: "n", count: 256)
        let rejected = try client.request("POST", "/organizations", json: #"{"name":"\#(tooLong)"}"#)
        #expect(rejected.status == 422)
        #expect(rejected.json["errors"][0]["field"].string == "name")
        let update = try client.request("PUT", "/organizations/\(id)", json: #"{"name":"\#(tooLong)"}"#)
        #expect(update.status == 422)
        #expect(update.json["errors"][0]["field"].string == "name")
        #expect(try client.request("GET", "/organizations/\(id)").json["name"].string == longest)
        #expect(try client.request("GET", "/organizations?limit=100").json["data"].array.count == 2)
    }

    @Test func createOrganization_WithInvalidDomainState_Answers422AndCreatesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try client.request(
            "POST", "/organizations", json: #"{"name":"X","domain_data":[{"domain":"x.com","state":"bogus"}]}"#
        )
        #expect(response.status == 422)
        #expect(response.json["errors"][0]["field"].string == "domain_data[0].state")
        let list = try client.request("GET", "/organizations?limit=100")
        #expect(list.json["data"].array.count == 1)  // only the seeded organization
    }

    @Test func createOrganization_WithTooManyMetadataKeys_Answers400InvalidMetadata() throws {
        let server = try TestServer()
        defer { server.stop() }
        let pairs = (0..<51).map { #""k\#($0)":"v""# }.joined(separator: ",")
        let response = try server.client().request("POST", "/organizations", json: #"{"name":"M","metadata":{\#(pairs)}}"#)
        #expect(response.status == 400)
        #expect(response.json["code"].string == "invalid_metadata")
    }

    @Test func createOrganization_WithNonStringMetadataValue_Answers400InvalidMetadata() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("POST", "/organizations", json: #"{"name":"M","metadata":{"a":1}}"#)
        #expect(response.status == 400)
        #expect(response.json["code"].string == "invalid_metadata")
    }

    @Test func createOrganization_WithUsedExternalID_Answers400ExternalIDAlreadyUsed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request(
            "POST", "/organizations", json: #"{"name":"Dup","external_id":"example-corp"}"#
        )
        #expect(response.status == 400)
        #expect(response.json["code"].string == "external_id_already_used")
    }

    @Test func createOrganization_WithNonASCIIExternalID_Answers422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("POST", "/organizations", json: #"{"name":"U","external_id":"é"}"#)
        #expect(response.status == 422)
        #expect(response.json["errors"][0]["field"].string == "external_id")
    }

    @Test func createOrganization_WithMalformedJSON_Answers400() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("POST", "/organizations", json: #"{"name":"#)
        #expect(response.status == 400)
        #expect(response.json["code"].string == "invalid_json")
    }

    @Test func createOrganization_WithVerifiedDomainOfAnotherOrganization_Answers409() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request(
            "POST", "/organizations", json: #"{"name":"Copy","domain_data":[{"domain":"example.com","state":"verified"}]}"#
        )
        #expect(response.status == 409)
        #expect(response.json["message"].string == "An Organization with the domain example.com already exists.")
    }

    @Test func getOrganization_ByIDAndByExternalID_ReturnsTheSameObject() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request("POST", "/organizations", json: #"{"name":"Ext","external_id":"ext-1"}"#).json
        let id = try #require(created["id"].string)
        let byID = try client.request("GET", "/organizations/\(id)")
        let byExternal = try client.request("GET", "/organizations/external_id/ext-1")
        #expect(byID.status == 200 && byExternal.status == 200)
        #expect(byID.body == byExternal.body)
        #expect(byID.json["external_id"].string == "ext-1")
    }

    @Test func getOrganization_Unknown_Answers404WithEntityID() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/organizations/org_missing")
        #expect(response.status == 404)
        #expect(response.json["code"].string == "entity_not_found")
        #expect(response.json["entity_id"].string == "org_missing")
        #expect(response.json["message"].string == "Organization not found: 'org_missing'.")
    }

    @Test func updateOrganization_ExplicitNullClearsMetadataAndExternalID() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request(
            "POST", "/organizations", json: #"{"name":"Up","external_id":"up","metadata":{"a":"b"}}"#
        ).json
        let id = try #require(created["id"].string)
        let updated = try client.request(
            "PUT", "/organizations/\(id)", json: #"{"name":"Up 2","metadata":null,"external_id":null}"#
        )
        #expect(updated.status == 200)
        #expect(updated.json["name"].string == "Up 2")
        #expect(updated.json["metadata"].keys.isEmpty)
        #expect(updated.json["external_id"].isNull)
        let untouched = try client.request("PUT", "/organizations/\(id)", json: #"{}"#)
        #expect(untouched.json["name"].string == "Up 2")
    }

    @Test func updateOrganization_DomainDataReplacesTheDomains() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request(
            "POST", "/organizations", json: #"{"name":"D","domain_data":[{"domain":"a.com","state":"pending"}]}"#
        ).json
        let id = try #require(created["id"].string)
        let updated = try client.request(
            "PUT", "/organizations/\(id)", json: #"{"domain_data":[{"domain":"b.com","state":"verified"}]}"#
        ).json
        #expect(updated["domains"].array.count == 1)
        #expect(updated["domains"][0]["domain"].string == "b.com")
        #expect(updated["domains"][0]["state"].string == "verified")
    }

    @Test func deleteOrganization_Answers204WithoutBodyOrContentType_AndCascadesDomains() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try client.request(
            "POST", "/organizations", json: #"{"name":"Gone","domain_data":[{"domain":"gone.com","state":"pending"}]}"#
        ).json
        let id = try #require(created["id"].string)
        let domainID = try #require(created["domains"][0]["id"].string)
        let response = try client.request("DELETE", "/organizations/\(id)")
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Type") == nil)
        #expect(try client.request("GET", "/organizations/\(id)").status == 404)
        #expect(try client.request("GET", "/organization_domains/\(domainID)").status == 404)
    }

    @Test func listOrganizations_PaginatesWithAfterCursorNewestFirst() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        var created: [String] = []
        for index in 0..<5 {
            let org = try client.request("POST", "/organizations", json: #"{"name":"Org \#(index)"}"#).json
            created.append(try #require(org["id"].string))
        }
        var seen: [String] = []
        var after: String?
        repeat {
            let query = "/organizations?limit=2&order=desc" + (after.map { "&after=\($0)" } ?? "")
            let page = try client.request("GET", query).json
            #expect(page["object"].string == "list")
            #expect(page["list_metadata"]["before"].exists && page["list_metadata"]["after"].exists)
            seen += page["data"].array.compactMap { $0["id"].string }
            after = page["list_metadata"]["after"].string
        } while after != nil
        #expect(seen.count == 6)  // five plus the seeded one
        #expect(Array(seen.prefix(5)) == created.reversed())
    }

    @Test func listOrganizations_BeforeCursorReturnsThePreviousPage() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for index in 0..<4 {
            _ = try client.request("POST", "/organizations", json: #"{"name":"P\#(index)"}"#)
        }
        let first = try client.request("GET", "/organizations?limit=2").json
        #expect(first["list_metadata"]["before"].isNull)
        let after = try #require(first["list_metadata"]["after"].string)
        let second = try client.request("GET", "/organizations?limit=2&after=\(after)").json
        let before = try #require(second["list_metadata"]["before"].string)
        let back = try client.request("GET", "/organizations?limit=2&before=\(before)").json
        #expect(back["data"].array.map { $0["id"].string } == first["data"].array.map { $0["id"].string })
    }

    @Test func listOrganizations_AscendingOrderReturnsOldestFirst() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try client.request("POST", "/organizations", json: #"{"name":"Newer"}"#)
        let page = try client.request("GET", "/organizations?order=asc").json
        #expect(page["data"][0]["name"].string == "Example Corp")
        #expect(page["data"][1]["name"].string == "Newer")
    }

    @Test func listOrganizations_WithBadLimit_Answers422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/organizations?limit=101")
        #expect(response.status == 422)
        #expect(response.json["errors"][0]["field"].string == "limit")
    }

    @Test func listOrganizations_FiltersByDomainsInEveryArrayEncoding() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try client.request(
            "POST", "/organizations", json: #"{"name":"Foo","domain_data":[{"domain":"foo.com","state":"pending"}]}"#
        )
        _ = try client.request("POST", "/organizations", json: #"{"name":"Plain"}"#)
        for query in ["domains=foo.com,example.com", "domains=foo.com&domains=example.com",
            "domains%5B%5D=foo.com&domains%5B%5D=example.com"]
        {
            let names = try client.request("GET", "/organizations?\(query)").json["data"].array.compactMap {
                $0["name"].string
            }
            #expect(Set(names) == ["Foo", "Example Corp"], "query \(query)")
        }
    }

    @Test func listOrganizations_SearchMatchesNameCaseInsensitively() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try client.request("POST", "/organizations", json: #"{"name":"Globex 100%"}"#)
        let names = try client.request("GET", "/organizations?search=GLOBEX%20100%25").json["data"].array
        #expect(names.map { $0["name"].string } == ["Globex 100%"])
        let none = try client.request("GET", "/organizations?search=%25").json["data"].array
        #expect(none.count == 1)  // the literal %, not a wildcard
    }
}

// workos-emulator — SSO connections over real sockets: the control API that creates them, /connections, their
// events and the seed section.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

@Suite struct ConnectionsTests {
    typealias F = AuthKitFixtures
    typealias S = SSOFixtures

    @Test func create_Answers201WithTheConnectionObject_AndEmitsConnectionActivated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let response = try S.create(
            client,
            #"""
            {"organization_id":"\#(organizationID)","connection_type":"OktaSAML","name":"Okta",
             "domains":["FooCorp.com","foocorp.com","sub.foocorp.com"],
             "profiles":[{"email":"Jane@FooCorp.com","first_name":"Jane"}]}
            """#
        )
        #expect(response.status == 201)
        #expect(response.header("Content-Type") == "application/json")
        let connection = response.json
        #expect(
            connection.keys
                == [
                    "connection_type", "created_at", "domains", "id", "name", "object", "organization_id", "state",
                    "status", "updated_at",
                ]
        )
        #expect(connection["object"].string == "connection")
        let id = try #require(connection["id"].string)
        #expect(id.hasPrefix("conn_") && id.count == 31)
        #expect(connection["organization_id"].string == organizationID)
        #expect(connection["connection_type"].string == "OktaSAML")
        #expect(connection["name"].string == "Okta")
        #expect(connection["state"].string == "active")
        #expect(connection["status"].string == "linked")
        #expect(connection["domains"].array.map { $0["domain"].string } == ["foocorp.com", "sub.foocorp.com"])
        #expect(connection["domains"][0]["object"].string == "connection_domain")
        #expect(connection["domains"][0]["id"].string?.hasPrefix("org_domain_") == true)
        #expect(connection["created_at"].string?.count == 24)

        let events = try F.events(client, "connection.activated")
        let mine = try #require(events.first { $0["data"]["id"].string == id })
        #expect(mine["data"]["external_key"].string?.isEmpty == false)
        #expect(mine["data"]["status"].string == "linked")
        #expect(mine["data"]["domains"].array.count == 2)
        #expect(try client.request("GET", "/connections/\(id)").json["id"].string == id)
    }

    @Test func create_AcceptsEveryConnectionTypeOfTheEnum_AndBothGitHubSpellings() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let types = [
            "Pending", "Auth0Migration", "MagicLink", "TestIdp", "ADFSSAML", "Auth0SAML", "AzureSAML", "CasSAML",
            "ClassLinkSAML", "CloudflareSAML", "CyberArkSAML", "DuoSAML", "GenericSAML", "GoogleSAML", "JumpCloudSAML",
            "KeycloakSAML", "LastPassSAML", "MiniOrangeSAML", "NetIqSAML", "OktaSAML", "OneLoginSAML", "OracleSAML",
            "PingFederateSAML", "PingOneSAML", "RipplingSAML", "SalesforceSAML", "ShibbolethGenericSAML",
            "ShibbolethSAML", "SimpleSamlPhpSAML", "VMwareSAML", "AdpOidc", "CleverOIDC", "EntraIdOIDC", "GenericOIDC",
            "GoogleOIDC", "LoginGovOidc", "OktaOIDC", "AppleOAuth", "BitbucketOAuth", "DiscordOAuth", "GitHubOAuth",
            "GitLabOAuth", "GoogleOAuth", "GrokOAuth", "IntuitOAuth", "LinkedInOAuth", "MicrosoftOAuth",
            "SalesforceOAuth", "SlackOAuth", "VercelMarketplaceOAuth", "VercelOAuth", "XOAuth", "XeroOAuth",
        ]
        #expect(types.count == 53)
        for type in types {
            let response = try S.create(
                client,
                #"{"organization_id":"\#(organizationID)","connection_type":"\#(type)","name":"\#(type)"}"#
            )
            #expect(response.status == 201, "\(type): \(response.text)")
            #expect(response.json["connection_type"].string == type)
        }
        let github = try S.create(client, #"{"connection_type":"GithubOAuth"}"#)
        #expect(github.status == 201)
        #expect(github.json["connection_type"].string == "GitHubOAuth")
        #expect(github.json["organization_id"].isNull)
        #expect(github.json["name"].string == "GitHub OAuth")
    }

    @Test func create_RefusesBadBodies_With422NamingTheFields_AndWritesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let before = try server.snapshot()
        let cases: [(String, [String])] = [
            (#"{"organization_id":"\#(organizationID)"}"#, ["connection_type"]),
            (#"{"organization_id":"\#(organizationID)","connection_type":"Okta"}"#, ["connection_type"]),
            (#"{"connection_type":"OktaSAML"}"#, ["organization_id"]),
            (
                #"{"organization_id":"\#(organizationID)","connection_type":"OktaSAML","domains":["not a domain"]}"#,
                ["domains[0]"]
            ),
            (
                #"{"organization_id":"\#(organizationID)","connection_type":"OktaSAML","state":"deleting"}"#,
                ["state"]
            ),
            (
                #"""
                {"organization_id":"\#(organizationID)","connection_type":"OktaSAML",
                 "profiles":[{"first_name":"x"},{"email":"nope"},{"email":"a@b.co","groups":"g"},
                             {"email":"c@b.co","role":7,"raw_attributes":[]}]}
                """#,
                [
                    "profiles[0].email", "profiles[1].email", "profiles[2].groups", "profiles[3].role",
                    "profiles[3].raw_attributes",
                ]
            ),
            (
                #"""
                {"organization_id":"\#(organizationID)","connection_type":"OktaSAML",
                 "profiles":[{"email":"a@b.co"},{"email":"A@b.co"}]}
                """#,
                ["profiles[1].email"]
            ),
        ]
        for (body, fields) in cases {
            let response = try S.create(client, body)
            #expect(response.status == 422, "\(body): \(response.text)")
            #expect(response.json["code"].string == "invalid_request_parameters")
            #expect(response.json["errors"].array.compactMap { $0["field"].string } == fields, "\(body)")
        }
        let unknown = try S.create(client, #"{"organization_id":"org_01UNKNOWN","connection_type":"OktaSAML"}"#)
        #expect(unknown.status == 404)
        #expect(unknown.json["code"].string == "entity_not_found")
        #expect(try S.create(client, #"{"connection_type":"GoogleOAuth"}"#, key: "sk_test_nope").status == 401)
        #expect(try server.snapshot() == before)
    }

    @Test func states_InactiveEmitsNothing_ThenActivationAndDeactivationEmitTheirEvents() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let id = try S.createConnection(client, organizationID: organizationID, state: "inactive")
        let created = try client.request("GET", "/connections/\(id)").json
        #expect(created["state"].string == "inactive")
        #expect(created["status"].string == "unlinked")
        let names = "connection.activated,connection.deactivated"
        #expect(try F.events(client, names).filter { $0["data"]["id"].string == id }.isEmpty)

        let activated = try client.request("PUT", "/_emulator/connections/\(id)", json: #"{"state":"active"}"#)
        #expect(activated.status == 200)
        #expect(activated.json["state"].string == "active")
        #expect(activated.json["status"].string == "linked")
        let same = try client.request("PUT", "/_emulator/connections/\(id)", json: #"{"state":"active"}"#)
        #expect(same.status == 200)
        let draft = try client.request("PUT", "/_emulator/connections/\(id)", json: #"{"state":"draft"}"#)
        #expect(draft.json["status"].string == "unlinked")
        let events = try F.events(client, names).filter { $0["data"]["id"].string == id }
        #expect(events.compactMap { $0["event"].string } == ["connection.deactivated", "connection.activated"])
        #expect(events[0]["data"]["state"].string == "draft")

        let bad = try client.request("PUT", "/_emulator/connections/\(id)", json: #"{"state":"linked"}"#)
        #expect(bad.status == 422)
        #expect(bad.json["errors"][0]["field"].string == "state")
        let missing = try client.request("PUT", "/_emulator/connections/\(id)", json: "{}")
        #expect(missing.json["errors"][0]["code"].string == "required")
        let unknown = try client.request("PUT", "/_emulator/connections/conn_01UNKNOWN", json: #"{"state":"active"}"#)
        #expect(unknown.status == 404)
    }

    @Test func list_FiltersByTypeInBothSpellings_DomainOrganizationAndSearch_AndPaginates() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let example = try S.organizationID(client)
        let acme = try S.createOrganization(client, name: "Acme")
        let okta = try S.createConnection(client, organizationID: example, domain: "foocorp.com", name: "Foo Okta")
        let entra = try S.createConnection(
            client,
            organizationID: acme,
            domain: "acme.test",
            type: "EntraIdOIDC",
            name: "Acme Entra"
        )
        let github = try #require(
            try S.create(client, #"{"connection_type":"GitHubOAuth","name":"GitHub for Acme"}"#).json["id"].string
        )
        func ids(_ query: String) throws -> [String] {
            let response = try client.request("GET", "/connections?\(query)")
            #expect(response.status == 200, "\(query): \(response.text)")
            #expect(response.json["object"].string == "list")
            #expect(response.json["list_metadata"]["before"].exists && response.json["list_metadata"]["after"].exists)
            return response.json["data"].array.compactMap { $0["id"].string }
        }
        let all = try ids("limit=100")
        #expect(Array(all.prefix(3)) == [github, entra, okta])  // newest first; the seeded Google OAuth one last
        #expect(all.count == 4)
        #expect(try ids("limit=100&order=asc").suffix(3) == [okta, entra, github])
        #expect(try ids("connection_type=GitHubOAuth") == [github])
        #expect(try ids("connection_type=GithubOAuth") == [github])
        #expect(try ids("connection_type=OktaSAML") == [okta])
        #expect(try ids("domain=ACME.test") == [entra])
        #expect(try ids("domain=nowhere.test").isEmpty)
        #expect(try ids("organization_id=\(acme)") == [entra])
        #expect(try ids("search=acme") == [github, entra])
        #expect(try ids("search=%25").isEmpty)

        let first = try client.request("GET", "/connections?limit=2").json
        #expect(first["data"].array.count == 2)
        let after = try #require(first["list_metadata"]["after"].string)
        #expect(first["list_metadata"]["before"].isNull)
        let second = try client.request("GET", "/connections?limit=2&after=\(after)").json
        #expect(second["data"].array.compactMap { $0["id"].string } == Array(all.suffix(2)))
        #expect(second["list_metadata"]["after"].isNull)

        for query in ["connection_type=Okta", "limit=0", "order=sideways"] {
            let response = try client.request("GET", "/connections?\(query)")
            #expect(response.status == 422, "\(query)")
        }
        #expect(try client.request("GET", "/connections", key: nil).status == 401)
    }

    @Test func get_And_Delete_AreScopedToTheEnvironment_AndDeleteEmitsConnectionDeleted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let id = try S.createConnection(client, organizationID: organizationID)
        let other = try client.request("POST", "/_emulator/environments", json: #"{"name":"other"}"#).json
        let otherKey = try #require(other["api_key"].string)
        #expect(try client.request("GET", "/connections/\(id)", key: otherKey).status == 404)
        #expect(try client.request("DELETE", "/connections/\(id)", key: otherKey).status == 404)
        #expect(try client.request("GET", "/connections?limit=100", key: otherKey).json["data"].array.count == 1)

        let missing = try client.request("GET", "/connections/conn_01UNKNOWN")
        #expect(missing.status == 404)
        #expect(missing.json["code"].string == "entity_not_found")
        #expect(missing.json["message"].string == "Connection not found: 'conn_01UNKNOWN'.")

        let deleted = try client.request("DELETE", "/connections/\(id)")
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        #expect(try client.request("GET", "/connections/\(id)").status == 404)
        #expect(try client.request("DELETE", "/connections/\(id)").status == 404)
        let event = try #require(try F.events(client, "connection.deleted").first)
        #expect(event["data"]["id"].string == id)
        #expect(
            event["data"].keys
                == ["connection_type", "created_at", "id", "name", "object", "organization_id", "state", "updated_at"]
        )
        #expect(event["data"]["state"].string == "deleting")
        // Its profiles went with it.
        let profiles = try server.application.services.database.read { connection in
            try connection.fetchAll("SELECT id FROM sso_profiles WHERE connection_id = ?", [.text(id)]).count
        }
        #expect(profiles == 0)
    }

    @Test func deletingTheOrganization_DeletesItsConnections_WithTheirEvents() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.createOrganization(client, name: "Doomed")
        let id = try S.createConnection(client, organizationID: organizationID)
        _ = try S.code(client, email: "jane@foocorp.com", query: "connection=\(id)")
        #expect(try client.request("DELETE", "/organizations/\(organizationID)").status == 204)
        #expect(try client.request("GET", "/connections/\(id)").status == 404)
        #expect(try F.events(client, "connection.deleted").first?["data"]["id"].string == id)
        let left = try server.application.services.database.read { connection in
            try connection.fetchAll("SELECT 1 FROM sso_profiles UNION ALL SELECT 1 FROM authorization_codes").count
        }
        #expect(left == 2)  // the seeded Google OAuth connection's two profiles; the code went with its profile
    }

    @Test func seed_CreatesItsConnections_ByOrganizationName_AndResetRestoresThem() throws {
        let seed = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString).json")
        try Data(
            #"""
            {"organizations":[{"name":"Seeded Co","domain_data":[{"domain":"seeded.test","state":"verified"}]}],
             "connections":[{"organization_name":"Seeded Co","connection_type":"OktaSAML","domains":["seeded.test"],
                             "profiles":[{"email":"sam@seeded.test","first_name":"Sam"}]},
                            {"connection_type":"GoogleOAuth"}]}
            """#.utf8
        ).write(to: seed)
        defer { try? FileManager.default.removeItem(at: seed) }
        let server = try TestServer { $0.seedPath = seed.path }
        defer { server.stop() }
        let client = server.client()
        let listed = try client.request("GET", "/connections?order=asc").json["data"].array
        #expect(listed.compactMap { $0["connection_type"].string } == ["OktaSAML", "GoogleOAuth"])
        #expect(listed[0]["name"].string == "Seeded Co")  // defaults to the organization's name
        #expect(listed[1]["name"].string == "Google OAuth")
        let okta = try #require(listed[0]["id"].string)
        #expect(try client.request("DELETE", "/connections/\(okta)").status == 204)
        #expect(try client.request("POST", "/_emulator/reset").status == 200)
        let restored = try client.request("GET", "/connections?order=asc").json["data"].array
        #expect(restored.compactMap { $0["connection_type"].string } == ["OktaSAML", "GoogleOAuth"])
        #expect(restored[0]["id"].string != okta)
    }

    @Test func seed_WithABadConnection_StopsTheStartNamingTheEntry() throws {
        for (body, expected) in [
            (
                #"{"connections":[{"connection_type":"GoogleOAuth"},"#
                    + #"{"organization_name":"Nope","connection_type":"OktaSAML"}]}"#,
                "connections[1]: no organization named 'Nope'"
            ),
            (#"{"connections":[{"connection_type":"NotAType"}]}"#, "connections[0]"),
        ] {
            let seed = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString).json")
            try Data(body.utf8).write(to: seed)
            defer { try? FileManager.default.removeItem(at: seed) }
            #expect {
                _ = try TestServer { $0.seedPath = seed.path }
            } throws: { error in
                "\(error)".contains(expected)
            }
        }
    }

    @Test func defaultSeed_HasAGoogleOAuthConnectionThatKnowsAliceAndBob() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let listed = try client.request("GET", "/connections").json["data"].array
        #expect(listed.count == 1)
        #expect(listed[0]["connection_type"].string == "GoogleOAuth")
        #expect(listed[0]["organization_id"].isNull)
        let path = try S.pagePath(client, "provider=GoogleOAuth")
        let page = try client.request("GET", path, key: nil).text
        #expect(page.contains("alice@example.com") && page.contains("bob@example.com"))
    }
}

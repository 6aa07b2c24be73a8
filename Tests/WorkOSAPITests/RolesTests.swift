// workos-emulator — roles and permissions (/authorization/roles, /authorization/organizations/:id/roles,
// /authorization/permissions, legacy /organizations/:id/roles) over real sockets.
// Licensed MIT.

import EmulatorTesting
import Testing

@Suite struct RolesTests {
    /// The keys every Role must carry (catalog-A §5.2; Python 10 requires each).
    static let roleKeys = [
        "created_at", "description", "id", "name", "object", "permissions", "resource_type_slug", "slug", "type",
        "updated_at",
    ]

    private func seededOrganizationID(_ client: TestClient) throws -> String {
        try #require(client.request("GET", "/organizations/external_id/example-corp").json["id"].string)
    }

    private func events(_ client: TestClient, _ names: String) throws -> [TestJSON] {
        try client.request("GET", "/events?events=\(names)&order=asc&limit=100").json["data"].array
    }

    // MARK: Environment roles

    @Test func listEnvironmentRoles_ReturnsTheSeededRolesInPriorityOrderWithoutListMetadata() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/authorization/roles")
        #expect(response.status == 200)
        #expect(response.json.keys == ["data", "object"])
        #expect(response.json["object"].string == "list")
        let roles = response.json["data"].array
        #expect(roles.map { $0["slug"].string } == ["admin", "member"])
        #expect(roles[0].keys == Self.roleKeys)
        #expect(roles[0]["type"].string == "EnvironmentRole")
        #expect(roles[0]["id"].string?.hasPrefix("role_") == true)
        #expect(roles[0]["permissions"].array.map(\.string) == ["members:read", "members:manage", "billing:manage"])
        #expect(roles[1]["permissions"].array.map(\.string) == ["members:read"])
    }

    @Test func createEnvironmentRole_Answers201WithEveryKeyAndEmitsRoleCreated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try client.request(
            "POST",
            "/authorization/roles",
            json: #"{"slug":"editor","name":"Editor","description":"Edits"}"#
        )
        #expect(response.status == 201)
        #expect(response.json.keys == Self.roleKeys)
        #expect(response.json["slug"].string == "editor")
        #expect(response.json["description"].string == "Edits")
        #expect(response.json["type"].string == "EnvironmentRole")
        #expect(response.json["resource_type_slug"].string == "organization")
        #expect(response.json["permissions"].array.isEmpty)
        let created = try self.events(client, "role.created").filter { $0["data"]["slug"].string == "editor" }
        #expect(created.count == 1)
        #expect(
            created.first?["data"].keys == [
                "created_at", "object", "permissions", "resource_type_slug", "slug", "updated_at",
            ]
        )
        let listed = try client.request("GET", "/authorization/roles").json["data"].array.map { $0["slug"].string }
        #expect(listed == ["admin", "member", "editor"])
    }

    @Test func createEnvironmentRole_WithATakenSlug_Answers409RoleSlugConflictAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try server.snapshot()
        let response = try server.client().request(
            "POST",
            "/authorization/roles",
            json: #"{"slug":"admin","name":"Again"}"#
        )
        #expect(response.status == 409)
        #expect(response.json["code"].string == "role_slug_conflict")
        #expect(try server.snapshot() == before)
    }

    @Test func createEnvironmentRole_WithoutSlugAndName_Answers422NamingBothAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try server.snapshot()
        let response = try server.client().request("POST", "/authorization/roles", json: #"{"description":"x"}"#)
        #expect(response.status == 422)
        #expect(response.json["code"].string == "invalid_request_parameters")
        #expect(Set(response.json["errors"].array.compactMap { $0["field"].string }) == ["slug", "name"])
        #expect(try server.snapshot() == before)
    }

    @Test func createEnvironmentRole_WithAnUppercaseSlug_Answers400BadRequestAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try server.snapshot()
        let response = try server.client().request(
            "POST",
            "/authorization/roles",
            json: #"{"slug":"Editor","name":"E"}"#
        )
        #expect(response.status == 400)
        #expect(response.json["code"].string == "bad_request")
        #expect(try server.snapshot() == before)
    }

    @Test func getEnvironmentRole_BySlug_AndUnknownSlugIs404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let member = try client.request("GET", "/authorization/roles/member")
        #expect(member.status == 200)
        #expect(member.json["name"].string == "Member")
        let missing = try client.request("GET", "/authorization/roles/nobody")
        #expect(missing.status == 404)
        #expect(missing.json["message"].string == "Role not found: 'nobody'.")
    }

    @Test func updateEnvironmentRole_ChangesTheNameClearsTheDescriptionAndEmitsRoleUpdated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try client.request(
            "PATCH",
            "/authorization/roles/admin",
            json: #"{"name":"Administrator","description":null}"#
        )
        #expect(response.status == 200)
        #expect(response.json["name"].string == "Administrator")
        #expect(response.json["description"].isNull)
        #expect(try self.events(client, "role.updated").count == 1)
        // The same values again change nothing and emit nothing.
        _ = try client.request("PATCH", "/authorization/roles/admin", json: #"{"name":"Administrator"}"#)
        #expect(try self.events(client, "role.updated").count == 1)
    }

    @Test func updateEnvironmentRole_WithANullName_Answers422AndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try server.snapshot()
        let response = try server.client().request("PATCH", "/authorization/roles/admin", json: #"{"name":null}"#)
        #expect(response.status == 422)
        #expect(response.json["errors"][0]["field"].string == "name")
        #expect(try server.snapshot() == before)
    }

    @Test func setEnvironmentRolePermissions_ReplacesTheSetAndEmitsRoleUpdated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try client.request(
            "PUT",
            "/authorization/roles/member/permissions",
            json: #"{"permissions":["billing:manage","members:read"]}"#
        )
        #expect(response.status == 200)
        #expect(response.json["permissions"].array.map(\.string) == ["billing:manage", "members:read"])
        let updated = try self.events(client, "role.updated")
        #expect(updated.count == 1)
        #expect(updated.first?["data"]["permissions"].array.count == 2)
        #expect(updated.first?["context"]["previous_attributes"]["permissions"].array.map(\.string) == ["members:read"])
    }

    @Test func setEnvironmentRolePermissions_WithAnUnknownPermission_Answers404AndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try server.snapshot()
        let client = server.client()
        let unknown = try client.request(
            "PUT",
            "/authorization/roles/member/permissions",
            json: #"{"permissions":["members:read","nope"]}"#
        )
        #expect(unknown.status == 404)
        #expect(unknown.json["message"].string == "Permission not found: 'nope'.")
        let missing = try client.request("PUT", "/authorization/roles/member/permissions", json: #"{}"#)
        #expect(missing.status == 422)
        #expect(missing.json["errors"][0]["field"].string == "permissions")
        #expect(try server.snapshot() == before)
    }

    @Test func addEnvironmentRolePermission_IsIdempotentAndEmitsOnce() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        for _ in 0..<2 {
            let response = try client.request(
                "POST",
                "/authorization/roles/member/permissions",
                json: #"{"slug":"billing:manage"}"#
            )
            #expect(response.status == 200)
            #expect(response.json["permissions"].array.map(\.string) == ["members:read", "billing:manage"])
        }
        #expect(try self.events(client, "role.updated").count == 1)
    }

    @Test func addEnvironmentRolePermission_ToAnUnknownRole_Answers404AndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try server.snapshot()
        let response = try server.client().request(
            "POST",
            "/authorization/roles/ghost/permissions",
            json: #"{"slug":"members:read"}"#
        )
        #expect(response.status == 404)
        #expect(try server.snapshot() == before)
    }

    // MARK: Organization roles

    @Test func createOrganizationRole_WithoutSlug_MakesAnOrgPrefixedSlugFromTheName() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let org = try self.seededOrganizationID(client)
        let response = try client.request(
            "POST",
            "/authorization/organizations/\(org)/roles",
            json: #"{"name":"Billing Admin"}"#
        )
        #expect(response.status == 201)
        #expect(response.json.keys == Self.roleKeys)
        #expect(response.json["type"].string == "OrganizationRole")
        let slug = try #require(response.json["slug"].string)
        #expect(slug.hasPrefix("org-billing-admin-"))
        #expect(slug.count == "org-billing-admin-".count + 6)
        let created = try self.events(client, "organization_role.created")
        #expect(created.count == 1)
        #expect(created.first?["data"]["object"].string == "organization_role")
        #expect(created.first?["data"]["organization_id"].string == org)
        #expect(created.first?["data"]["slug"].string == slug)
    }

    @Test func createOrganizationRole_WithASlugMissingTheOrgPrefix_Answers400AndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let org = try self.seededOrganizationID(client)
        let before = try server.snapshot()
        let response = try client.request(
            "POST",
            "/authorization/organizations/\(org)/roles",
            json: #"{"name":"Billing","slug":"billing"}"#
        )
        #expect(response.status == 400)
        #expect(response.json["code"].string == "bad_request")
        let noName = try client.request("POST", "/authorization/organizations/\(org)/roles", json: #"{"slug":"org-x"}"#)
        #expect(noName.status == 422)
        #expect(try server.snapshot() == before)
    }

    @Test func createOrganizationRole_WithATakenSlug_Answers409OrganizationRoleSlugConflict() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let org = try self.seededOrganizationID(client)
        let body = #"{"name":"Billing","slug":"org-billing"}"#
        #expect(try client.request("POST", "/authorization/organizations/\(org)/roles", json: body).status == 201)
        let before = try server.snapshot()
        let again = try client.request("POST", "/authorization/organizations/\(org)/roles", json: body)
        #expect(again.status == 409)
        #expect(again.json["code"].string == "organization_role_slug_conflict")
        #expect(try server.snapshot() == before)
        // Another organization may use the same slug.
        let other = try #require(client.request("POST", "/organizations", json: #"{"name":"Other"}"#).json["id"].string)
        #expect(try client.request("POST", "/authorization/organizations/\(other)/roles", json: body).status == 201)
    }

    @Test func createOrganizationRole_ForAnUnknownOrganization_Answers404AndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try server.snapshot()
        let response = try server.client().request(
            "POST",
            "/authorization/organizations/org_missing/roles",
            json: #"{"name":"X"}"#
        )
        #expect(response.status == 404)
        #expect(response.json["message"].string == "Organization not found: 'org_missing'.")
        #expect(try server.snapshot() == before)
    }

    @Test func listOrganizationRoles_ReturnsEnvironmentRolesThenOnlyThatOrganizationsCustomRoles() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let org = try self.seededOrganizationID(client)
        let other = try #require(client.request("POST", "/organizations", json: #"{"name":"Other"}"#).json["id"].string)
        _ = try client.request(
            "POST",
            "/authorization/organizations/\(org)/roles",
            json: #"{"name":"A","slug":"org-a"}"#
        )
        _ = try client.request(
            "POST",
            "/authorization/organizations/\(other)/roles",
            json: #"{"name":"B","slug":"org-b"}"#
        )
        let response = try client.request("GET", "/authorization/organizations/\(org)/roles")
        #expect(response.status == 200)
        #expect(response.json.keys == ["data", "object"])
        #expect(response.json["data"].array.map { $0["slug"].string } == ["admin", "member", "org-a"])
        #expect(
            response.json["data"].array.map { $0["type"].string } == [
                "EnvironmentRole", "EnvironmentRole", "OrganizationRole",
            ]
        )
        #expect(try client.request("GET", "/authorization/organizations/org_missing/roles").status == 404)
    }

    @Test func legacyListOrganizationRoles_ReturnsTypedRolesWithoutListMetadata() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let org = try self.seededOrganizationID(client)
        _ = try client.request(
            "POST",
            "/authorization/organizations/\(org)/roles",
            json: #"{"name":"A","slug":"org-a"}"#
        )
        let legacy = try client.request("GET", "/organizations/\(org)/roles")
        #expect(legacy.status == 200)
        #expect(legacy.json.keys == ["data", "object"])
        #expect(legacy.body == (try client.request("GET", "/authorization/organizations/\(org)/roles")).body)
        #expect(try client.request("GET", "/organizations/org_missing/roles").status == 404)
    }

    @Test func getOrganizationRole_ReturnsACustomRoleOrAnEnvironmentRole() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let org = try self.seededOrganizationID(client)
        _ = try client.request(
            "POST",
            "/authorization/organizations/\(org)/roles",
            json: #"{"name":"A","slug":"org-a"}"#
        )
        #expect(
            try client.request("GET", "/authorization/organizations/\(org)/roles/org-a").json["type"].string
                == "OrganizationRole"
        )
        #expect(
            try client.request("GET", "/authorization/organizations/\(org)/roles/admin").json["type"].string
                == "EnvironmentRole"
        )
        #expect(try client.request("GET", "/authorization/organizations/\(org)/roles/org-zzz").status == 404)
    }

    @Test func updateOrganizationRole_ChangesItAndEmitsOrganizationRoleUpdated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let org = try self.seededOrganizationID(client)
        _ = try client.request(
            "POST",
            "/authorization/organizations/\(org)/roles",
            json: #"{"name":"A","slug":"org-a"}"#
        )
        let response = try client.request(
            "PATCH",
            "/authorization/organizations/\(org)/roles/org-a",
            json: #"{"name":"Auditor","description":"Reads"}"#
        )
        #expect(response.status == 200)
        #expect(response.json["name"].string == "Auditor")
        #expect(response.json["description"].string == "Reads")
        let updated = try self.events(client, "organization_role.updated")
        #expect(updated.count == 1)
        #expect(updated.first?["context"]["previous_attributes"]["name"].string == "A")
    }

    @Test func updateOrganizationRole_OfAnEnvironmentRole_Answers400AndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let org = try self.seededOrganizationID(client)
        let before = try server.snapshot()
        let response = try client.request(
            "PATCH",
            "/authorization/organizations/\(org)/roles/admin",
            json: #"{"name":"X"}"#
        )
        #expect(response.status == 400)
        #expect(response.json["code"].string == "bad_request")
        #expect(try client.request("DELETE", "/authorization/organizations/\(org)/roles/admin").status == 400)
        #expect(try server.snapshot() == before)
    }

    @Test func organizationRolePermissions_SetAddAndRemove_EachAnswerTheRole() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let org = try self.seededOrganizationID(client)
        let path = "/authorization/organizations/\(org)/roles/org-a"
        _ = try client.request(
            "POST",
            "/authorization/organizations/\(org)/roles",
            json: #"{"name":"A","slug":"org-a"}"#
        )
        let set = try client.request("PUT", path + "/permissions", json: #"{"permissions":["members:read"]}"#)
        #expect(set.status == 200)
        #expect(set.json["permissions"].array.map(\.string) == ["members:read"])
        let added = try client.request("POST", path + "/permissions", json: #"{"slug":"billing:manage"}"#)
        #expect(added.json["permissions"].array.map(\.string) == ["members:read", "billing:manage"])
        let removed = try client.request("DELETE", path + "/permissions/members:read")
        #expect(removed.status == 200)
        #expect(removed.json["object"].string == "role")
        #expect(removed.json["permissions"].array.map(\.string) == ["billing:manage"])
        #expect(try self.events(client, "organization_role.updated").count == 3)
    }

    @Test func organizationRolePermissions_WithAnUnknownPermissionOrBadBody_AreRefusedAndChangeNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let org = try self.seededOrganizationID(client)
        _ = try client.request(
            "POST",
            "/authorization/organizations/\(org)/roles",
            json: #"{"name":"A","slug":"org-a"}"#
        )
        let before = try server.snapshot()
        let response = try client.request("DELETE", "/authorization/organizations/\(org)/roles/org-a/permissions/nope")
        #expect(response.status == 404)
        let set = try client.request(
            "PUT", "/authorization/organizations/\(org)/roles/org-a/permissions", json: #"{"permissions":["nope"]}"#
        )
        #expect(set.status == 404)
        let badBody = try client.request(
            "POST",
            "/authorization/organizations/\(org)/roles/org-a/permissions",
            json: #"{"slug":7}"#
        )
        #expect(badBody.status == 422)
        #expect(try server.snapshot() == before)
    }

    @Test func deleteOrganizationRole_Answers204AndEmitsOrganizationRoleDeleted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let org = try self.seededOrganizationID(client)
        _ = try client.request(
            "POST",
            "/authorization/organizations/\(org)/roles",
            json: #"{"name":"A","slug":"org-a"}"#
        )
        let response = try client.request("DELETE", "/authorization/organizations/\(org)/roles/org-a")
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Type") == nil)
        #expect(try client.request("GET", "/authorization/organizations/\(org)/roles/org-a").status == 404)
        #expect(try self.events(client, "organization_role.deleted").count == 1)
    }

    @Test func deleteOrganization_RemovesItsCustomRolesWithTheirEvents() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let org = try #require(client.request("POST", "/organizations", json: #"{"name":"Gone"}"#).json["id"].string)
        _ = try client.request(
            "POST",
            "/authorization/organizations/\(org)/roles",
            json: #"{"name":"A","slug":"org-a"}"#
        )
        #expect(try client.request("DELETE", "/organizations/\(org)").status == 204)
        #expect(try server.snapshot().count("roles") == 2)
        let deleted = try self.events(client, "organization_role.deleted")
        #expect(deleted.map { $0["data"]["slug"].string } == ["org-a"])
    }

    // MARK: Permissions

    @Test func createPermission_Answers201WithEveryKeyAndEmitsPermissionCreated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try client.request(
            "POST",
            "/authorization/permissions",
            json: #"{"slug":"reports:export","name":"Export reports"}"#
        )
        #expect(response.status == 201)
        #expect(
            response.json.keys == [
                "created_at", "description", "id", "name", "object", "resource_type_slug", "slug", "system",
                "updated_at",
            ]
        )
        #expect(response.json["object"].string == "permission")
        #expect(response.json["id"].string?.hasPrefix("perm_") == true)
        #expect(response.json["system"].bool == false)
        #expect(response.json["description"].isNull)
        let created = try self.events(client, "permission.created").filter {
            $0["data"]["slug"].string == "reports:export"
        }
        #expect(created.count == 1)
    }

    @Test func createPermission_WithATakenSlug_Answers409AndABadSlugAnswers400_ChangingNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let before = try server.snapshot()
        let taken = try client.request(
            "POST",
            "/authorization/permissions",
            json: #"{"slug":"members:read","name":"X"}"#
        )
        #expect(taken.status == 409)
        #expect(taken.json["code"].string == "permission_slug_conflict")
        let bad = try client.request("POST", "/authorization/permissions", json: #"{"slug":"Members Read","name":"X"}"#)
        #expect(bad.status == 400)
        #expect(bad.json["code"].string == "bad_request")
        let missing = try client.request("POST", "/authorization/permissions", json: #"{"slug":"x"}"#)
        #expect(missing.status == 422)
        #expect(try server.snapshot() == before)
    }

    @Test func listPermissions_PaginatesNewestFirstWithBothCursors() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let first = try client.request("GET", "/authorization/permissions?limit=2").json
        #expect(first["data"].array.map { $0["slug"].string } == ["billing:manage", "members:manage"])
        #expect(first["list_metadata"]["before"].isNull)
        let after = try #require(first["list_metadata"]["after"].string)
        let second = try client.request("GET", "/authorization/permissions?limit=2&after=\(after)").json
        #expect(second["data"].array.map { $0["slug"].string } == ["members:read"])
        #expect(second["list_metadata"]["after"].isNull)
    }

    @Test func getAndUpdatePermission_BySlug_EmitPermissionUpdated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        #expect(
            try client.request("GET", "/authorization/permissions/members:read").json["name"].string == "Read members"
        )
        let updated = try client.request(
            "PATCH",
            "/authorization/permissions/members:read",
            json: #"{"name":"See members","description":"List"}"#
        )
        #expect(updated.status == 200)
        #expect(updated.json["name"].string == "See members")
        #expect(updated.json["description"].string == "List")
        #expect(try self.events(client, "permission.updated").count == 1)
        let before = try server.snapshot()
        #expect(try client.request("GET", "/authorization/permissions/nope").status == 404)
        #expect(try client.request("PATCH", "/authorization/permissions/nope", json: #"{"name":"X"}"#).status == 404)
        #expect(
            try client.request("PATCH", "/authorization/permissions/members:read", json: #"{"name":""}"#).status == 422
        )
        #expect(try client.request("DELETE", "/authorization/permissions/nope").status == 404)
        #expect(try server.snapshot() == before)
    }

    @Test func deletePermission_TakesItOffEveryRoleWithTheirUpdateEvents() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try client.request("DELETE", "/authorization/permissions/members:read")
        #expect(response.status == 204)
        #expect(try client.request("GET", "/authorization/permissions/members:read").status == 404)
        let member = try client.request("GET", "/authorization/roles/member").json
        #expect(member["permissions"].array.isEmpty)
        #expect(try self.events(client, "permission.deleted").count == 1)
        #expect(try self.events(client, "role.updated").map { $0["data"]["slug"].string } == ["admin", "member"])
    }
}

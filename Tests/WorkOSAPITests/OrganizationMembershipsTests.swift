// workos-emulator — /user_management/organization_memberships over real sockets.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing
import WorkOSAPI

@Suite struct OrganizationMembershipsTests {
    typealias F = MembershipFixtures

    /// The keys of a membership response (catalog-A §6.10; Python 10 requires `user`, `role`, `roles`, …).
    static let membershipKeys = [
        "created_at", "custom_attributes", "directory_managed", "id", "object", "organization_id", "organization_name",
        "role", "roles", "status", "updated_at", "user", "user_id",
    ]

    /// A server with one fresh user and one fresh organization.
    private func setUp() throws -> (TestServer, TestClient, userID: String, organizationID: String) {
        let server = try TestServer()
        let client = server.client()
        let userID = try F.userID(client, email: "member-\(UUID().uuidString.prefix(8))@acme.test")
        let organizationID = try F.organizationID(client, name: "Acme")
        return (server, client, userID, organizationID)
    }

    // MARK: Create

    @Test func createMembership_Answers201ActiveWithTheDefaultRoleAndTheEmbeddedUser() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        let response = try client.request(
            "POST",
            "/user_management/organization_memberships",
            json: #"{"user_id":"\#(userID)","organization_id":"\#(organizationID)"}"#
        )
        #expect(response.status == 201)
        let membership = response.json
        #expect(membership.keys == Self.membershipKeys)
        #expect(membership["object"].string == "organization_membership")
        #expect(membership["id"].string?.hasPrefix("om_") == true)
        #expect(membership["status"].string == "active")
        #expect(membership["directory_managed"].bool == false)
        #expect(membership["custom_attributes"].isObject && membership["custom_attributes"].keys.isEmpty)
        #expect(membership["organization_name"].string == "Acme")
        #expect(membership["role"]["slug"].string == "member")
        #expect(membership["roles"].array.map { $0["slug"].string } == ["member"])
        #expect(membership["user"]["object"].string == "user")
        #expect(membership["user"]["id"].string == userID)
        #expect(membership["user"]["first_name"].exists && membership["user"]["last_sign_in_at"].exists)
        let created = try F.events(client, "organization_membership.created").filter {
            $0["data"]["id"].string == membership["id"].string
        }
        #expect(created.count == 1)
        let data = try #require(created.first)["data"]
        #expect(
            data.keys == [
                "created_at", "custom_attributes", "directory_managed", "id", "object", "organization_id", "role",
                "roles",
                "status", "updated_at", "user_id",
            ]
        )
    }

    @Test func createMembership_WithRoleSlugs_ListsTheRolesInPriorityOrderWithTheFirstAsPrimary() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        let membership = try F.membership(
            client,
            userID: userID,
            organizationID: organizationID,
            extra: #","role_slugs":["member","admin"]"#
        )
        #expect(membership["roles"].array.map { $0["slug"].string } == ["admin", "member"])
        #expect(membership["role"]["slug"].string == "admin")
    }

    @Test func createMembership_WithACustomRoleOfTheOrganization_Works() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        _ = try client.request(
            "POST",
            "/authorization/organizations/\(organizationID)/roles",
            json: #"{"name":"Auditor","slug":"org-auditor"}"#
        )
        let membership = try F.membership(
            client,
            userID: userID,
            organizationID: organizationID,
            extra: #","role_slug":"org-auditor""#
        )
        #expect(membership["role"]["slug"].string == "org-auditor")
    }

    @Test func createMembership_WithBadInput_AnswersTheDocumentedErrorAndChangesNothing() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        let other = try F.organizationID(client, name: "Other")
        _ = try client.request(
            "POST",
            "/authorization/organizations/\(other)/roles",
            json: #"{"name":"Other role","slug":"org-other"}"#
        )
        let before = try server.snapshot()
        let path = "/user_management/organization_memberships"
        let ids = #""user_id":"\#(userID)","organization_id":"\#(organizationID)""#

        let both = try client.request("POST", path, json: "{\(ids),\"role_slug\":\"admin\",\"role_slugs\":[\"admin\"]}")
        #expect(both.status == 422)
        #expect(both.json["code"].string == "invalid_request_parameters")

        let missing = try client.request("POST", path, json: #"{"role_slug":"admin"}"#)
        #expect(missing.status == 422)
        #expect(Set(missing.json["errors"].array.compactMap { $0["field"].string }) == ["user_id", "organization_id"])

        let unknownRole = try client.request("POST", path, json: "{\(ids),\"role_slug\":\"owner\"}")
        #expect(unknownRole.status == 422)
        #expect(unknownRole.json["code"].string == "invalid_role")
        #expect(unknownRole.json["message"].string == "Role 'owner' is not a valid role.")

        let foreignRole = try client.request("POST", path, json: "{\(ids),\"role_slug\":\"org-other\"}")
        #expect(foreignRole.status == 422)
        #expect(foreignRole.json["code"].string == "invalid_role")

        let emptyRoles = try client.request("POST", path, json: "{\(ids),\"role_slugs\":[]}")
        #expect(emptyRoles.status == 422)

        let unknownUser = try client.request(
            "POST",
            path,
            json: #"{"user_id":"user_missing","organization_id":"\#(organizationID)"}"#
        )
        #expect(unknownUser.status == 404)
        #expect(unknownUser.json["message"].string == "User not found: 'user_missing'.")

        let unknownOrganization = try client.request(
            "POST",
            path,
            json: #"{"user_id":"\#(userID)","organization_id":"org_missing"}"#
        )
        #expect(unknownOrganization.status == 404)
        #expect(unknownOrganization.json["message"].string == "Organization not found: 'org_missing'.")

        #expect(try server.snapshot() == before)
    }

    @Test func createMembership_WhenTheUserIsAlreadyAnActiveMember_Answers409AndChangesNothing() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        _ = try F.membership(client, userID: userID, organizationID: organizationID)
        let before = try server.snapshot()
        let again = try client.request(
            "POST",
            "/user_management/organization_memberships",
            json: #"{"user_id":"\#(userID)","organization_id":"\#(organizationID)"}"#
        )
        #expect(again.status == 409)
        #expect(again.json["code"].string == "organization_membership_already_exists")
        #expect(try server.snapshot() == before)
    }

    @Test func createMembership_ForAnInactiveMembership_ReactivatesItWithTheGivenRolesAndEmitsUpdated() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        let first = try F.membership(client, userID: userID, organizationID: organizationID)
        let id = try #require(first["id"].string)
        _ = try client.request("PUT", "/user_management/organization_memberships/\(id)/deactivate")
        let again = try client.request(
            "POST",
            "/user_management/organization_memberships",
            json: #"{"user_id":"\#(userID)","organization_id":"\#(organizationID)","role_slug":"admin"}"#
        )
        #expect(again.status == 201)
        #expect(again.json["id"].string == id)
        #expect(again.json["status"].string == "active")
        #expect(again.json["role"]["slug"].string == "admin")
        #expect(
            try F.events(client, "organization_membership.created").filter { $0["data"]["id"].string == id }.count == 1
        )
        let updated = try F.events(client, "organization_membership.updated")
        #expect(updated.map { $0["data"]["status"].string } == ["inactive", "active"])
        #expect(updated[1]["context"]["previous_attributes"]["status"].string == "inactive")
    }

    // MARK: List

    @Test func listMemberships_WithoutUserOrOrganization_Answers400MissingUserIDOrOrganizationID() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/user_management/organization_memberships")
        #expect(response.status == 400)
        #expect(response.json["code"].string == "missing_user_id_or_organization_id")
    }

    @Test func listMemberships_ReturnsOnlyActiveOnesUnlessStatusesSaysOtherwise_InEveryArrayEncoding() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        let second = try F.organizationID(client, name: "Second")
        let active = try #require(F.membership(client, userID: userID, organizationID: organizationID)["id"].string)
        let inactive = try #require(F.membership(client, userID: userID, organizationID: second)["id"].string)
        _ = try client.request("PUT", "/user_management/organization_memberships/\(inactive)/deactivate")
        let base = "/user_management/organization_memberships?user_id=\(userID)"
        func ids(_ query: String) throws -> [String] {
            try client.request("GET", base + query).json["data"].array.compactMap { $0["id"].string }
        }
        #expect(try ids("") == [active])
        #expect(try ids("&statuses=inactive") == [inactive])
        #expect(try ids("&statuses=active,inactive") == [inactive, active])
        #expect(try ids("&statuses=active&statuses=inactive") == [inactive, active])
        #expect(try ids("&statuses[]=active&statuses[]=inactive") == [inactive, active])
        #expect(try ids("&statuses=pending").isEmpty)
        let byOrganization = try client.request(
            "GET",
            "/user_management/organization_memberships?organization_id=\(second)&statuses=inactive"
        ).json["data"].array
        #expect(byOrganization.map { $0["id"].string } == [inactive])
        #expect(byOrganization.first?.keys == Self.membershipKeys)
    }

    @Test func listMemberships_WithAnUnknownStatusOrFilter_AnswersAnError() throws {
        let (server, client, userID, _) = try self.setUp()
        defer { server.stop() }
        let badStatus = try client.request(
            "GET",
            "/user_management/organization_memberships?user_id=\(userID)&statuses=active,gone"
        )
        #expect(badStatus.status == 400)
        #expect(badStatus.json["code"].string == "invalid_request_parameters")
        let unknownOrganization = try client.request(
            "GET",
            "/user_management/organization_memberships?organization_id=org_missing"
        )
        #expect(unknownOrganization.status == 404)
        let badLimit = try client.request("GET", "/user_management/organization_memberships?user_id=\(userID)&limit=0")
        #expect(badLimit.status == 422)
    }

    @Test func listMemberships_PaginatesNewestFirstWithAfterCursors() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try F.organizationID(client, name: "Big")
        var created: [String] = []
        for index in 0..<5 {
            let userID = try F.userID(client, email: "p\(index)@big.test")
            created.append(
                try #require(F.membership(client, userID: userID, organizationID: organizationID)["id"].string)
            )
        }
        var seen: [String] = []
        var after: String?
        repeat {
            let query =
                "/user_management/organization_memberships?organization_id=\(organizationID)&limit=2"
                + (after.map { "&after=\($0)" } ?? "")
            let page = try client.request("GET", query).json
            #expect(page["list_metadata"]["before"].exists && page["list_metadata"]["after"].exists)
            seen += page["data"].array.compactMap { $0["id"].string }
            after = page["list_metadata"]["after"].string
        } while after != nil
        #expect(seen == created.reversed())
    }

    // MARK: Get, update, delete

    @Test func getMembership_ReturnsIt_AndAnUnknownIDIs404() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        let created = try F.membership(client, userID: userID, organizationID: organizationID)
        let id = try #require(created["id"].string)
        let fetched = try client.request("GET", "/user_management/organization_memberships/\(id)")
        #expect(fetched.status == 200)
        #expect(fetched.json.keys == Self.membershipKeys)
        #expect(fetched.json["user"]["id"].string == userID)
        let missing = try client.request("GET", "/user_management/organization_memberships/om_missing")
        #expect(missing.status == 404)
        #expect(missing.json["message"].string == "Organization membership not found: 'om_missing'.")
    }

    @Test func updateMembership_ReplacesTheRolesAndEmitsUpdatedOnlyWhenTheyChange() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        let id = try #require(F.membership(client, userID: userID, organizationID: organizationID)["id"].string)
        let path = "/user_management/organization_memberships/\(id)"
        let updated = try client.request("PUT", path, json: #"{"role_slug":"admin"}"#)
        #expect(updated.status == 200)
        #expect(updated.json["role"]["slug"].string == "admin")
        #expect(updated.json["user"]["id"].string == userID)
        _ = try client.request("PUT", path, json: #"{"role_slug":"admin"}"#)
        _ = try client.request("PUT", path, json: #"{}"#)
        let events = try F.events(client, "organization_membership.updated")
        #expect(events.count == 1)
        #expect(events.first?["context"]["previous_attributes"]["role"]["slug"].string == "member")
        let multiple = try client.request("PUT", path, json: #"{"role_slugs":["member","admin"]}"#)
        #expect(multiple.json["roles"].array.map { $0["slug"].string } == ["admin", "member"])
    }

    @Test func updateMembership_WithBadInput_AnswersTheDocumentedErrorAndChangesNothing() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        let id = try #require(F.membership(client, userID: userID, organizationID: organizationID)["id"].string)
        let before = try server.snapshot()
        let path = "/user_management/organization_memberships/\(id)"
        let unknownRole = try client.request("PUT", path, json: #"{"role_slug":"owner"}"#)
        #expect(unknownRole.status == 422)
        #expect(unknownRole.json["code"].string == "invalid_role")
        let wrongType = try client.request("PUT", path, json: #"{"role_slugs":"admin"}"#)
        #expect(wrongType.status == 422)
        let missing = try client.request("PUT", "/user_management/organization_memberships/om_missing", json: "{}")
        #expect(missing.status == 404)
        #expect(try server.snapshot() == before)
    }

    @Test func deleteMembership_Answers204WithoutBodyAndEmitsDeleted() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        let id = try #require(F.membership(client, userID: userID, organizationID: organizationID)["id"].string)
        let response = try client.request("DELETE", "/user_management/organization_memberships/\(id)")
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Type") == nil)
        #expect(try client.request("GET", "/user_management/organization_memberships/\(id)").status == 404)
        let deleted = try F.events(client, "organization_membership.deleted")
        #expect(deleted.map { $0["data"]["id"].string } == [id])
        #expect(!deleted[0]["data"]["user"].exists)
        #expect(deleted[0]["data"]["custom_attributes"].isObject)
        let before = try server.snapshot()
        #expect(try client.request("DELETE", "/user_management/organization_memberships/\(id)").status == 404)
        #expect(try server.snapshot() == before)
    }

    // MARK: Deactivate and reactivate

    @Test func deactivateAndReactivate_ChangeTheStatusKeepTheRolesAndEmitOnlyOnRealChanges() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        let id = try #require(
            F.membership(client, userID: userID, organizationID: organizationID, extra: #","role_slug":"admin""#)["id"]
                .string
        )
        let path = "/user_management/organization_memberships/\(id)"
        let deactivated = try client.request("PUT", path + "/deactivate")
        #expect(deactivated.status == 200)
        #expect(deactivated.json["status"].string == "inactive")
        #expect(deactivated.json.keys == Self.membershipKeys)
        let snapshot = try server.snapshot()
        let again = try client.request("PUT", path + "/deactivate")
        #expect(again.status == 200)
        #expect(again.json["status"].string == "inactive")
        #expect(try server.snapshot() == snapshot)  // a no-op: no change and no event
        let reactivated = try client.request("PUT", path + "/reactivate")
        #expect(reactivated.json["status"].string == "active")
        #expect(reactivated.json["role"]["slug"].string == "admin")
        let snapshotActive = try server.snapshot()
        #expect(try client.request("PUT", path + "/reactivate").json["status"].string == "active")
        #expect(try server.snapshot() == snapshotActive)
        let updates = try F.events(client, "organization_membership.updated")
        #expect(updates.map { $0["data"]["status"].string } == ["inactive", "active"])
        #expect(
            try client.request("PUT", "/user_management/organization_memberships/om_missing/deactivate").status == 404
        )
    }

    @Test func pendingMemberships_CannotBeDeactivatedReactivatedOrRecreated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let userID = try F.userID(client, email: "pending@acme.test")
        let organizationID = try F.organizationID(client, name: "Acme")
        let invited = try client.request(
            "POST",
            "/user_management/invitations",
            json: #"{"email":"pending@acme.test","organization_id":"\#(organizationID)"}"#
        )
        #expect(invited.status == 201)
        let pending = try client.request(
            "GET",
            "/user_management/organization_memberships?user_id=\(userID)&statuses=pending"
        ).json["data"].array
        let id = try #require(pending.first?["id"].string)
        #expect(pending.first?["status"].string == "pending")
        let before = try server.snapshot()
        let deactivate = try client.request("PUT", "/user_management/organization_memberships/\(id)/deactivate")
        #expect(deactivate.status == 400)
        #expect(deactivate.json["code"].string == "cannot_deactivate_pending_organization_membership")
        let reactivate = try client.request("PUT", "/user_management/organization_memberships/\(id)/reactivate")
        #expect(reactivate.status == 400)
        #expect(reactivate.json["code"].string == "cannot_reactivate_pending_organization_membership")
        let create = try client.request(
            "POST",
            "/user_management/organization_memberships",
            json: #"{"user_id":"\#(userID)","organization_id":"\#(organizationID)"}"#
        )
        #expect(create.status == 400)
        #expect(create.json["code"].string == "cannot_reactivate_pending_organization_membership")
        #expect(try server.snapshot() == before)
    }

    // MARK: Roles held, cascades

    @Test func deleteOrganizationRole_HeldByAMembership_Answers409RoleHasAssignments() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        _ = try client.request(
            "POST",
            "/authorization/organizations/\(organizationID)/roles",
            json: #"{"name":"Auditor","slug":"org-auditor"}"#
        )
        let id = try #require(
            F.membership(client, userID: userID, organizationID: organizationID, extra: #","role_slug":"org-auditor""#)[
                "id"
            ].string
        )
        let before = try server.snapshot()
        let held = try client.request("DELETE", "/authorization/organizations/\(organizationID)/roles/org-auditor")
        #expect(held.status == 409)
        #expect(held.json["code"].string == "role_has_assignments")
        #expect(try server.snapshot() == before)
        _ = try client.request(
            "PUT",
            "/user_management/organization_memberships/\(id)",
            json: #"{"role_slug":"member"}"#
        )
        #expect(
            try client.request("DELETE", "/authorization/organizations/\(organizationID)/roles/org-auditor").status
                == 204
        )
    }

    @Test func deleteUser_DeletesItsMembershipsEachWithAnEvent() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        let second = try F.organizationID(client, name: "Second")
        let first = try #require(F.membership(client, userID: userID, organizationID: organizationID)["id"].string)
        let other = try #require(F.membership(client, userID: userID, organizationID: second)["id"].string)
        let response = try client.request("DELETE", "/user_management/users/\(userID)")
        #expect(response.status < 300)
        #expect(try client.request("GET", "/user_management/organization_memberships/\(first)").status == 404)
        let deleted = try F.events(client, "organization_membership.deleted").compactMap { $0["data"]["id"].string }
        #expect(Set(deleted) == [first, other])
        let names = try F.events(client, "organization_membership.deleted,user.deleted").map { $0["event"].string }
        #expect(names.last == "user.deleted")
    }

    @Test func deleteOrganization_DeletesItsMembershipsAndInvitations() throws {
        let (server, client, userID, organizationID) = try self.setUp()
        defer { server.stop() }
        let id = try #require(F.membership(client, userID: userID, organizationID: organizationID)["id"].string)
        let invitation = try client.request(
            "POST",
            "/user_management/invitations",
            json: #"{"email":"new@acme.test","organization_id":"\#(organizationID)"}"#
        ).json
        let invitationID = try #require(invitation["id"].string)
        #expect(try client.request("DELETE", "/organizations/\(organizationID)").status == 204)
        #expect(try client.request("GET", "/user_management/organization_memberships/\(id)").status == 404)
        #expect(try client.request("GET", "/user_management/invitations/\(invitationID)").status == 404)
        let deleted = try F.events(client, "organization_membership.deleted")
        #expect(deleted.map { $0["data"]["id"].string } == [id])
        #expect(try client.request("GET", "/user_management/users/\(userID)").status == 200)
    }

    // MARK: Seed

    @Test func seed_GivesTheSeededUsersTheirMembershipsAndRoles() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try #require(
            client.request("GET", "/organizations/external_id/example-corp").json["id"].string
        )
        let memberships = try client.request(
            "GET",
            "/user_management/organization_memberships?organization_id=\(organizationID)&order=asc"
        ).json["data"].array
        #expect(memberships.count == 2)
        #expect(memberships.map { $0["role"]["slug"].string } == ["admin", "member"])
        #expect(memberships.allSatisfy { $0["organization_name"].string == "Example Corp" })
    }

    @Test func seed_WithATypoInAReference_StopsTheStartNamingTheEntry() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("seed.json").path
        let seed = """
            {"organizations":[{"name":"Acme"}],
             "users":[{"email":"ann@acme.test"}],
             "roles":[{"slug":"member","name":"Member","default":true}],
             "organization_memberships":[
               {"user_email":"ann@acme.test","organization_name":"Acme"},
               {"user_email":"anne@acme.test","organization_name":"Acme"}]}
            """
        try Data(seed.utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try TestServer { $0.seedPath = path }
        } throws: { error in
            "\(error)".contains("organization_memberships[1]: no user with email 'anne@acme.test'")
        }
    }
}

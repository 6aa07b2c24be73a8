// workos-emulator — Directory Sync over real sockets: /directories, /directory_users, /directory_groups, the control
// calls that stand in for the provider, their dsync.* events, organization deletion, the seed section and reset.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

@Suite struct DirectorySyncTests {
    typealias D = DirectorySyncFixtures
    typealias S = SSOFixtures

    static let directoryKeys = [
        "created_at", "domain", "external_key", "id", "metadata", "name", "object", "organization_id", "state", "type",
        "updated_at",
    ]
    static let userEventKeys = [
        "created_at", "custom_attributes", "directory_id", "email", "emails", "first_name", "id", "idp_id",
        "job_title", "last_name", "name", "object", "organization_id", "raw_attributes", "state", "updated_at",
        "username",
    ]
    static let groupKeys = [
        "created_at", "directory_id", "id", "idp_id", "name", "object", "organization_id", "raw_attributes",
        "updated_at",
    ]

    // MARK: Directories

    @Test func createDirectory_Answers201WithALinkedDirectory_AndEmitsDsyncActivatedWithTheEventStateSpelling() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let response = try D.createDirectory(
            client,
            #"{"organization_id":"\#(organizationID)","name":"Okta","type":"okta scim v2.0","domain":"FooCorp.com"}"#
        )
        #expect(response.status == 201)
        #expect(response.header("Content-Type") == "application/json")
        let directory = response.json
        #expect(directory.keys == Self.directoryKeys)
        let id = try #require(directory["id"].string)
        #expect(id.hasPrefix("directory_") && id.count == 36)
        #expect(directory["object"].string == "directory")
        #expect(directory["organization_id"].string == organizationID)
        #expect(directory["state"].string == "linked")
        #expect(directory["type"].string == "okta scim v2.0")
        #expect(directory["domain"].string == "foocorp.com")
        #expect(directory["metadata"]["users"]["active"].int == 0)
        #expect(directory["metadata"]["groups"].int == 0)

        let event = try #require(D.events(client, "dsync.activated").first)
        #expect(event["data"]["id"].string == id)
        #expect(event["data"]["state"].string == "active")
        #expect(event["data"]["external_key"].string == directory["external_key"].string)
        #expect(event["data"]["domains"][0]["object"].string == "organization_domain")
        #expect(event["data"]["domains"][0]["domain"].string == "example.com")

        let defaulted = try D.createDirectory(client, #"{"organization_id":"\#(organizationID)"}"#)
        #expect(defaulted.status == 201)
        #expect(defaulted.json["name"].string == "Example Corp")
        #expect(defaulted.json["type"].string == "generic scim v2.0")
        #expect(defaulted.json["domain"].isNull)
    }

    @Test func createDirectory_RefusesBadBodies_With422NamingTheFields_AndWritesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let before = try server.snapshot()
        let cases: [(String, [String])] = [
            (#"{}"#, ["organization_id"]),
            (#"{"organization_id":"\#(organizationID)","type":"okta"}"#, ["type"]),
            (#"{"organization_id":"\#(organizationID)","domain":"not a domain","name":7}"#, ["name", "domain"]),
        ]
        for (body, fields) in cases {
            let response = try D.createDirectory(client, body)
            #expect(response.status == 422, "\(body): \(response.text)")
            #expect(response.json["code"].string == "invalid_request_parameters")
            #expect(response.json["errors"].array.compactMap { $0["field"].string } == fields, "\(body)")
        }
        let unknown = try D.createDirectory(client, #"{"organization_id":"org_01UNKNOWN"}"#)
        #expect(unknown.status == 404)
        #expect(unknown.json["code"].string == "entity_not_found")
        #expect(
            try D.createDirectory(client, #"{"organization_id":"\#(organizationID)"}"#, key: "sk_nope").status == 401
        )
        #expect(try server.snapshot() == before)
    }

    @Test func listDirectories_FiltersByOrganizationDomainAndSearch_AndPaginatesWithAfter() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let example = try S.organizationID(client)
        let other = try S.createOrganization(client, name: "Other Org")
        let okta = try D.directoryID(client, organizationID: example, name: "Okta Main", domain: "foocorp.com")
        let azure = try D.directoryID(
            client,
            organizationID: example,
            name: "Azure 100%",
            type: "azure scim v2.0",
            domain: "bar.com"
        )
        let hibob = try D.directoryID(client, organizationID: other, name: "HiBob", type: "hibob", domain: "bob.com")

        let all = try client.request("GET", "/directories?order=desc")
        #expect(all.status == 200)
        #expect(D.ids(all) == [hibob, azure, okta])
        #expect(all.json["object"].string == "list")
        #expect(all.json["list_metadata"]["before"].isNull && all.json["list_metadata"]["after"].isNull)
        #expect(D.ids(try client.request("GET", "/directories?organization_id=\(example)")) == [azure, okta])
        #expect(D.ids(try client.request("GET", "/directories?domain=BOB.com")) == [hibob])
        #expect(D.ids(try client.request("GET", "/directories?search=okta")) == [okta])
        #expect(D.ids(try client.request("GET", "/directories?search=100%25")) == [azure])
        #expect(D.ids(try client.request("GET", "/directories?search=%25")) == [azure])

        let first = try client.request("GET", "/directories?limit=2&order=asc")
        #expect(D.ids(first) == [okta, azure])
        #expect(first.json["list_metadata"]["after"].string == azure)
        let second = try client.request("GET", "/directories?limit=2&order=asc&after=\(azure)")
        #expect(D.ids(second) == [hibob])
        #expect(second.json["list_metadata"]["after"].isNull)
        #expect(second.json["list_metadata"]["before"].string == hibob)
        #expect(try client.request("GET", "/directories?limit=0").status == 422)
    }

    @Test func getDirectory_CountsActiveAndInactiveUsersAndGroups_AndAnswers404ForAnUnknownID() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let directoryID = try D.directoryID(client, organizationID: try S.organizationID(client))
        _ = try D.groupID(client, directoryID: directoryID, name: "Engineering")
        _ = try D.userID(client, directoryID: directoryID, first: "ann")
        _ = try D.userID(client, directoryID: directoryID, first: "bob")
        _ = try D.userID(client, directoryID: directoryID, first: "cid", state: "inactive")
        _ = try D.userID(client, directoryID: directoryID, first: "dee", state: "suspended")
        let directory = try client.request("GET", "/directories/\(directoryID)")
        #expect(directory.status == 200)
        #expect(directory.json["metadata"]["users"]["active"].int == 2)
        #expect(directory.json["metadata"]["users"]["inactive"].int == 2)
        #expect(directory.json["metadata"]["groups"].int == 1)
        let listed = try client.request("GET", "/directories").json["data"][0]
        #expect(listed["metadata"]["users"]["active"].int == 2)

        let missing = try client.request("GET", "/directories/directory_01UNKNOWN")
        #expect(missing.status == 404)
        #expect(missing.json["code"].string == "entity_not_found")
        #expect(missing.json["message"].string == "Directory not found: 'directory_01UNKNOWN'.")
    }

    @Test func deleteDirectory_Answers202_RemovesItsUsersAndGroups_AndEmitsOnlyDsyncDeleted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let directoryID = try D.directoryID(client, organizationID: organizationID)
        let groupID = try D.groupID(client, directoryID: directoryID, name: "Engineering")
        let userID = try D.userID(client, directoryID: directoryID, first: "ann", groups: [groupID])
        let kept = try D.directoryID(client, organizationID: organizationID, name: "Kept")
        _ = try D.userID(client, directoryID: kept, first: "kim")

        let response = try client.request("DELETE", "/directories/\(directoryID)")
        #expect(response.status == 202)
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Type") == nil)
        #expect(try client.request("GET", "/directories/\(directoryID)").status == 404)
        #expect(try client.request("GET", "/directory_users/\(userID)").status == 404)
        #expect(try client.request("GET", "/directory_groups/\(groupID)").status == 404)
        let snapshot = try server.snapshot()
        #expect(snapshot.count("directory_users") == 1)
        #expect(snapshot.count("directory_groups") == 0)
        #expect(snapshot.count("directory_group_members") == 0)

        let deleted = try D.events(client, "dsync.deleted")
        #expect(deleted.count == 1)
        let data = deleted[0]["data"]
        #expect(
            data.keys == ["created_at", "id", "name", "object", "organization_id", "state", "type", "updated_at"]
        )
        #expect(data["id"].string == directoryID)
        #expect(data["state"].string == "deleting")
        #expect(data["organization_id"].string == organizationID)
        #expect(try D.events(client, "dsync.user.deleted,dsync.group.deleted,dsync.group.user_removed").isEmpty)
        #expect(try client.request("DELETE", "/directories/\(directoryID)").status == 404)
    }

    @Test func syncDirectory_QueuesGoogleWorkspaceDirectories_OncePerFiveMinutes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let google = try D.directoryID(client, organizationID: organizationID, type: "gsuite directory")
        let okta = try D.directoryID(client, organizationID: organizationID)

        let queued = try client.request("POST", "/directories/\(google)/sync")
        #expect(queued.status == 202)
        #expect(queued.json["status"].string == "queued")
        let limited = try client.request("POST", "/directories/\(google)/sync")
        #expect(limited.status == 429)
        #expect(limited.json["code"].string == "directory_sync_rate_limited")
        #expect((limited.json["retry_after_seconds"].int ?? 0) > 290)
        #expect(limited.header("Retry-After") == "0")
        try server.execute(
            "UPDATE directories SET sync_requested_at = '2020-01-01T00:00:00.000Z' WHERE id = ?",
            [.text(google)]
        )
        #expect(try client.request("POST", "/directories/\(google)/sync").status == 202)

        let other = try client.request("POST", "/directories/\(okta)/sync")
        #expect(other.status == 422)
        #expect(other.json["message"].string?.contains("Google Workspace") == true)
        #expect(try client.request("POST", "/directories/directory_01UNKNOWN/sync").status == 404)
    }

    // MARK: Users

    @Test func createUser_AnswersTheUserWithItsGroups_AndEmitsUserCreatedThenUserAddedPerGroup() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let directoryID = try D.directoryID(client, organizationID: organizationID)
        let engineering = try D.groupID(client, directoryID: directoryID, name: "Engineering")
        let admins = try D.groupID(client, directoryID: directoryID, name: "Admins")
        let response = try D.createUser(
            client,
            directoryID: directoryID,
            #"""
            {"emails":[{"primary":false,"type":"home","value":"ann@home.example"},
                       {"primary":true,"type":"work","value":"Ann@FooCorp.com"}],
             "first_name":"Ann","last_name":"Lee","username":"ann","state":"active","job_title":"CTO",
             "custom_attributes":{"department":"R&D"},"raw_attributes":{"active":true},
             "groups":["\#(engineering)","\#(admins)","\#(engineering)"]}
            """#
        )
        #expect(response.status == 201)
        let user = response.json
        #expect(user.keys == (Self.userEventKeys + ["groups"]).sorted())
        let id = try #require(user["id"].string)
        #expect(id.hasPrefix("directory_user_"))
        #expect(user["object"].string == "directory_user")
        #expect(user["directory_id"].string == directoryID)
        #expect(user["organization_id"].string == organizationID)
        #expect(user["idp_id"].string?.isEmpty == false)
        #expect(user["email"].string == "Ann@FooCorp.com")
        #expect(user["name"].string == "Ann Lee")
        #expect(user["emails"].array.count == 2)
        #expect(user["emails"][1]["primary"].bool == true)
        #expect(user["custom_attributes"]["department"].string == "R&D")
        #expect(user["groups"].array.map { $0["id"].string } == [engineering, admins])
        #expect(user["groups"][0].keys == Self.groupKeys)

        let created = try #require(D.events(client, "dsync.user.created").first)
        #expect(created["data"].keys == Self.userEventKeys)
        #expect(created["data"]["id"].string == id)
        let added = try D.events(client, "dsync.group.user_added")
        #expect(added.count == 2)
        #expect(added.map { $0["data"]["group"]["id"].string } == [admins, engineering])
        #expect(added[0]["data"].keys == ["directory_id", "group", "user"])
        #expect(added[0]["data"]["directory_id"].string == directoryID)
        #expect(added[0]["data"]["user"].keys == Self.userEventKeys)
        let order = try client.request(
            "GET",
            "/events?limit=100&order=asc&events=dsync.user.created,dsync.group.user_added"
        )
        #expect(order.json["data"].array.map { $0["event"].string ?? "" }.first == "dsync.user.created")

        let bare = try D.createUser(client, directoryID: directoryID, "{}")
        #expect(bare.status == 201)
        #expect(bare.json["email"].isNull && bare.json["name"].isNull && bare.json["first_name"].isNull)
        #expect(bare.json["state"].string == "active")
        #expect(bare.json["emails"].array.isEmpty && bare.json["groups"].array.isEmpty)
        #expect(bare.json["raw_attributes"].isObject && bare.json["custom_attributes"].isObject)
    }

    @Test func createUser_RefusesBadBodiesAndForeignGroups_With422_AndWritesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let directoryID = try D.directoryID(client, organizationID: organizationID)
        let otherDirectory = try D.directoryID(client, organizationID: organizationID, name: "Other")
        let foreignGroup = try D.groupID(client, directoryID: otherDirectory, name: "Elsewhere")
        _ = try D.userID(client, directoryID: directoryID, first: "ann")
        let before = try server.snapshot()
        let cases: [(String, [String])] = [
            (#"{"emails":[{"value":"nope"}],"state":"gone"}"#, ["emails[0].value", "state"]),
            (#"{"emails":[{"primary":true,"value":"a@b.co"},{"primary":true,"value":"c@b.co"}]}"#, ["emails"]),
            (
                #"{"emails":"a@b.co","first_name":7,"custom_attributes":[],"groups":"g"}"#,
                ["emails", "first_name", "custom_attributes", "groups"]
            ),
            (#"{"groups":["\#(foreignGroup)","directory_group_01UNKNOWN"]}"#, ["groups[0]", "groups[1]"]),
            (#"{"idp_id":"idp-ann"}"#, ["idp_id"]),
            (#"{"state":null,"idp_id":""}"#, ["state", "idp_id"]),
        ]
        for (body, fields) in cases {
            let response = try D.createUser(client, directoryID: directoryID, body)
            #expect(response.status == 422, "\(body): \(response.text)")
            #expect(response.json["code"].string == "invalid_request_parameters")
            #expect(response.json["errors"].array.compactMap { $0["field"].string } == fields, "\(body)")
        }
        let unknown = try D.createUser(client, directoryID: "directory_01UNKNOWN", "{}")
        #expect(unknown.status == 404)
        #expect(try server.snapshot() == before)
    }

    @Test func updateUser_EmitsUserUpdatedWithPreviousAttributes_AndUserAddedOrRemovedPerGroupChange() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let directoryID = try D.directoryID(client, organizationID: try S.organizationID(client))
        let engineering = try D.groupID(client, directoryID: directoryID, name: "Engineering")
        let admins = try D.groupID(client, directoryID: directoryID, name: "Admins")
        let id = try D.userID(client, directoryID: directoryID, first: "ann", groups: [engineering])

        let response = try client.request(
            "PUT",
            "/_emulator/directory_users/\(id)",
            json: #"{"first_name":"Anne","job_title":null,"state":"inactive","groups":["\#(admins)"]}"#
        )
        #expect(response.status == 200)
        #expect(response.json["first_name"].string == "Anne")
        #expect(response.json["job_title"].isNull)
        #expect(response.json["last_name"].string == "Doe")
        #expect(response.json["state"].string == "inactive")
        #expect(response.json["groups"].array.map { $0["id"].string } == [admins])

        let updated = try D.events(client, "dsync.user.updated")
        #expect(updated.count == 1)
        let data = updated[0]["data"]
        #expect(data["first_name"].string == "Anne")
        #expect(data["groups"].exists == false)
        #expect(data["previous_attributes"].keys == ["first_name", "job_title", "name", "state"])
        #expect(data["previous_attributes"]["first_name"].string == "ann")
        #expect(data["previous_attributes"]["state"].string == "active")
        let removed = try D.events(client, "dsync.group.user_removed")
        #expect(removed.map { $0["data"]["group"]["id"].string } == [engineering])
        #expect(removed.first?["data"]["user"]["state"].string == "inactive")
        let added = try D.events(client, "dsync.group.user_added")
        #expect(added.first?["data"]["group"]["id"].string == admins)

        let before = try server.snapshot()
        let same = try client.request(
            "PUT",
            "/_emulator/directory_users/\(id)",
            json: #"{"first_name":"Anne","groups":["\#(admins)"]}"#
        )
        #expect(same.status == 200)
        #expect(try server.snapshot() == before)
        let refused = try client.request("PUT", "/_emulator/directory_users/\(id)", json: #"{"state":"gone"}"#)
        #expect(refused.status == 422)
        #expect(
            try client.request("PUT", "/_emulator/directory_users/directory_user_01UNKNOWN", json: "{}").status == 404
        )
        #expect(try server.snapshot() == before)
    }

    @Test func deleteUser_Answers204_AndEmitsDsyncUserDeletedWithTheUserAsItWas() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let directoryID = try D.directoryID(client, organizationID: try S.organizationID(client))
        let groupID = try D.groupID(client, directoryID: directoryID, name: "Engineering")
        let id = try D.userID(client, directoryID: directoryID, first: "ann", groups: [groupID])
        let response = try client.request("DELETE", "/_emulator/directory_users/\(id)")
        #expect(response.status == 204)
        #expect(try client.request("GET", "/directory_users/\(id)").status == 404)
        let deleted = try #require(D.events(client, "dsync.user.deleted").first)
        #expect(deleted["data"]["id"].string == id)
        #expect(deleted["data"].keys == Self.userEventKeys)
        #expect(try server.snapshot().count("directory_group_members") == 0)
        #expect(try client.request("DELETE", "/_emulator/directory_users/\(id)").status == 404)
    }

    @Test func listUsers_FiltersByDirectoryGroupIdpIDAndEmail_AndPaginates() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let directoryID = try D.directoryID(client, organizationID: organizationID)
        let other = try D.directoryID(client, organizationID: organizationID, name: "Other")
        let groupID = try D.groupID(client, directoryID: directoryID, name: "Engineering")
        let ann = try D.userID(client, directoryID: directoryID, first: "ann", groups: [groupID])
        let bob = try D.userID(client, directoryID: directoryID, first: "bob")
        let cid = try D.userID(client, directoryID: directoryID, first: "cid", groups: [groupID])
        _ = try D.userID(client, directoryID: other, first: "ann")

        let all = try client.request("GET", "/directory_users?directory=\(directoryID)")
        #expect(all.status == 200)
        #expect(D.ids(all) == [cid, bob, ann])
        #expect(all.json["data"][0]["groups"][0]["id"].string == groupID)
        #expect(D.ids(try client.request("GET", "/directory_users?group=\(groupID)")) == [cid, ann])
        #expect(
            D.ids(try client.request("GET", "/directory_users?directory=\(directoryID)&idp_id=idp-bob")) == [bob]
        )
        #expect(
            D.ids(try client.request("GET", "/directory_users?directory=\(directoryID)&email=ANN%40foocorp.com"))
                == [ann]
        )
        let page = try client.request("GET", "/directory_users?directory=\(directoryID)&limit=2")
        #expect(D.ids(page) == [cid, bob])
        let after = try #require(page.json["list_metadata"]["after"].string)
        #expect(
            D.ids(try client.request("GET", "/directory_users?directory=\(directoryID)&limit=2&after=\(after)")) == [
                ann
            ]
        )
    }

    @Test func listUsers_WithoutDirectoryOrGroup_OrIdpIDWithoutDirectory_Answers422_AndUnknownFilters404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let directoryID = try D.directoryID(client, organizationID: try S.organizationID(client))
        let groupID = try D.groupID(client, directoryID: directoryID, name: "Engineering")
        let none = try client.request("GET", "/directory_users")
        #expect(none.status == 422)
        #expect(none.json["message"].string?.isEmpty == false)
        #expect(none.json["errors"][0]["field"].string == "directory")
        let idp = try client.request("GET", "/directory_users?group=\(groupID)&idp_id=x&email=a%40b.co")
        #expect(idp.status == 422)
        #expect(idp.json["errors"].array.count == 2)
        #expect(try client.request("GET", "/directory_users?directory=directory_01UNKNOWN").status == 404)
        #expect(try client.request("GET", "/directory_users?group=directory_group_01UNKNOWN").status == 404)
        #expect(try client.request("GET", "/directory_users/directory_user_01UNKNOWN").status == 404)
    }

    // MARK: Groups

    @Test func groups_CreateUpdateAndDelete_EmitTheirEvents_WithPreviousAttributesOnUpdate() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let directoryID = try D.directoryID(client, organizationID: organizationID)
        let created = try D.createGroup(
            client,
            directoryID: directoryID,
            #"{"name":"Engineering","idp_id":"eng","raw_attributes":{"a":1}}"#
        )
        #expect(created.status == 201)
        #expect(created.json.keys == Self.groupKeys)
        let id = try #require(created.json["id"].string)
        #expect(id.hasPrefix("directory_group_"))
        #expect(created.json["idp_id"].string == "eng")
        #expect(created.json["organization_id"].string == organizationID)
        let createdEvent = try #require(D.events(client, "dsync.group.created").first)
        #expect(createdEvent["data"].keys == Self.groupKeys)

        let updated = try client.request("PUT", "/_emulator/directory_groups/\(id)", json: #"{"name":"Platform"}"#)
        #expect(updated.status == 200)
        #expect(updated.json["name"].string == "Platform")
        #expect(updated.json["raw_attributes"]["a"].int == 1)
        let updatedEvent = try #require(D.events(client, "dsync.group.updated").first)
        #expect(updatedEvent["data"]["name"].string == "Platform")
        #expect(updatedEvent["data"]["previous_attributes"].keys == ["name"])
        #expect(updatedEvent["data"]["previous_attributes"]["name"].string == "Engineering")

        let before = try server.snapshot()
        for body in [#"{"name":""}"#, #"{"raw_attributes":"x"}"#] {
            let refused = try client.request("PUT", "/_emulator/directory_groups/\(id)", json: body)
            #expect(refused.status == 422, "\(body)")
        }
        #expect(
            try client.request("PUT", "/_emulator/directory_groups/\(id)", json: #"{"name":"Platform"}"#).status == 200
        )
        for body in [#"{}"#, #"{"name":7}"#, #"{"name":"Dup","idp_id":"eng"}"#] {
            #expect(try D.createGroup(client, directoryID: directoryID, body).status == 422, "\(body)")
        }
        #expect(try D.createGroup(client, directoryID: "directory_01UNKNOWN", #"{"name":"X"}"#).status == 404)
        #expect(try server.snapshot() == before)

        let userID = try D.userID(client, directoryID: directoryID, first: "ann", groups: [id])
        #expect(try client.request("DELETE", "/_emulator/directory_groups/\(id)").status == 204)
        #expect(try client.request("GET", "/directory_groups/\(id)").status == 404)
        let deletedEvent = try #require(D.events(client, "dsync.group.deleted").first)
        #expect(deletedEvent["data"]["id"].string == id)
        #expect(try client.request("GET", "/directory_users/\(userID)").json["groups"].array.isEmpty)
        #expect(try D.events(client, "dsync.group.user_removed").isEmpty)
    }

    @Test func listGroups_FiltersByDirectoryAndUser_RequiresOne_AndGetAnswersTheGroup() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try S.organizationID(client)
        let directoryID = try D.directoryID(client, organizationID: organizationID)
        let other = try D.directoryID(client, organizationID: organizationID, name: "Other")
        let engineering = try D.groupID(client, directoryID: directoryID, name: "Engineering")
        let admins = try D.groupID(client, directoryID: directoryID, name: "Admins")
        _ = try D.groupID(client, directoryID: other, name: "Elsewhere")
        let ann = try D.userID(client, directoryID: directoryID, first: "ann", groups: [admins])

        #expect(
            D.ids(try client.request("GET", "/directory_groups?directory=\(directoryID)")) == [admins, engineering]
        )
        #expect(D.ids(try client.request("GET", "/directory_groups?user=\(ann)")) == [admins])
        #expect(
            D.ids(try client.request("GET", "/directory_groups?directory=\(directoryID)&limit=1&order=asc"))
                == [engineering]
        )
        #expect(try client.request("GET", "/directory_groups").status == 422)
        #expect(try client.request("GET", "/directory_groups?user=directory_user_01UNKNOWN").status == 404)
        #expect(try client.request("GET", "/directory_groups?directory=directory_01UNKNOWN").status == 404)
        let group = try client.request("GET", "/directory_groups/\(engineering)")
        #expect(group.status == 200)
        #expect(group.json["name"].string == "Engineering")
        #expect(group.json["raw_attributes"]["displayName"].string == "Engineering")
        #expect(try client.request("GET", "/directory_groups/directory_group_01UNKNOWN").status == 404)
    }

    // MARK: Environments, organizations, seed

    @Test func anotherEnvironmentsIDs_AnswerLikeUnknownOnes_AndChangeNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let directoryID = try D.directoryID(client, organizationID: try S.organizationID(client))
        let groupID = try D.groupID(client, directoryID: directoryID, name: "Engineering")
        let userID = try D.userID(client, directoryID: directoryID, first: "ann", groups: [groupID])
        let key = try D.otherEnvironmentKey(client)
        let before = try server.snapshot()
        let requests: [(String, String, String?)] = [
            ("GET", "/directories/\(directoryID)", nil),
            ("DELETE", "/directories/\(directoryID)", nil),
            ("POST", "/directories/\(directoryID)/sync", nil),
            ("GET", "/directory_users/\(userID)", nil),
            ("GET", "/directory_users?directory=\(directoryID)", nil),
            ("GET", "/directory_users?group=\(groupID)", nil),
            ("GET", "/directory_groups/\(groupID)", nil),
            ("GET", "/directory_groups?user=\(userID)", nil),
            ("POST", "/_emulator/directories/\(directoryID)/users", "{}"),
            ("POST", "/_emulator/directories/\(directoryID)/groups", #"{"name":"X"}"#),
            ("PUT", "/_emulator/directory_users/\(userID)", #"{"first_name":"X"}"#),
            ("DELETE", "/_emulator/directory_users/\(userID)", nil),
            ("PUT", "/_emulator/directory_groups/\(groupID)", #"{"name":"X"}"#),
            ("DELETE", "/_emulator/directory_groups/\(groupID)", nil),
        ]
        for (method, path, body) in requests {
            let response = try client.request(method, path, json: body, key: key)
            #expect(response.status == 404, "\(method) \(path): \(response.status)")
            #expect(response.json["code"].string == "entity_not_found", "\(method) \(path)")
        }
        #expect(D.ids(try client.request("GET", "/directories", key: key)).isEmpty)
        #expect(try server.snapshot() == before)
    }

    @Test func deletingAnOrganization_DeletesItsDirectoriesWithDsyncDeletedEach_AndKeepsOthers() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let doomed = try S.createOrganization(client, name: "Doomed")
        let first = try D.directoryID(client, organizationID: doomed, name: "One")
        let second = try D.directoryID(client, organizationID: doomed, name: "Two")
        _ = try D.userID(
            client,
            directoryID: first,
            first: "ann",
            groups: [try D.groupID(client, directoryID: first, name: "G")]
        )
        let kept = try D.directoryID(client, organizationID: try S.organizationID(client), name: "Kept")

        #expect(try client.request("DELETE", "/organizations/\(doomed)").status == 204)
        let deleted = try D.events(client, "dsync.deleted")
        #expect(Set(deleted.compactMap { $0["data"]["id"].string }) == [first, second])
        #expect(deleted.allSatisfy { $0["data"]["organization_id"].string == doomed })
        #expect(D.ids(try client.request("GET", "/directories")) == [kept])
        let snapshot = try server.snapshot()
        #expect(snapshot.count("directory_users") == 0 && snapshot.count("directory_groups") == 0)
    }

    @Test func seedDirectories_AreCreatedWithTheirGroupsAndUsers_AndResetRestoresThem() throws {
        let seed = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString).json")
        try Data(
            #"""
            {"organizations":[{"name":"Seeded Org","domain_data":[{"domain":"seeded.com","state":"verified"}]}],
             "directories":[{"organization_name":"Seeded Org","name":"Seeded Okta","type":"okta scim v2.0",
               "groups":[{"name":"Engineering","idp_id":"eng"},{"name":"Admins"}],
               "users":[{"emails":[{"primary":true,"type":"work","value":"dana@seeded.com"}],"first_name":"Dana",
                         "idp_id":"dana","groups":["Engineering","Admins"]},
                        {"emails":[{"primary":true,"value":"eli@seeded.com"}],"state":"inactive"}]}]}
            """#.utf8
        ).write(to: seed)
        defer { try? FileManager.default.removeItem(at: seed) }
        let server = try TestServer { $0.seedPath = seed.path }
        defer { server.stop() }
        let client = server.client()

        let directories = try client.request("GET", "/directories").json["data"].array
        #expect(directories.count == 1)
        let directoryID = try #require(directories.first?["id"].string)
        #expect(directories[0]["name"].string == "Seeded Okta")
        #expect(directories[0]["metadata"]["users"]["active"].int == 1)
        #expect(directories[0]["metadata"]["users"]["inactive"].int == 1)
        let dana = try client.request("GET", "/directory_users?directory=\(directoryID)&idp_id=dana").json["data"][0]
        #expect(dana["email"].string == "dana@seeded.com")
        #expect(dana["groups"].array.compactMap { $0["name"].string }.sorted() == ["Admins", "Engineering"])

        let added = try client.request(
            "POST",
            "/_emulator/directories",
            json: #"{"organization_id":"\#(directories[0]["organization_id"].string ?? "")"}"#
        )
        #expect(added.status == 201)
        _ = try client.request("DELETE", "/directories/\(directoryID)")
        #expect(try client.request("POST", "/_emulator/reset").status == 200)
        let restored = try client.request("GET", "/directories").json["data"].array
        #expect(restored.compactMap { $0["name"].string } == ["Seeded Okta"])
        let restoredID = try #require(restored.first?["id"].string)
        #expect(D.ids(try client.request("GET", "/directory_users?directory=\(restoredID)")).count == 2)
        #expect(D.ids(try client.request("GET", "/directory_groups?directory=\(restoredID)")).count == 2)
    }

    @Test func seedDirectories_WithAGroupNameNoGroupHas_StopTheStartNamingTheEntry() throws {
        let seed = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString).json")
        try Data(
            #"""
            {"organizations":[{"name":"Seeded Org"}],
             "directories":[{"organization_name":"Seeded Org","users":[{"groups":["Nope"]}]}]}
            """#.utf8
        ).write(to: seed)
        defer { try? FileManager.default.removeItem(at: seed) }
        #expect {
            _ = try TestServer { $0.seedPath = seed.path }
        } throws: { error in
            "\(error)".contains("directories[0]") && "\(error)".contains("Nope")
        }
    }

    @Test func coverage_ReportsTheDirectorySyncOperationsAsEmulated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let entries = try server.client().request("GET", "/_emulator/coverage").json["data"].array
            .filter { $0["area"].string == "Directory Sync" }
        #expect(entries.count == 8)
        #expect(entries.allSatisfy { $0["state"].string == "emulated" })
    }
}

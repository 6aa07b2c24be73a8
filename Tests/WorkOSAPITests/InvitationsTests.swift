// workos-emulator — /user_management/invitations over real sockets.
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing
import WorkOSAPI

@Suite struct InvitationsTests {
    typealias F = MembershipFixtures

    /// The keys of an invitation response (catalog-A §6.11; every one a Python 10 REQ).
    static let invitationKeys = [
        "accept_invitation_url", "accepted_at", "accepted_user_id", "created_at", "email", "expires_at", "id",
        "inviter_user_id", "object", "organization_id", "revoked_at", "role_slug", "state", "token", "updated_at",
    ]

    private func send(_ client: TestClient, _ json: String) throws -> TestJSON {
        let response = try client.request("POST", "/user_management/invitations", json: json)
        try #require(response.status == 201, "send invitation: \(response.status) \(response.text)")
        return response.json
    }

    // MARK: Send

    @Test func sendInvitation_Answers201PendingWithTokenAndAcceptURL_WritesTheEmailAndAnEventWithoutTheToken() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try F.organizationID(client, name: "Acme")
        let response = try client.request(
            "POST",
            "/user_management/invitations",
            json: #"{"email":" Dana@Acme.test ","organization_id":"\#(organizationID)","role_slug":"admin"}"#
        )
        #expect(response.status == 201)
        let invitation = response.json
        #expect(invitation.keys == Self.invitationKeys)
        #expect(invitation["object"].string == "invitation")
        #expect(invitation["id"].string?.hasPrefix("invitation_") == true)
        #expect(invitation["email"].string == "dana@acme.test")
        #expect(invitation["state"].string == "pending")
        #expect(invitation["role_slug"].string == "admin")
        #expect(invitation["accepted_at"].isNull && invitation["revoked_at"].isNull)
        #expect(invitation["inviter_user_id"].isNull && invitation["accepted_user_id"].isNull)
        let token = try #require(invitation["token"].string)
        #expect(token.count == 25)
        #expect(invitation["accept_invitation_url"].string == "http://localhost:3000/invite?invitation_token=\(token)")
        let created = try #require(Timestamp(iso8601: invitation["created_at"].string ?? ""))
        let expires = try #require(Timestamp(iso8601: invitation["expires_at"].string ?? ""))
        #expect(expires.milliseconds - created.milliseconds == 7 * 86_400_000)

        let emails = try F.emails(client, to: "dana@acme.test")
        #expect(emails.count == 1)
        #expect(emails.first?["type"].string == "invitation")
        #expect(emails.first?["token"].string == token)
        #expect(emails.first?["url"].string == invitation["accept_invitation_url"].string)
        #expect(emails.first?["subject"].string == "You have been invited to join Acme")

        let events = try F.events(client, "invitation.created")
        #expect(events.count == 2)  // the seeded invitation and this one
        #expect(events.last?["data"]["id"].string == invitation["id"].string)
        #expect(
            events.last?["data"].keys == Self.invitationKeys.filter { $0 != "token" && $0 != "accept_invitation_url" }
        )
    }

    @Test func sendInvitation_WithExpiresInDays_UsesItAndRejectsValuesOutside1To30WithoutChanges() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let invitation = try self.send(client, #"{"email":"short@acme.test","expires_in_days":1}"#)
        let created = try #require(Timestamp(iso8601: invitation["created_at"].string ?? ""))
        let expires = try #require(Timestamp(iso8601: invitation["expires_at"].string ?? ""))
        #expect(expires.milliseconds - created.milliseconds == 86_400_000)
        let before = try server.snapshot()
        let tooShort = try client.request(
            "POST",
            "/user_management/invitations",
            json: #"{"email":"x@acme.test","expires_in_days":0}"#
        )
        #expect(tooShort.status == 400)
        #expect(tooShort.json["code"].string == "expires_in_days_too_short")
        let tooLong = try client.request(
            "POST",
            "/user_management/invitations",
            json: #"{"email":"x@acme.test","expires_in_days":31}"#
        )
        #expect(tooLong.status == 400)
        #expect(tooLong.json["code"].string == "expires_in_days_too_long")
        let notNumber = try client.request(
            "POST",
            "/user_management/invitations",
            json: #"{"email":"x@acme.test","expires_in_days":"soon"}"#
        )
        #expect(notNumber.status == 422)
        #expect(try server.snapshot() == before)
    }

    @Test func sendInvitation_WithBadInput_AnswersTheDocumentedErrorAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try F.organizationID(client, name: "Acme")
        let before = try server.snapshot()
        func post(_ json: String) throws -> TestResponse {
            try client.request("POST", "/user_management/invitations", json: json)
        }
        let missing = try post(#"{}"#)
        #expect(missing.status == 422)
        #expect(missing.json["errors"][0]["field"].string == "email")
        #expect(try post(#"{"email":"not-an-email"}"#).status == 422)
        let locale = try post(#"{"email":"x@acme.test","locale":"xx-XX"}"#)
        #expect(locale.status == 422)
        #expect(locale.json["errors"][0]["field"].string == "locale")
        let organization = try post(#"{"email":"x@acme.test","organization_id":"org_missing"}"#)
        #expect(organization.status == 404)
        #expect(organization.json["message"].string == "Organization not found: 'org_missing'.")
        let inviter = try post(#"{"email":"x@acme.test","inviter_user_id":"user_missing"}"#)
        #expect(inviter.status == 404)
        let undeliverable = try post(#"{"email":"x@nowhere.invalid"}"#)
        #expect(undeliverable.status == 400)
        #expect(undeliverable.json["code"].string == "email_domain_not_deliverable")
        let role = try post(#"{"email":"x@acme.test","organization_id":"\#(organizationID)","role_slug":"owner"}"#)
        #expect(role.status == 400)
        #expect(role.json["code"].string == "invalid_role")
        #expect(try server.snapshot() == before)
    }

    @Test func sendInvitation_ToSomeoneAlreadyInvitedOrAMemberOrAUser_AnswersTheMatching400() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try F.organizationID(client, name: "Acme")
        let userID = try F.userID(client, email: "member@acme.test")
        _ = try F.membership(client, userID: userID, organizationID: organizationID)
        _ = try self.send(client, #"{"email":"guest@acme.test","organization_id":"\#(organizationID)"}"#)
        _ = try self.send(client, #"{"email":"app@acme.test"}"#)
        let before = try server.snapshot()
        func code(_ json: String) throws -> String? {
            let response = try client.request("POST", "/user_management/invitations", json: json)
            #expect(response.status == 400)
            return response.json["code"].string
        }
        #expect(
            try code(#"{"email":"member@acme.test","organization_id":"\#(organizationID)"}"#)
                == "user_already_organization_member"
        )
        #expect(
            try code(#"{"email":"GUEST@acme.test","organization_id":"\#(organizationID)"}"#)
                == "email_already_invited_to_organization"
        )
        #expect(try code(#"{"email":"app@acme.test"}"#) == "email_already_invited")
        #expect(try code(#"{"email":"member@acme.test"}"#) == "user_already_exists")
        #expect(try server.snapshot() == before)
    }

    @Test func sendInvitation_ToAnExistingUser_GivesThemAPendingMembershipThatRevokeRemoves() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try F.organizationID(client, name: "Acme")
        let userID = try F.userID(client, email: "known@acme.test")
        let invitation = try self.send(
            client,
            #"{"email":"known@acme.test","organization_id":"\#(organizationID)","role_slug":"admin"}"#
        )
        let pending = try client.request(
            "GET",
            "/user_management/organization_memberships?user_id=\(userID)&statuses=pending"
        ).json["data"].array
        #expect(pending.count == 1)
        #expect(pending.first?["role"]["slug"].string == "admin")
        let id = try #require(invitation["id"].string)
        let revoked = try client.request("POST", "/user_management/invitations/\(id)/revoke")
        #expect(revoked.status == 200)
        let left = try client.request(
            "GET",
            "/user_management/organization_memberships?user_id=\(userID)&statuses=pending"
        ).json["data"].array
        #expect(left.isEmpty)
        #expect(try F.events(client, "organization_membership.deleted").count == 1)
    }

    // MARK: Read

    @Test func getInvitation_ByIDAndByToken_ReturnTheSameObject_AndUnknownOnesAre404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let invitation = try self.send(client, #"{"email":"read@acme.test"}"#)
        let id = try #require(invitation["id"].string)
        let token = try #require(invitation["token"].string)
        let byID = try client.request("GET", "/user_management/invitations/\(id)")
        let byToken = try client.request("GET", "/user_management/invitations/by_token/\(token)")
        #expect(byID.status == 200 && byToken.status == 200)
        #expect(byID.body == byToken.body)
        #expect(byID.json.keys == Self.invitationKeys)
        #expect(try client.request("GET", "/user_management/invitations/invitation_missing").status == 404)
        let unknownToken = try client.request("GET", "/user_management/invitations/by_token/nope")
        #expect(unknownToken.status == 404)
        #expect(unknownToken.json["message"].exists)
    }

    @Test func listInvitations_FiltersByOrganizationAndEmailAndPaginates() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try F.organizationID(client, name: "Acme")
        var ids: [String] = []
        for index in 0..<3 {
            ids.append(
                try #require(
                    self.send(client, #"{"email":"l\#(index)@acme.test","organization_id":"\#(organizationID)"}"#)["id"]
                        .string
                )
            )
        }
        _ = try self.send(client, #"{"email":"solo@acme.test"}"#)
        let first = try client.request(
            "GET",
            "/user_management/invitations?organization_id=\(organizationID)&limit=2"
        ).json
        #expect(first["data"].array.map { $0["id"].string } == [ids[2], ids[1]])
        let after = try #require(first["list_metadata"]["after"].string)
        let second = try client.request(
            "GET",
            "/user_management/invitations?organization_id=\(organizationID)&limit=2&after=\(after)"
        ).json
        #expect(second["data"].array.map { $0["id"].string } == [ids[0]])
        #expect(second["list_metadata"]["after"].isNull)
        let byEmail = try client.request("GET", "/user_management/invitations?email=SOLO@acme.test").json["data"].array
        #expect(byEmail.map { $0["email"].string } == ["solo@acme.test"])
        #expect(try client.request("GET", "/user_management/invitations?email=nope").status == 422)
    }

    // MARK: Accept

    @Test func acceptInvitation_ForANewEmail_CreatesTheUserAndAnActiveMembershipWithTheRole() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try F.organizationID(client, name: "Acme")
        let invitation = try self.send(
            client,
            #"{"email":"newbie@acme.test","organization_id":"\#(organizationID)","role_slug":"admin"}"#
        )
        let id = try #require(invitation["id"].string)
        let response = try client.request("POST", "/user_management/invitations/\(id)/accept")
        #expect(response.status == 200)
        #expect(response.json["state"].string == "accepted")
        #expect(!response.json["accepted_at"].isNull)
        let userID = try #require(response.json["accepted_user_id"].string)
        let user = try client.request("GET", "/user_management/users/\(userID)").json
        #expect(user["email"].string == "newbie@acme.test")
        let memberships = try client.request(
            "GET",
            "/user_management/organization_memberships?user_id=\(userID)"
        ).json["data"].array
        #expect(memberships.count == 1)
        #expect(memberships.first?["organization_id"].string == organizationID)
        #expect(memberships.first?["role"]["slug"].string == "admin")
        let events = try F.events(
            client,
            "user.created,organization_membership.created,invitation.accepted"
        ).filter {
            $0["data"]["id"].string == userID || $0["data"]["user_id"].string == userID || $0["data"]["id"].string == id
        }
        #expect(
            events.map { $0["event"].string } == [
                "user.created", "organization_membership.created", "invitation.accepted",
            ]
        )
    }

    @Test func acceptInvitation_ForAnInvitedUser_ActivatesTheirPendingMembership() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try F.organizationID(client, name: "Acme")
        let userID = try F.userID(client, email: "known@acme.test")
        let invitation = try self.send(client, #"{"email":"known@acme.test","organization_id":"\#(organizationID)"}"#)
        let id = try #require(invitation["id"].string)
        let accepted = try client.request("POST", "/user_management/invitations/\(id)/accept")
        #expect(accepted.json["accepted_user_id"].string == userID)
        let memberships = try client.request(
            "GET",
            "/user_management/organization_memberships?user_id=\(userID)&statuses=active,pending"
        ).json["data"].array
        #expect(memberships.map { $0["status"].string } == ["active"])
        #expect(memberships.first?["role"]["slug"].string == "member")
        let updated = try F.events(client, "organization_membership.updated")
        #expect(updated.map { $0["data"]["status"].string } == ["active"])
        #expect(updated.first?["context"]["previous_attributes"]["status"].string == "pending")
    }

    @Test func acceptInvitation_ThatIsNotPending_Answers400InviteNotPendingAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let accepted = try #require(self.send(client, #"{"email":"a@acme.test"}"#)["id"].string)
        _ = try client.request("POST", "/user_management/invitations/\(accepted)/accept")
        let revoked = try #require(self.send(client, #"{"email":"r@acme.test"}"#)["id"].string)
        _ = try client.request("POST", "/user_management/invitations/\(revoked)/revoke")
        let before = try server.snapshot()
        for id in [accepted, revoked] {
            let response = try client.request("POST", "/user_management/invitations/\(id)/accept")
            #expect(response.status == 400)
            #expect(response.json["code"].string == "invite_not_pending")
        }
        #expect(try client.request("POST", "/user_management/invitations/invitation_missing/accept").status == 404)
        #expect(try server.snapshot() == before)
    }

    @Test func anInvitationPastItsExpiry_ReadsAsExpiredAndCanBeNeitherAcceptedNorResent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try #require(self.send(client, #"{"email":"late@acme.test"}"#)["id"].string)
        try server.execute(
            "UPDATE invitations SET expires_at = '2001-01-01T00:00:00.000Z' WHERE id = ?",
            [.text(id)]
        )
        #expect(try client.request("GET", "/user_management/invitations/\(id)").json["state"].string == "expired")
        let before = try server.snapshot()
        let accept = try client.request("POST", "/user_management/invitations/\(id)/accept")
        #expect(accept.status == 400)
        #expect(accept.json["code"].string == "invite_not_pending")
        let resend = try client.request("POST", "/user_management/invitations/\(id)/resend", json: "{}")
        #expect(resend.status == 400)
        #expect(resend.json["code"].string == "invite_expired")
        #expect(try client.request("POST", "/user_management/invitations/\(id)/revoke").status == 400)
        #expect(try server.snapshot() == before)
        // An expired invitation no longer blocks a new one.
        #expect(
            try client.request("POST", "/user_management/invitations", json: #"{"email":"late@acme.test"}"#).status
                == 201
        )
    }

    // MARK: Revoke and resend

    @Test func revokeInvitation_MarksItRevokedWithAnEvent_AndASecondRevokeIs400() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try #require(self.send(client, #"{"email":"gone@acme.test"}"#)["id"].string)
        let revoked = try client.request("POST", "/user_management/invitations/\(id)/revoke")
        #expect(revoked.status == 200)
        #expect(revoked.json["state"].string == "revoked")
        #expect(!revoked.json["revoked_at"].isNull)
        #expect(try F.events(client, "invitation.revoked").map { $0["data"]["id"].string } == [id])
        let before = try server.snapshot()
        let again = try client.request("POST", "/user_management/invitations/\(id)/revoke")
        #expect(again.status == 400)
        #expect(again.json["code"].string == "invite_not_pending")
        #expect(try server.snapshot() == before)
    }

    @Test func resendInvitation_RestartsTheExpiryAndSendsAnotherEmail() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let invitation = try self.send(client, #"{"email":"again@acme.test","expires_in_days":2}"#)
        let id = try #require(invitation["id"].string)
        try server.execute(
            "UPDATE invitations SET expires_at = '2099-01-01T00:00:00.000Z' WHERE id = ?",
            [.text(id)]
        )
        let resent = try client.request("POST", "/user_management/invitations/\(id)/resend", json: #"{"locale":"fr"}"#)
        #expect(resent.status == 200)
        #expect(resent.json["state"].string == "pending")
        #expect(resent.json["token"].string == invitation["token"].string)
        let updated = try #require(Timestamp(iso8601: resent.json["updated_at"].string ?? ""))
        let expires = try #require(Timestamp(iso8601: resent.json["expires_at"].string ?? ""))
        #expect(expires.milliseconds - updated.milliseconds == 2 * 86_400_000)
        #expect(try F.emails(client, to: "again@acme.test").count == 2)
        #expect(try F.events(client, "invitation.resent").count == 1)
    }

    @Test func resendInvitation_OfARevokedOrAcceptedOneOrWithABadLocale_AnswersTheDocumentedErrorWithoutChanges() throws
    {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let revoked = try #require(self.send(client, #"{"email":"r@acme.test"}"#)["id"].string)
        _ = try client.request("POST", "/user_management/invitations/\(revoked)/revoke")
        let accepted = try #require(self.send(client, #"{"email":"a@acme.test"}"#)["id"].string)
        _ = try client.request("POST", "/user_management/invitations/\(accepted)/accept")
        let pending = try #require(self.send(client, #"{"email":"p@acme.test"}"#)["id"].string)
        let before = try server.snapshot()
        let onRevoked = try client.request("POST", "/user_management/invitations/\(revoked)/resend", json: "{}")
        #expect(onRevoked.status == 400)
        #expect(onRevoked.json["code"].string == "invite_revoked")
        let onAccepted = try client.request("POST", "/user_management/invitations/\(accepted)/resend", json: "{}")
        #expect(onAccepted.status == 400)
        #expect(onAccepted.json["code"].string == "invite_accepted")
        let badLocale = try client.request(
            "POST",
            "/user_management/invitations/\(pending)/resend",
            json: #"{"locale":"klingon"}"#
        )
        #expect(badLocale.status == 422)
        #expect(
            try client.request("POST", "/user_management/invitations/invitation_missing/resend", json: "{}").status
                == 404
        )
        #expect(try server.snapshot() == before)
    }

    // MARK: Across the area

    @Test func noEventEverCarriesAnInvitationToken() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try F.organizationID(client, name: "Acme")
        let first = try self.send(client, #"{"email":"t1@acme.test","organization_id":"\#(organizationID)"}"#)
        let second = try self.send(client, #"{"email":"t2@acme.test"}"#)
        _ = try client.request("POST", "/user_management/invitations/\(first["id"].string ?? "")/accept")
        _ = try client.request("POST", "/user_management/invitations/\(second["id"].string ?? "")/resend", json: "{}")
        _ = try client.request("POST", "/user_management/invitations/\(second["id"].string ?? "")/revoke")
        let events = try server.snapshot().tables["events"] ?? []
        let tokens = [first["token"].string, second["token"].string].compactMap { $0 }
        #expect(tokens.count == 2)
        for row in events {
            let text = "\(row)"
            #expect(!tokens.contains { text.contains($0) })
        }
    }

    @Test func acceptInvitationURL_ComesFromTheSeedsInvitationURL() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("seed.json").path
        try Data(#"{"environment":{"invitation_url":"https://app.test/join?src=mail"}}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let server = try TestServer { $0.seedPath = path }
        defer { server.stop() }
        let invitation = try self.send(server.client(), #"{"email":"u@acme.test"}"#)
        let token = try #require(invitation["token"].string)
        #expect(
            invitation["accept_invitation_url"].string == "https://app.test/join?src=mail&invitation_token=\(token)"
        )
    }

    @Test func seed_HasOnePendingInvitationAndAnEmptyOutbox() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let invitations = try client.request("GET", "/user_management/invitations").json["data"].array
        #expect(invitations.count == 1)
        #expect(invitations.first?["state"].string == "pending")
        #expect(invitations.first?["role_slug"].string == "member")
        #expect(try client.request("GET", "/_emulator/emails").json["data"].array.isEmpty)
    }
}

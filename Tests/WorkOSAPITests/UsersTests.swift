// workos-emulator — /user_management/users over real sockets.
// Licensed MIT.

import EmulatorTesting
import SQLite
import Testing

@Suite struct UsersTests {
    /// Every key of the User object (catalog-A §6.1), nullable ones included.
    static let userKeys = [
        "created_at", "email", "email_verified", "external_id", "first_name", "id", "last_name", "last_sign_in_at",
        "locale", "metadata", "name", "object", "profile_picture_url", "updated_at",
    ]

    // MARK: Create

    @Test func createUser_Answers201WithEveryKeyOfTheUserObject_NullsIncluded() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request(
            "POST", "/user_management/users",
            json: #"{"email":"  Marcelina.Davis@Example.COM ","first_name":"Marcelina"}"#
        )
        #expect(response.status == 201)
        #expect(response.header("Content-Type") == "application/json")
        let user = response.json
        #expect(user.keys == Self.userKeys)
        #expect(user["object"].string == "user")
        #expect(user["id"].string?.hasPrefix("user_") == true)
        #expect(user["id"].string?.count == 31)
        #expect(user["email"].string == "marcelina.davis@example.com")
        #expect(user["first_name"].string == "Marcelina")
        #expect(user["last_name"].isNull)
        #expect(user["name"].string == "Marcelina")
        #expect(user["profile_picture_url"].isNull)
        #expect(user["email_verified"].bool == false)
        #expect(user["external_id"].isNull)
        #expect(user["metadata"].isObject && user["metadata"].keys.isEmpty)
        #expect(user["locale"].isNull)
        #expect(user["last_sign_in_at"].isNull)
        let created = try #require(user["created_at"].string)
        #expect(created.count == 24 && created.hasSuffix("Z"))
        #expect(user["updated_at"].string == created)
    }

    @Test func createUser_KeepsNameMetadataExternalIDAndEmailVerified() throws {
        let server = try TestServer()
        defer { server.stop() }
        let user = try UsersFixtures.createUser(
            server.client(),
            #"{"email":"k@example.com","first_name":"K","last_name":"L","name":"Kay Ell","email_verified":true,"metadata":{"plan":"pro"},"external_id":"ext-k"}"#
        )
        #expect(user["name"].string == "Kay Ell")
        #expect(user["email_verified"].bool == true)
        #expect(user["metadata"]["plan"].string == "pro")
        #expect(user["external_id"].string == "ext-k")
    }

    @Test func createUser_EmitsUserCreatedWithTheSameObject() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try client.request("POST", "/user_management/users", json: #"{"email":"evt@example.com"}"#)
        let events = try UsersFixtures.events(client, "user.created").filter {
            $0["data"]["id"].string == response.json["id"].string
        }
        #expect(events.count == 1)
        #expect(events.first?["data"]["email"].string == "evt@example.com")
        #expect(events.first?["data"].keys == Self.userKeys)
    }

    @Test func createUser_WithoutEmail_Answers422NamingTheFieldAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try UsersFixtures.snapshot(server)
        let response = try server.client().request("POST", "/user_management/users", json: #"{"first_name":"X"}"#)
        #expect(response.status == 422)
        #expect(response.json["code"].string == "invalid_request_parameters")
        #expect(response.json["errors"][0]["field"].string == "email")
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func createUser_WithMalformedEmail_Answers400UserCreationErrorAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try UsersFixtures.snapshot(server)
        let response = try server.client().request("POST", "/user_management/users", json: #"{"email":"not-an-email"}"#)
        #expect(response.status == 400)
        #expect(response.json["code"].string == "user_creation_error")
        #expect(response.json["message"].string != nil)
        #expect(response.json["errors"][0]["code"].string == "invalid_email")
        #expect(response.json["errors"][0]["message"].string != nil)
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func createUser_WithAnEmailTakenInAnyCase_Answers400UserCreationErrorAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try UsersFixtures.createUser(client, #"{"email":"taken@example.com"}"#)
        let before = try UsersFixtures.snapshot(server)
        let response = try client.request("POST", "/user_management/users", json: #"{"email":"TAKEN@example.com"}"#)
        #expect(response.status == 400)
        #expect(response.json["code"].string == "user_creation_error")
        #expect(response.json["errors"][0]["code"].string == "email_not_available")
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func createUser_WithTooManyMetadataKeys_Answers400InvalidMetadataAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try UsersFixtures.snapshot(server)
        let pairs = (0..<51).map { #""k\#($0)":"v""# }.joined(separator: ",")
        let response = try server.client().request(
            "POST", "/user_management/users", json: #"{"email":"m@example.com","metadata":{\#(pairs)}}"#
        )
        #expect(response.status == 400)
        #expect(response.json["code"].string == "invalid_metadata")
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func createUser_WithAUsedExternalID_Answers400ExternalIDAlreadyUsedAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try UsersFixtures.createUser(client, #"{"email":"a@example.com","external_id":"same"}"#)
        let before = try UsersFixtures.snapshot(server)
        let response = try client.request(
            "POST", "/user_management/users", json: #"{"email":"b@example.com","external_id":"same"}"#
        )
        #expect(response.status == 400)
        #expect(response.json["code"].string == "external_id_already_used")
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func createUser_WithANonASCIIOrTooLongExternalID_Answers422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let before = try UsersFixtures.snapshot(server)
        let long = String(repeating: "x", count: 129)
        for externalID in ["é", long] {
            let response = try client.request(
                "POST", "/user_management/users", json: #"{"email":"e@example.com","external_id":"\#(externalID)"}"#
            )
            #expect(response.status == 422)
            #expect(response.json["errors"][0]["field"].string == "external_id")
        }
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func createUser_WithAShortPassword_Answers400PasswordStrengthErrorAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try UsersFixtures.snapshot(server)
        let response = try server.client().request(
            "POST", "/user_management/users", json: #"{"email":"p@example.com","password":"1234567"}"#
        )
        #expect(response.status == 400)
        #expect(response.json["code"].string == "password_strength_error")
        #expect(response.json["errors"][0]["code"].string == "password_too_short")
        #expect(!response.text.contains("1234567"))
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test(arguments: [
        (
            #""password":"long-enough-1","password_hash":"$2b$10$abc","password_hash_type":"bcrypt""#,
            "password_and_password_hash_provided"
        ),
        (#""password":"long-enough-1","password_hash_type":"bcrypt""#, "password_and_password_hash_type_provided"),
        (
            #""password":"long-enough-1","password_salt_position":"prefix""#,
            "password_salt_position_requires_password_hash"
        ),
        (
            #""password_hash_type":"ssha","password_salt_position":"suffix""#,
            "password_salt_position_requires_password_hash"
        ),
    ])
    func createUser_WithConflictingPasswordFields_Answers400WithTheirCodeAndChangesNothing(
        fields: String, code: String
    ) throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try UsersFixtures.snapshot(server)
        let response = try server.client().request(
            "POST", "/user_management/users", json: #"{"email":"c@example.com",\#(fields)}"#
        )
        #expect(response.status == 400)
        #expect(response.json["code"].string == code)
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test(arguments: [
        (#""password_hash":"$2b$10$abc""#, "password_hash_type"),
        (#""password_hash_type":"bcrypt""#, "password_hash"),
        (#""password_hash":"x","password_hash_type":"md5""#, "password_hash_type"),
        (
            #""password_hash":"x","password_hash_type":"bcrypt","password_salt_position":"middle""#,
            "password_salt_position"
        ),
    ])
    func createUser_WithIncompletePasswordHashFields_Answers422NamingTheField(fields: String, field: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try UsersFixtures.snapshot(server)
        let response = try server.client().request(
            "POST", "/user_management/users", json: #"{"email":"h@example.com",\#(fields)}"#
        )
        #expect(response.status == 422)
        #expect(response.json["errors"].array.contains { $0["field"].string == field })
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func createUser_WithAPassword_StoresOnlyAHashThatNoResponseEventOrEmailShows() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let password = "Sup3r-Secret-Passw0rd"
        let response = try client.request(
            "POST", "/user_management/users", json: #"{"email":"pw@example.com","password":"\#(password)"}"#
        )
        #expect(response.status == 201)
        #expect(!response.text.contains(password))
        let stored: String? = try server.application.services.database.read { connection in
            try connection.fetchScalar("SELECT password_hash FROM users WHERE email = 'pw@example.com'")
        }
        let hash = try #require(stored)
        #expect(!hash.isEmpty && !hash.contains(password))
        for path in ["/events?events=user.created", "/_emulator/emails", "/user_management/users"] {
            let text = try client.request("GET", path).text
            #expect(!text.contains(password) && !text.contains(hash), "\(path) leaks the password or its hash")
        }
    }

    @Test func createUser_WithAMalformedImportedHash_Answers400InvalidPasswordHashAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try UsersFixtures.snapshot(server)
        let response = try server.client().request(
            "POST", "/user_management/users",
            json: #"{"email":"ih@example.com","password_hash":"not-a-bcrypt-hash","password_hash_type":"bcrypt"}"#
        )
        #expect(response.status == 400)
        #expect(response.json["code"].string == "invalid_password_hash")
        #expect(!response.text.contains("not-a-bcrypt-hash"))
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    // MARK: Get

    @Test func getUser_ByIDAndByExternalID_ReturnTheSameObject() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try UsersFixtures.createUser(client, #"{"email":"g@example.com","external_id":"ext-g"}"#)
        let id = try #require(created["id"].string)
        let byID = try client.request("GET", "/user_management/users/\(id)")
        let byExternal = try client.request("GET", "/user_management/users/external_id/ext-g")
        #expect(byID.status == 200 && byExternal.status == 200)
        #expect(byID.body == byExternal.body)
        #expect(byID.json["email"].string == "g@example.com")
    }

    @Test func getUser_Unknown_Answers404WithEntityID() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let response = try client.request("GET", "/user_management/users/user_missing")
        #expect(response.status == 404)
        #expect(response.json["code"].string == "entity_not_found")
        #expect(response.json["entity_id"].string == "user_missing")
        #expect(response.json["message"].string == "User not found: 'user_missing'.")
        #expect(try client.request("GET", "/user_management/users/external_id/nope").status == 404)
    }

    // MARK: Update

    @Test func updateUser_ExplicitNullClearsMetadataExternalIDAndLocale_AndAbsentFieldsStay() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let created = try UsersFixtures.createUser(
            client, #"{"email":"u@example.com","first_name":"U","external_id":"ext-u","metadata":{"a":"b"}}"#
        )
        let id = try #require(created["id"].string)
        let withLocale = try client.request("PUT", "/user_management/users/\(id)", json: #"{"locale":"en-US"}"#)
        #expect(withLocale.status == 200)
        #expect(withLocale.json["locale"].string == "en-US")
        let cleared = try client.request(
            "PUT", "/user_management/users/\(id)", json: #"{"metadata":null,"external_id":null,"locale":null}"#
        )
        #expect(cleared.status == 200)
        #expect(cleared.json["metadata"].isObject && cleared.json["metadata"].keys.isEmpty)
        #expect(cleared.json["external_id"].isNull)
        #expect(cleared.json["locale"].isNull)
        #expect(cleared.json["first_name"].string == "U")
        #expect(cleared.json["email"].string == "u@example.com")
    }

    @Test func updateUser_EmitsUserUpdatedWithPreviousAttributes_OnlyWhenSomethingChanged() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "ev@example.com")
        _ = try client.request("PUT", "/user_management/users/\(id)", json: #"{"first_name":"New"}"#)
        var events = try UsersFixtures.events(client, "user.updated")
        #expect(events.count == 1)
        #expect(events.first?["data"]["first_name"].string == "New")
        #expect(events.first?["context"]["previous_attributes"]["first_name"].isNull == true)
        _ = try client.request("PUT", "/user_management/users/\(id)", json: #"{"first_name":"New"}"#)
        events = try UsersFixtures.events(client, "user.updated")
        #expect(events.count == 1)
    }

    @Test func updateUser_ChangingTheEmail_NormalizesItAndMakesItUnverified() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "old@example.com", verified: true)
        let updated = try client.request("PUT", "/user_management/users/\(id)", json: #"{"email":" New@Example.com"}"#)
        #expect(updated.status == 200)
        #expect(updated.json["email"].string == "new@example.com")
        #expect(updated.json["email_verified"].bool == false)
        let both = try client.request(
            "PUT", "/user_management/users/\(id)", json: #"{"email":"newer@example.com","email_verified":true}"#
        )
        #expect(both.json["email"].string == "newer@example.com")
        #expect(both.json["email_verified"].bool == true)
    }

    @Test func updateUser_ToATakenOrMalformedEmail_Answers400AndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try UsersFixtures.createUserID(client, email: "first@example.com")
        let id = try UsersFixtures.createUserID(client, email: "second@example.com")
        let before = try UsersFixtures.snapshot(server)
        let taken = try client.request("PUT", "/user_management/users/\(id)", json: #"{"email":"FIRST@example.com"}"#)
        #expect(taken.status == 400)
        #expect(taken.json["code"].string == "email_not_available")
        let malformed = try client.request("PUT", "/user_management/users/\(id)", json: #"{"email":"nope@"}"#)
        #expect(malformed.status == 400)
        #expect(malformed.json["code"].string == "invalid_email")
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func updateUser_WithInvalidLocaleMetadataOrExternalID_Answers4xxAndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        _ = try UsersFixtures.createUser(client, #"{"email":"x1@example.com","external_id":"used"}"#)
        let id = try UsersFixtures.createUserID(client, email: "x2@example.com")
        let before = try UsersFixtures.snapshot(server)
        let cases: [(String, Int, String)] = [
            (#"{"locale":"not a locale"}"#, 400, "invalid_locale"),
            (#"{"metadata":{"a":1}}"#, 400, "invalid_metadata"),
            (#"{"external_id":"used"}"#, 400, "external_id_already_used"),
            (#"{"email_verified":"maybe"}"#, 422, "invalid_request_parameters"),
            (#"{"password":"short"}"#, 400, "password_strength_error"),
        ]
        for (json, status, code) in cases {
            let response = try client.request("PUT", "/user_management/users/\(id)", json: json)
            #expect(response.status == status, "\(json)")
            #expect(response.json["code"].string == code, "\(json)")
        }
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    @Test func updateUser_SettingAPassword_StoresANewHashAndEmitsUserUpdated() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "setpw@example.com")
        let response = try client.request(
            "PUT", "/user_management/users/\(id)", json: #"{"password":"a-brand-new-password"}"#
        )
        #expect(response.status == 200)
        #expect(!response.text.contains("a-brand-new-password"))
        let stored: String? = try server.application.services.database.read { connection in
            try connection.fetchScalar("SELECT password_hash FROM users WHERE id = ?", [.text(id)])
        }
        #expect(stored != nil)
        #expect(try UsersFixtures.events(client, "user.updated").count == 1)
    }

    @Test func updateUser_Unknown_Answers404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("PUT", "/user_management/users/user_missing", json: #"{}"#)
        #expect(response.status == 404)
        #expect(response.json["code"].string == "entity_not_found")
    }

    // MARK: Delete

    @Test func deleteUser_Answers204WithoutBody_EmitsUserDeleted_AndTheUserIsGone() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "gone@example.com")
        let response = try client.request("DELETE", "/user_management/users/\(id)")
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Type") == nil)
        #expect(try client.request("GET", "/user_management/users/\(id)").status == 404)
        let events = try UsersFixtures.events(client, "user.deleted")
        #expect(events.first?["data"]["id"].string == id)
        #expect(events.first?["data"]["email"].string == "gone@example.com")
    }

    @Test func deleteUser_Unknown_Answers404AndChangesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let before = try UsersFixtures.snapshot(server)
        let response = try server.client().request("DELETE", "/user_management/users/user_missing")
        #expect(response.status == 404)
        #expect(try UsersFixtures.snapshot(server) == before)
    }

    // MARK: List

    @Test func listUsers_PaginatesNewestFirstWithAfterAndBeforeCursors() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let seeded = try client.request("GET", "/user_management/users?limit=100").json["data"].array.count
        var created: [String] = []
        for index in 0..<5 {
            created.append(try UsersFixtures.createUserID(client, email: "page\(index)@example.com"))
        }
        var seen: [String] = []
        var after: String?
        repeat {
            let page = try client.request(
                "GET", "/user_management/users?limit=2&order=desc" + (after.map { "&after=\($0)" } ?? "")
            ).json
            #expect(page["object"].string == "list")
            #expect(page["list_metadata"]["before"].exists && page["list_metadata"]["after"].exists)
            seen += page["data"].array.compactMap { $0["id"].string }
            after = page["list_metadata"]["after"].string
        } while after != nil
        #expect(seen.count == 5 + seeded)
        #expect(Array(seen.prefix(5)) == created.reversed())
        let first = try client.request("GET", "/user_management/users?limit=2").json
        let cursor = try #require(first["list_metadata"]["after"].string)
        let second = try client.request("GET", "/user_management/users?limit=2&after=\(cursor)").json
        let before = try #require(second["list_metadata"]["before"].string)
        let back = try client.request("GET", "/user_management/users?limit=2&before=\(before)").json
        #expect(back["data"].array.map { $0["id"].string } == first["data"].array.map { $0["id"].string })
    }

    @Test func listUsers_FiltersByEmailCaseInsensitively() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "find.me@example.com")
        _ = try UsersFixtures.createUserID(client, email: "other@example.com")
        let page = try client.request("GET", "/user_management/users?email=Find.Me%40EXAMPLE.com").json
        #expect(page["data"].array.map { $0["id"].string } == [id])
    }

    @Test func listUsers_FiltersByActiveMembershipOfAnOrganization_AlsoThroughTheDeprecatedParameter() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let organizationID = try #require(
            try client.request("POST", "/organizations", json: #"{"name":"Members"}"#).json["id"].string
        )
        let active = try UsersFixtures.createUserID(client, email: "active@example.com")
        let inactive = try UsersFixtures.createUserID(client, email: "inactive@example.com")
        _ = try UsersFixtures.createUserID(client, email: "outsider@example.com")
        for (index, (userID, status)) in [(active, "active"), (inactive, "inactive")].enumerated() {
            try UsersFixtures.execute(
                server,
                """
                INSERT INTO organization_memberships (id, environment_id, organization_id, user_id, status, created_at,
                    updated_at)
                SELECT ?, environment_id, ?, ?, ?, created_at, updated_at FROM users WHERE id = ?
                """,
                [.text("om_test\(index)"), .text(organizationID), .text(userID), .text(status), .text(userID)]
            )
        }
        for parameter in ["organization_id", "organization"] {
            let page = try client.request("GET", "/user_management/users?\(parameter)=\(organizationID)").json
            #expect(page["data"].array.map { $0["id"].string } == [active], "\(parameter)")
        }
    }

    @Test func listUsers_WithBadLimit_Answers422() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/user_management/users?limit=0")
        #expect(response.status == 422)
        #expect(response.json["errors"][0]["field"].string == "limit")
    }

    // MARK: Identities

    @Test func listIdentities_IsABareArrayOfLinkedOAuthIdentities() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = server.client()
        let id = try UsersFixtures.createUserID(client, email: "oauth@example.com")
        let empty = try client.request("GET", "/user_management/users/\(id)/identities")
        #expect(empty.status == 200)
        #expect(empty.text == "[]")
        try UsersFixtures.execute(
            server,
            """
            INSERT INTO user_identities (id, environment_id, user_id, idp_id, type, provider, created_at)
            SELECT 'user_identity_1', environment_id, id, '12345', 'OAuth', 'GoogleOAuth', created_at FROM users
            WHERE id = ?
            """,
            [.text(id)]
        )
        let linked = try client.request("GET", "/user_management/users/\(id)/identities").json
        #expect(linked.array.count == 1)
        #expect(linked[0]["idp_id"].string == "12345")
        #expect(linked[0]["type"].string == "OAuth")
        #expect(linked[0]["provider"].string == "GoogleOAuth")
    }

    @Test func listIdentities_OfAnUnknownUser_Answers404() throws {
        let server = try TestServer()
        defer { server.stop() }
        let response = try server.client().request("GET", "/user_management/users/user_missing/identities")
        #expect(response.status == 404)
    }
}

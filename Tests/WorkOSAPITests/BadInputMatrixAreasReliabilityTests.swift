// workos-emulator — the bad-input matrix (issue 7) over the areas that landed after the sign-in matrix: standalone
// MFA (`/auth/*`, the legacy aliases, the SMS code helper), Directory Sync (the REST reads and deletes, the sync
// request, and the control calls that play the directory provider), webhooks (endpoints and their control calls) and
// Audit Logs (events, schemas, exports and their download, retention), the User Management settings (JWT template,
// redirect URIs, CORS origins) and FGA v1 (resource types, schema, resources, warrants, check, query). Same checks as `BadInputMatrixReliabilityTests`
// (machinery in `BadInputMatrix.swift`).
// Licensed MIT.

import EmulatorTesting
import Foundation
import Testing

extension BadInputMatrix {
    static let areaEndpoints: [MatrixEndpoint] = [
        // Standalone MFA (catalog-B §5).
        MatrixEndpoint(
            "POST", "/auth/factors/enroll",
            body: [("type", #""totp""#), ("totp_issuer", #""Matrix""#), ("totp_user", #""matrix@example.com""#)],
            fields: [
                MatrixField(name: "type", kind: .oneOf([]), isRequired: true),
                MatrixField(name: "totp_issuer", kind: .string(maxLength: 200), isRequired: true),
                MatrixField(name: "totp_user", kind: .string(maxLength: 320), isRequired: true),
                MatrixField(name: "user_id", kind: string),
            ]
        ),
        MatrixEndpoint(
            "POST", "/auth/factors/enroll", variant: "sms", body: [("type", #""sms""#), ("phone_number", #""+15555550100""#)],
            fields: [MatrixField(name: "phone_number", kind: .oneOf([]), isRequired: true)]
        ),
        MatrixEndpoint("GET", "/auth/factors/{mfafactor}"),
        MatrixEndpoint("DELETE", "/auth/factors/{mfafactor}"),
        MatrixEndpoint(
            "POST", "/auth/factors/{mfafactor}/challenge", variant: "standalone", body: [],
            fields: [MatrixField(name: "sms_template", kind: .string(maxLength: 1_000))]
        ),
        MatrixEndpoint(
            "POST", "/auth/challenges/{mfachallenge}/verify", body: [("code", #""123456""#)],
            fields: [MatrixField(name: "code", kind: .string(maxLength: 64), isRequired: true)]
        ),
        MatrixEndpoint(
            "POST", "/auth/factors/challenge", body: [("authentication_factor_id", #""{mfafactor}""#)],
            fields: [
                MatrixField(name: "authentication_factor_id", kind: string, isRequired: true),
                MatrixField(name: "sms_template", kind: .string(maxLength: 1_000)),
            ]
        ),
        MatrixEndpoint(
            "POST", "/auth/factors/verify",
            body: [("authentication_challenge_id", #""{mfachallenge}""#), ("code", #""123456""#)],
            fields: [
                MatrixField(name: "authentication_challenge_id", kind: string, isRequired: true),
                MatrixField(name: "code", kind: .string(maxLength: 64), isRequired: true),
            ]
        ),
        MatrixEndpoint("GET", "/_emulator/auth_challenges/{smschallenge}/code"),
        // Directory Sync (catalog-B §3) and its control calls (emulator.md "Control API").
        MatrixEndpoint("GET", "/directories?organization_id={org}&after={directory}", isList: true),
        MatrixEndpoint("GET", "/directories/{directory}"),
        MatrixEndpoint("DELETE", "/directories/{directory}"),
        MatrixEndpoint("POST", "/directories/{directory}/sync"),
        MatrixEndpoint("GET", "/directory_users?directory={directory}&after={directoryuser}", isList: true),
        MatrixEndpoint("GET", "/directory_users?group={directorygroup}", variant: "group", isList: true),
        MatrixEndpoint("GET", "/directory_users/{directoryuser}"),
        MatrixEndpoint("GET", "/directory_groups?directory={directory}&after={directorygroup}", isList: true),
        MatrixEndpoint("GET", "/directory_groups?user={directoryuser}", variant: "user", isList: true),
        MatrixEndpoint("GET", "/directory_groups/{directorygroup}"),
        MatrixEndpoint(
            "POST", "/_emulator/directories", body: [("organization_id", #""{org}""#)],
            fields: [
                MatrixField(name: "organization_id", kind: string, isRequired: true),
                MatrixField(name: "name", kind: .string(maxLength: 255)),
                MatrixField(name: "type", kind: .oneOf([])),
                MatrixField(name: "domain", kind: .domain),
            ]
        ),
        MatrixEndpoint(
            "POST", "/_emulator/directories/{directory}/users", body: [],
            fields: Self.directoryUserFields
        ),
        MatrixEndpoint("PUT", "/_emulator/directory_users/{directoryuser}", body: [], fields: Self.directoryUserFields),
        MatrixEndpoint("DELETE", "/_emulator/directory_users/{directoryuser}"),
        MatrixEndpoint(
            "POST", "/_emulator/directories/{directory}/groups", body: [("name", #""Matrix group""#)],
            fields: [MatrixField(name: "name", kind: .string(maxLength: 255), isRequired: true)]
        ),
        MatrixEndpoint(
            "PUT", "/_emulator/directory_groups/{directorygroup}", body: [],
            fields: [MatrixField(name: "name", kind: .string(maxLength: 255))]
        ),
        MatrixEndpoint("DELETE", "/_emulator/directory_groups/{directorygroup}"),
        // Webhooks (the spec's webhook endpoints; emulator.md's control calls).
        MatrixEndpoint("GET", "/webhook_endpoints?after={webhook}", isList: true),
        MatrixEndpoint(
            "POST", "/webhook_endpoints",
            body: [("endpoint_url", #""http://127.0.0.1:9/matrix-new""#), ("events", #"["user.created"]"#)],
            fields: [
                MatrixField(name: "endpoint_url", kind: string, isRequired: true),
                MatrixField(name: "events", kind: .stringArray, isRequired: true),
            ]
        ),
        MatrixEndpoint(
            "PATCH", "/webhook_endpoints/{webhook}", body: [],
            fields: [
                MatrixField(name: "endpoint_url", kind: string),
                MatrixField(name: "events", kind: .stringArray),
                MatrixField(name: "status", kind: .oneOf([])),
            ]
        ),
        MatrixEndpoint("DELETE", "/webhook_endpoints/{webhook}"),
        MatrixEndpoint(
            "POST", "/_emulator/webhook_endpoints", body: [("url", #""http://127.0.0.1:9/matrix-control""#)],
            fields: [
                MatrixField(name: "url", kind: string, isRequired: true),
                MatrixField(name: "secret", kind: .string(maxLength: 1_024)),
                MatrixField(name: "events", kind: .stringArray),
            ]
        ),
        MatrixEndpoint("GET", "/_emulator/webhook_deliveries?endpoint_id={webhook}", isList: true),
        // Audit Logs (catalog-B §4). An action name is a name, not an id: posting a schema for an unknown one creates
        // it (the documented way actions come to exist), so that path is not probed.
        MatrixEndpoint(
            "POST", "/audit_logs/events", body: [("organization_id", #""{org}""#), ("event", Self.auditEvent)],
            fields: [
                MatrixField(name: "organization_id", kind: string, isRequired: true),
                MatrixField(name: "event", kind: .objectArray, isRequired: true),
            ]
        ),
        MatrixEndpoint("GET", "/audit_logs/actions", isList: true),
        MatrixEndpoint("GET", "/audit_logs/actions/{auditaction}/schemas", isList: true),
        MatrixEndpoint(
            "POST", "/audit_logs/actions/{auditaction}/schemas", body: [("targets", #"[{"type":"team"}]"#)],
            fields: [MatrixField(name: "targets", kind: .objectArray, isRequired: true)], unprobed: ["auditaction"]
        ),
        MatrixEndpoint(
            "POST", "/audit_logs/exports",
            body: [
                ("organization_id", #""{org}""#), ("range_start", #""2026-01-01T00:00:00.000Z""#),
                ("range_end", #""2027-01-01T00:00:00.000Z""#),
            ],
            fields: [
                MatrixField(name: "organization_id", kind: string, isRequired: true),
                MatrixField(name: "range_start", kind: .oneOf([]), isRequired: true),
                MatrixField(name: "range_end", kind: .oneOf([]), isRequired: true),
                MatrixField(name: "actions", kind: .stringArray),
                MatrixField(name: "actor_names", kind: .stringArray),
                MatrixField(name: "actor_ids", kind: .stringArray),
                MatrixField(name: "targets", kind: .stringArray),
            ],
            // The spec documents export errors as NestJS 400s (`{message: [...], error: "Bad Request"}`).
            shape: .nest
        ),
        MatrixEndpoint("GET", "/audit_logs/exports/{auditexport}"),
        MatrixEndpoint(
            "GET", "/_emulator/audit_log_exports/{auditexport}/download?token=not-the-token", auth: .none,
            badPaths: [
                "/_emulator/audit_log_exports/{auditexport}/download",
                "/_emulator/audit_log_exports/{auditexport}/download?token=",
            ]
        ),
        MatrixEndpoint("GET", "/organizations/{org}/audit_logs_retention"),
        MatrixEndpoint(
            "PUT", "/organizations/{org}/audit_logs_retention", body: [("retention_period_in_days", "30")],
            fields: [MatrixField(name: "retention_period_in_days", kind: .integer(validRange: 30...3650))]
        ),
        MatrixEndpoint("GET", "/organizations/{org}/audit_log_configuration"),
        // User Management settings (catalog-A §6; the spec's jwt_template, redirect_uris, cors_origins).
        MatrixEndpoint("GET", "/user_management/jwt_template"),
        MatrixEndpoint(
            "PUT", "/user_management/jwt_template", body: [("content", #""{\"tier\": \"gold\"}""#)],
            fields: [MatrixField(name: "content", kind: .string(maxLength: 4_096), isRequired: true)]
        ),
        MatrixEndpoint("GET", "/user_management/redirect_uris?after={redirect}", isList: true),
        MatrixEndpoint(
            "POST", "/user_management/redirect_uris", body: [("uri", #""https://matrix.example.com/callback""#)],
            fields: [MatrixField(name: "uri", kind: .string(maxLength: 2_048), isRequired: true)],
            badPaths: []
        ),
        MatrixEndpoint("DELETE", "/user_management/redirect_uris/{redirect}"),
        MatrixEndpoint("GET", "/user_management/cors_origins", isList: true),
        MatrixEndpoint(
            "POST", "/user_management/cors_origins", body: [("origin", #""https://matrix-new.example.com""#)],
            fields: [MatrixField(name: "origin", kind: .string(maxLength: 2_048), isRequired: true)]
        ),
        // FGA v1 (catalog-B §6). Its lists refuse a bad limit or order with 400 `invalid_parameter` (§6.8).
        MatrixEndpoint("GET", "/fga/v1/resource-types", isList: true, paginationStatus: 400),
        MatrixEndpoint(
            "POST", "/fga/v1/resource-types", body: [("type", #""matrixnew""#), ("relations", #"{"owner":{}}"#)],
            fields: [
                MatrixField(name: "type", kind: string, isRequired: true),
                MatrixField(name: "relations", kind: .object),
            ]
        ),
        MatrixEndpoint("GET", "/fga/v1/resource-types/{fgatype}"),
        MatrixEndpoint(
            "PUT", "/fga/v1/resource-types/{fgatype}", body: [("relations", #"{"owner":{}}"#)],
            fields: [MatrixField(name: "relations", kind: .object)]
        ),
        MatrixEndpoint("DELETE", "/fga/v1/resource-types/{fgatype}"),
        MatrixEndpoint("GET", "/fga/v1/resources?resource_type={fgatype}", isList: true, paginationStatus: 400),
        MatrixEndpoint(
            "POST", "/fga/v1/resources", body: [("resource_type", #""{fgatype}""#), ("resource_id", #""fresh""#)],
            fields: [
                MatrixField(name: "resource_type", kind: string, isRequired: true),
                MatrixField(name: "resource_id", kind: string),
                MatrixField(name: "meta", kind: .object),
            ]
        ),
        MatrixEndpoint(
            "POST", "/fga/v1/resources/batch",
            body: [("op", #""create""#), ("resources", #"[{"resource_type":"{fgatype}","resource_id":"batched"}]"#)],
            fields: [
                MatrixField(name: "op", kind: .oneOf([]), isRequired: true),
                MatrixField(name: "resources", kind: .objectArray, isRequired: true),
            ]
        ),
        MatrixEndpoint("GET", "/fga/v1/resources/{fgatype}/{fgaresource}"),
        MatrixEndpoint(
            "PUT", "/fga/v1/resources/{fgatype}/{fgaresource}", body: [("meta", #"{"k":"v"}"#)],
            fields: [MatrixField(name: "meta", kind: .object)]
        ),
        MatrixEndpoint("DELETE", "/fga/v1/resources/{fgatype}/{fgaresource}"),
        MatrixEndpoint("GET", "/fga/v1/warrants?resource_type={fgatype}", isList: true, paginationStatus: 400),
        MatrixEndpoint(
            "POST", "/fga/v1/warrants",
            body: [
                ("op", #""create""#), ("resource_type", #""{fgatype}""#), ("resource_id", #""{fgaresource}""#),
                ("relation", #""owner""#), ("subject", #"{"resource_type":"{fgatype}","resource_id":"someone"}"#),
            ],
            fields: [
                MatrixField(name: "op", kind: .oneOf([])),
                MatrixField(name: "resource_type", kind: string, isRequired: true),
                MatrixField(name: "resource_id", kind: string, isRequired: true),
                MatrixField(name: "relation", kind: string, isRequired: true),
                MatrixField(name: "subject", kind: .object, isRequired: true),
            ],
            // Resource ids are free-form names, not references: a warrant on a new id creates the resource, a check
            // of one answers `not_authorized` (catalog-B §6.2–6.4). The resource type must exist.
            unprobed: ["fgaresource"]
        ),
        MatrixEndpoint(
            "POST", "/fga/v1/check",
            body: [
                (
                    "checks",
                    #"[{"resource_type":"{fgatype}","resource_id":"{fgaresource}","relation":"owner","#
                        + #""subject":{"resource_type":"{fgatype}","resource_id":"someone"}}]"#
                ),
            ],
            fields: [
                MatrixField(name: "checks", kind: .objectArray, isRequired: true),
                MatrixField(name: "op", kind: .oneOf([])),
            ],
            unprobed: ["fgaresource"]
        ),
        MatrixEndpoint(
            "GET", "/fga/v1/query?q=select%20{fgatype}%20where%20{fgatype}:someone%20is%20owner",
            // A query naming a type the environment lacks answers an empty page, like a list with an unknown filter.
            isList: true,
            badPaths: [
                "/fga/v1/query", "/fga/v1/query?q=", "/fga/v1/query?q=select", "/fga/v1/query?q=select%20%5B%5D",
                "/fga/v1/query?q=select%20{fgatype}%20where%20{fgatype}:someone%20is%20owner&limit=0",
            ],
            paginationStatus: 400
        ),
        MatrixEndpoint("GET", "/fga/v1/schema"),
        MatrixEndpoint(
            "POST", "/fga/v1/schemas/convert", body: [("version", #""0.3""#), ("resource_types", "[]")],
            fields: [MatrixField(name: "resource_types", kind: .objectArray)]
        ),
        MatrixEndpoint(
            "POST", "/fga/v1/schema", body: [("resource_types", #"[{"type":"{fgatype}","relations":{"owner":{}}}]"#)],
            fields: [MatrixField(name: "resource_types", kind: .objectArray, isRequired: true)],
            unprobed: ["fgatype"]
        ),
    ]

    /// A valid audit log event (catalog-B §4 "AuditLogEvent").
    static let auditEvent = #"""
        {"action":"matrix.done","occurred_at":"2026-06-01T00:00:00.000Z","actor":{"id":"u1","type":"user"},
         "targets":[{"id":"t1","type":"team"}],"context":{"location":"127.0.0.1"}}
        """#

    /// The directory user fields of emulator.md's control calls.
    static let directoryUserFields: [MatrixField] = [
        MatrixField(name: "emails", kind: .objectArray),
        MatrixField(name: "first_name", kind: .string(maxLength: 255)),
        MatrixField(name: "last_name", kind: .string(maxLength: 255)),
        MatrixField(name: "username", kind: .string(maxLength: 255)),
        MatrixField(name: "job_title", kind: .string(maxLength: 255)),
        MatrixField(name: "state", kind: .oneOf([])),
        MatrixField(name: "groups", kind: .stringArray),
    ]

    /// Creates, in the environment of `key`: an organization, a standalone TOTP factor with a generic challenge, an
    /// SMS challenge, a directory with a group and a member of it, a webhook endpoint, an audit log action with a
    /// schema, and an audit log export.
    static func makeAreaFixture(on server: TestServer, key: String, tag: String) throws -> MatrixFixture {
        let client = server.client()
        var fixture = MatrixFixture(key: key)
        func create(_ method: String, _ path: String, _ body: String) throws -> TestJSON {
            let response = try client.request(method, fixture.fill(path), json: fixture.fill(body), key: key)
            guard (200..<300).contains(response.status) else {
                throw MatrixError("fixture \(method) \(path) answered \(response.status): \(response.text)")
            }
            return response.json
        }
        fixture.values["org"] = try create("POST", "/organizations", #"{"name":"Areas \#(tag)"}"#)["id"].string
        fixture.values["mfafactor"] = try create(
            "POST", "/auth/factors/enroll", #"{"type":"totp","totp_issuer":"Matrix","totp_user":"\#(tag)@example.com"}"#
        )["id"].string
        let generic = try create("POST", "/auth/factors/enroll", #"{"type":"generic_otp"}"#)["id"].string ?? ""
        fixture.values["mfachallenge"] = try create("POST", "/auth/factors/\(generic)/challenge", "{}")["id"].string
        let sms = try create("POST", "/auth/factors/enroll", #"{"type":"sms","phone_number":"+15555550100"}"#)
        fixture.values["smschallenge"] = try create(
            "POST", "/auth/factors/\(sms["id"].string ?? "")/challenge", "{}"
        )["id"].string
        fixture.values["directory"] = try create(
            "POST", "/_emulator/directories",
            #"{"organization_id":"{org}","name":"Matrix \#(tag)","type":"gsuite directory"}"#
        )["id"].string
        fixture.values["directorygroup"] = try create(
            "POST", "/_emulator/directories/{directory}/groups", #"{"name":"Group \#(tag)"}"#
        )["id"].string
        fixture.values["directoryuser"] = try create(
            "POST", "/_emulator/directories/{directory}/users",
            #"{"emails":[{"primary":true,"type":"work","value":"d-\#(tag)@example.com"}],"groups":["{directorygroup}"]}"#
        )["id"].string
        fixture.values["webhook"] = try create(
            "POST", "/webhook_endpoints",
            #"{"endpoint_url":"http://127.0.0.1:9/matrix-\#(tag)","events":["organization.created"]}"#
        )["id"].string
        fixture.values["auditaction"] = "matrix.\(tag)"
        _ = try create("POST", "/audit_logs/actions/{auditaction}/schemas", #"{"targets":[{"type":"team"}]}"#)
        fixture.values["auditexport"] = try create(
            "POST", "/audit_logs/exports",
            #"{"organization_id":"{org}","range_start":"2026-01-01T00:00:00Z","range_end":"2027-01-01T00:00:00Z"}"#
        )["id"].string
        fixture.values["redirect"] = try create(
            "POST", "/user_management/redirect_uris", #"{"uri":"https://matrix-\#(tag).example.com/callback"}"#
        )["id"].string
        fixture.values["fgatype"] = "matrix\(tag)"
        _ = try create("POST", "/fga/v1/resource-types", #"{"type":"{fgatype}","relations":{"owner":{}}}"#)
        fixture.values["fgaresource"] = "res-\(tag)"
        _ = try create("POST", "/fga/v1/resources", #"{"resource_type":"{fgatype}","resource_id":"{fgaresource}"}"#)
        let missing = [
            "org", "mfafactor", "mfachallenge", "smschallenge", "directory", "directorygroup", "directoryuser", "webhook",
            "auditexport", "redirect",
        ]
            .filter { (fixture.values[$0] ?? "").isEmpty }
        guard missing.isEmpty else { throw MatrixError("area fixture values missing: \(missing)") }
        return fixture
    }
}

@Suite struct BadInputMatrixAreasReliabilityTests {
    /// A server with the default environment ("A") and a second one ("B"), each with its MFA and directory fixture.
    static func makeSetup() throws -> MatrixSetup {
        let setup = MatrixSetup(server: try TestServer())
        let created = try setup.server.client().request("POST", "/_emulator/environments", json: #"{"name":"B"}"#)
        guard created.status == 201, let keyB = created.json["api_key"].string else {
            throw MatrixError("POST /_emulator/environments answered \(created.status)")
        }
        setup.a = try BadInputMatrix.makeAreaFixture(on: setup.server, key: TestServer.apiKey, tag: "a")
        setup.b = try BadInputMatrix.makeAreaFixture(on: setup.server, key: keyB, tag: "b")
        return setup
    }

    @Test(arguments: BadInputMatrix.areaEndpoints.filter { $0.body != nil || !$0.badPaths.isEmpty })
    func badBodies_Are4xxAndWriteNothing(_ endpoint: MatrixEndpoint) throws {
        try BadInputMatrix.checkBadBodies(try Self.makeSetup(), endpoint)
    }

    @Test(arguments: BadInputMatrix.areaEndpoints)
    func unknownAndForeignIds_AreAnsweredAlikeAndWriteNothing(_ endpoint: MatrixEndpoint) throws {
        try BadInputMatrix.checkIDs(try Self.makeSetup(), endpoint)
    }

    @Test(arguments: BadInputMatrix.areaEndpoints.filter(\.isList))
    func badPagination_Is422AndNotA500(_ endpoint: MatrixEndpoint) throws {
        try BadInputMatrix.checkPagination(try Self.makeSetup(), endpoint)
    }
}

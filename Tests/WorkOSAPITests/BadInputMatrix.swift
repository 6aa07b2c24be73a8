// workos-emulator — the machinery of the bad-input matrix (issue 7): what a field accepts and the wrong values sent
// for it, endpoints with `{placeholder}` fixture values, and the checks every matrix request goes through (a WorkOS-
// or OAuth-shaped 4xx, every table unchanged, `GET /events` unchanged, another environment's id answered exactly like
// an unknown one). `BadInputMatrixReliabilityTests` and `BadInputMatrixAuthReliabilityTests` list the endpoints.
// Licensed MIT.

import EmulatorTesting
import Foundation
import SQLite
import Synchronization
import Testing

/// What a body field accepts, which decides the wrong values sent for it.
enum MatrixKind: Sendable {
    case string(maxLength: Int?)
    case email
    case bool
    case stringArray
    case objectArray
    case metadata
    case integer(validRange: ClosedRange<Int>)
    case oneOf([String])
    case domain
    case slug(maxLength: Int)
    /// Any JSON object (FGA relations, meta, subjects): only non-objects are wrong.
    case object

    /// JSON texts that must all be refused with a 4xx.
    var wrongValues: [String] {
        let notStrings = ["42", "true", "[]", "{}", #"["a"]"#]
        switch self {
        case .string(let maxLength):
            return notStrings + (maxLength.map { [Self.quoted(String(repeating: "s", count: $0 + 1))] } ?? [])
        case .email:
            return notStrings + [
                #""not-an-email""#, #""a@""#, Self.quoted(String(repeating: "e", count: 5_000) + "@x.com"),
            ]
        case .bool:
            return ["1", #""yes""#, "[]", "{}"]
        case .stringArray:
            return [#""a""#, "42", "{}", "[1]", "[null]", "[[]]"]
        case .objectArray:
            return [#""a""#, "42", "{}", "[1]", #"["a"]"#, "[{}]"]
        case .metadata:
            let tooMany = "{" + (0..<51).map { #""k\#($0)":"v""# }.joined(separator: ",") + "}"
            return [
                #""a""#, "42", "[]", #"{"k":1}"#, #"{"k":{}}"#, #"{"k":null}"#, #"{"":"v"}"#, tooMany,
                "{" + Self.quoted(String(repeating: "k", count: 41)) + #":"v"}"#,
                #"{"k":"# + Self.quoted(String(repeating: "v", count: 601)) + "}",
            ]
        case .integer(let range):
            return ["true", "[]", "{}", #""x""#, "1.5", "\(range.lowerBound - 1)", "\(range.upperBound + 1)"]
        case .oneOf:
            return notStrings + [#""bogus-value""#]
        case .domain:
            return notStrings + [#""not a domain""#, #""-bad-.example""#, #""a..b""#]
        case .slug(let maxLength):
            return notStrings + [Self.quoted(String(repeating: "s", count: maxLength + 1)), #""Not A Slug!""#]
        case .object:
            return [#""a""#, "42", "true", "[]", #"["a"]"#]
        }
    }

    static func quoted(_ text: String) -> String { "\"\(text)\"" }
}

/// One body field of an endpoint.
struct MatrixField: Sendable {
    var name: String
    var kind: MatrixKind
    var isRequired = false
}

/// How a matrix request authenticates.
enum MatrixAuth: Sendable {
    /// `Authorization: Bearer <the environment's API key>`.
    case apiKey
    /// No `Authorization` header (public routes: authenticate, authorize, device, JWKS, logout, `/sso/token`).
    case none
    /// `Authorization: Bearer <value>` with `{placeholders}` filled (`GET /sso/profile` takes the access token).
    case bearer(String)
}

/// The error body an endpoint documents for a refused request.
enum MatrixErrorShape: Sendable {
    /// `{"message", "code"?, "errors"?}` (catalog-A §1.8, catalog-B §1.6); the OAuth form is accepted too.
    case workos
    /// OAuth `{"error", "error_description"}` for a malformed request (catalog-A §1.8 and §6.3 for
    /// `/user_management/authenticate` and `/authorize/device`, catalog-B §2.2 for `/sso/token`); for ids also the
    /// code form `{"code", "message"}` that §6.3 lists (`invalid_pending_authentication_token`, …) and 404
    /// `{message}`.
    case oauth
    /// NestJS `{"message": [...], "error": "Bad Request"}` for a 400, or `{message}` (catalog-A §8 widgets).
    case nest
    /// A browser route (catalog-B §2.1, emulator.md "Hosted sign-in pages"): a 4xx HTML error page, or a 302 to the
    /// redirect URI carrying `error` and `error_description`.
    case page
}

/// One endpoint: its path and minimal valid body with `{placeholders}` for fixture values.
struct MatrixEndpoint: Sendable, CustomTestStringConvertible {
    var method: String
    var path: String
    /// Tells apart endpoints that share a path (the grants of `/user_management/authenticate`).
    var variant: String?
    /// The members of a minimal valid body as key → JSON text; nil: the endpoint takes no body.
    var body: [(String, String)]?
    var fields: [MatrixField] = []
    /// Placeholders not to probe with unknown/foreign values (probing them would be a valid write).
    var unprobed: Set<String> = []
    /// True for list endpoints, which also get the pagination matrix.
    var isList = false
    var auth: MatrixAuth = .apiKey
    var shape: MatrixErrorShape = .workos
    /// Further requests that must be refused, as `path?query` (with `{placeholders}`), sent with `method` and body.
    var badPaths: [String] = []
    /// The `authentication.<method>_failed` event a refused but well-formed sign-in records (catalog-A §2.2 "failed
    /// authenticate"): allowed, alone, on id probes only. A malformed request records nothing.
    var failureEvent: String?
    /// The status of a bad `limit` or `order`: 422 everywhere but FGA v1, whose catalog section (catalog-B §6.8)
    /// answers 400 `invalid_parameter`.
    var paginationStatus = 422

    var testDescription: String { "\(self.method) \(self.path)" + (self.variant.map { " [\($0)]" } ?? "") }

    init(
        _ method: String,
        _ path: String,
        variant: String? = nil,
        body: [(String, String)]? = nil,
        fields: [MatrixField] = [],
        unprobed: Set<String> = [],
        isList: Bool = false,
        auth: MatrixAuth = .apiKey,
        shape: MatrixErrorShape = .workos,
        badPaths: [String] = [],
        failureEvent: String? = nil,
        paginationStatus: Int = 422
    ) {
        self.method = method
        self.path = path
        self.variant = variant
        self.body = body
        self.fields = fields
        self.unprobed = unprobed
        self.isList = isList
        self.auth = auth
        self.shape = shape
        self.badPaths = badPaths
        self.failureEvent = failureEvent
        self.paginationStatus = paginationStatus
    }

    /// Placeholders used in the path, the body and a bearer value.
    var placeholders: [String] {
        var bearer = ""
        if case .bearer(let value) = self.auth { bearer = value }
        let text = self.path + (self.body?.map { $0.1 }.joined() ?? "") + bearer
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            if name.allSatisfy({ $0.isLetter }), !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

/// Objects of one environment that the matrix refers to by placeholder.
struct MatrixFixture {
    var key: String
    var values: [String: String] = [:]

    /// Replaces every `{placeholder}` in `text`.
    func fill(_ text: String, overriding: [String: String] = [:]) -> String {
        var result = text
        for (name, value) in self.values.merging(overriding, uniquingKeysWith: { $1 }) {
            result = result.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return result
    }
}

struct MatrixError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A server with the default environment ("A") and a second one ("B"), each with its fixture.
final class MatrixSetup {
    let server: TestServer
    var a = MatrixFixture(key: TestServer.apiKey)
    var b = MatrixFixture(key: "")

    init(server: TestServer) {
        self.server = server
    }

    deinit { self.server.stop() }
}

enum BadInputMatrix {
    static let string = MatrixKind.string(maxLength: nil)
    static let slug = MatrixKind.slug(maxLength: 48)

    /// Requests sent per check and endpoint, printed by each test for the README's figures.
    static let sent = Mutex<[String: Int]>([:])

    static func count(_ check: String, _ endpoint: MatrixEndpoint, _ requests: Int) {
        let total = Self.sent.withLock { counts in
            counts[check, default: 0] += requests
            return counts[check] ?? 0
        }
        print("bad-input matrix: \(check) \(endpoint.testDescription): \(requests) requests (\(check) so far \(total))")
    }

    /// A value that names nothing but sits right next to `value` in id order: its last character moved by one
    /// (`org_…1NZ` → `org_…1NY`). Lists compare cursors by position, so an unknown cursor must sort where the
    /// foreign one does for the two answers to be comparable.
    static func unknown(near value: String) -> String {
        guard let last = value.last else { return "x" }
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghijklmnopqrstuvwxyz")
        guard let index = alphabet.firstIndex(of: last) else { return value + "x" }
        let replacement = index > 0 ? alphabet[index - 1] : alphabet[index + 1]
        return String(value.dropLast()) + String(replacement)
    }

    static func bodyText(_ members: [(String, String)]) -> String {
        "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    // MARK: Sending and checking

    /// Sends one request as environment A would (its key, or the endpoint's own authentication).
    static func send(
        _ setup: MatrixSetup,
        _ endpoint: MatrixEndpoint,
        _ method: String,
        _ path: String,
        body: String?,
        overriding: [String: String] = [:]
    ) throws -> TestResponse {
        let client = setup.server.client()
        switch endpoint.auth {
        case .apiKey: return try client.request(method, path, json: body, key: setup.a.key)
        case .none: return try client.request(method, path, json: body, key: nil)
        case .bearer(let value):
            return try client.request(method, path, json: body, key: setup.a.fill(value, overriding: overriding))
        }
    }

    /// Sends one request and checks it is a 4xx of the endpoint's error shape that wrote nothing (or, when
    /// `allowingFailureEvent`, only the endpoint's documented failure event); returns it.
    @discardableResult
    static func expectRefused(
        _ setup: MatrixSetup,
        _ endpoint: MatrixEndpoint,
        _ method: String,
        _ path: String,
        body: String?,
        _ label: String,
        overriding: [String: String] = [:],
        isIDProbe: Bool = false
    ) throws -> TestResponse {
        let before = try setup.server.storeSnapshot()
        let eventsBefore = try Self.eventCount(setup)
        let response = try Self.send(setup, endpoint, method, path, body: body, overriding: overriding)
        Self.expectShaped(response, endpoint.shape, isIDProbe: isIDProbe, label)
        let after = try setup.server.storeSnapshot()
        let eventsAfter = try Self.eventCount(setup)
        if isIDProbe, let allowed = endpoint.failureEvent, after.differences(from: before) == ["events"] {
            // A well-formed sign-in that failed: only its documented `authentication.*_failed` event, once.
            let added = after.count("events") - before.count("events")
            let failures = try setup.server.client().request("GET", "/events?events=\(allowed)&limit=100")
            #expect(added == 1 && eventsAfter == eventsBefore + 1, "\(label): \(added) events added")
            let newest = failures.json["data"][0]["event"].string
            #expect(newest == allowed, "\(label): new event \(newest ?? "none"), only \(allowed) is allowed")
            return response
        }
        let isUnchanged = after == before
        #expect(isUnchanged, "\(label) changed \(after.differences(from: before))")
        #expect(eventsAfter == eventsBefore, "\(label): GET /events shows a new event")
        return response
    }

    /// A 4xx body of the endpoint's documented shape (catalog-A §1.8, catalog-B §1.6).
    static func expectShaped(_ response: TestResponse, _ shape: MatrixErrorShape, isIDProbe: Bool, _ label: String) {
        let json = response.json
        let what = "\(label): \(response.status) \(response.text.prefix(300))"
        let isOAuth = json["error"].string != nil && json["error_description"].string != nil
        let hasMessage = json["message"].string != nil
        switch shape {
        case .page:
            if response.status == 302 {
                let location = response.header("Location") ?? ""
                let items = URLComponents(string: location)?.queryItems ?? []
                #expect(items.contains { $0.name == "error" }, "\(what): redirect without error: \(location)")
                #expect(items.contains { $0.name == "error_description" }, "\(what): \(location)")
            } else {
                #expect((400..<500).contains(response.status), "\(what)")
                #expect(response.header("Content-Type")?.hasPrefix("text/html") == true || hasMessage, "\(what)")
            }
            return
        case .workos:
            #expect(hasMessage || isOAuth, "\(what): not a WorkOS error body")
        case .oauth:
            let isCoded = json["code"].string != nil && hasMessage
            let isNotFound = response.status == 404 && hasMessage
            #expect(isOAuth || (isIDProbe && (isCoded || isNotFound)), "\(what): not an OAuth error body")
        case .nest:
            // The validator's `{"message": [...], "error": "Bad Request"}`, or `{message}` (a body that is no JSON).
            let messages = json["message"].array.compactMap(\.string)
            let isNest = !messages.isEmpty && json["error"].string == "Bad Request"
            #expect(hasMessage || (response.status == 400 && isNest), "\(what): not a WorkOS or NestJS error body")
        }
        #expect((400..<500).contains(response.status), "\(what)")
        if response.status == 422 && json["code"].string == "invalid_request_parameters" {
            #expect(!json["errors"].array.isEmpty, "\(what): 422 without errors")
        }
        #expect(response.header("Content-Type")?.hasPrefix("application/json") == true, "\(what)")
    }

    /// Every event of environment A, counted through the API.
    static func eventCount(_ setup: MatrixSetup) throws -> Int {
        let names = Self.eventNames.joined(separator: ",")
        var count = 0
        var after: String?
        repeat {
            let cursor = after.map { "&after=\($0)" } ?? ""
            let page = try setup.server.client().request("GET", "/events?events=\(names)&limit=100\(cursor)")
            guard page.status == 200 else { throw MatrixError("GET /events answered \(page.status): \(page.text)") }
            count += page.json["data"].array.count
            after = page.json["list_metadata"]["after"].string
        } while after != nil
        return count
    }

    /// Every event type the emulator emits.
    static let eventNames = [
        "organization.created", "organization.updated", "organization.deleted", "organization_domain.created",
        "organization_domain.updated", "organization_domain.deleted", "organization_domain.verified",
        "organization_domain.verification_failed", "user.created", "user.updated", "user.deleted",
        "organization_membership.created", "organization_membership.updated", "organization_membership.deleted",
        "invitation.created", "invitation.accepted", "invitation.revoked", "invitation.resent",
        "email_verification.created", "password_reset.created", "password_reset.succeeded", "magic_auth.created",
        "role.created", "role.updated", "role.deleted", "organization_role.created", "organization_role.updated",
        "organization_role.deleted", "permission.created", "permission.updated", "permission.deleted",
        "session.created", "session.revoked", "connection.activated", "connection.deactivated", "connection.deleted",
    ] + ["password", "magic_auth", "oauth", "sso", "email_verification", "mfa", "passkey"].flatMap {
        ["authentication.\($0)_succeeded", "authentication.\($0)_failed"]
    }

    // MARK: The checks

    /// Broken documents, each field with each wrong value, each required field missing, null, blank, or missing with
    /// an unknown extra field; then the endpoint's further bad paths.
    static func checkBadBodies(_ setup: MatrixSetup, _ endpoint: MatrixEndpoint) throws {
        var sent = 0
        let path = setup.a.fill(endpoint.path)
        let label = endpoint.testDescription
        if let minimal = endpoint.body {
            for text in ["not json", "[]", "null", #""a string""#, "{", #"{"a":1,}"#] {
                try Self.expectRefused(setup, endpoint, endpoint.method, path, body: text, "\(label) body \(text)")
                sent += 1
            }
            for field in endpoint.fields {
                for wrong in field.kind.wrongValues {
                    let members = minimal.filter { $0.0 != field.name } + [(field.name, wrong)]
                    let body = setup.a.fill(Self.bodyText(members))
                    try Self.expectRefused(
                        setup, endpoint, endpoint.method, path, body: body, "\(label) \(field.name)=\(wrong.prefix(60))"
                    )
                    sent += 1
                }
                if field.isRequired {
                    let without = minimal.filter { $0.0 != field.name }
                    for members in [
                        without, without + [(field.name, "null")], without + [(field.name, #""   ""#)],
                        without + [("unexpected_extra_field", #""x""#)],
                    ] {
                        let body = setup.a.fill(Self.bodyText(members))
                        try Self.expectRefused(
                            setup, endpoint, endpoint.method, path, body: body,
                            "\(label) without \(field.name): \(body)"
                        )
                        sent += 1
                    }
                }
            }
        }
        let body = endpoint.body.map { setup.a.fill(Self.bodyText($0)) }
        for badPath in endpoint.badPaths {
            try Self.expectRefused(
                setup, endpoint, endpoint.method, setup.a.fill(badPath), body: body, "\(label) \(badPath)"
            )
            sent += 1
        }
        Self.count("bodies", endpoint, sent)
    }

    /// Each `{placeholder}` replaced by B's value and by an unknown value next to it: the same 4xx, the same body once
    /// the id is masked (lists: the same page), nothing written in either environment.
    static func checkIDs(_ setup: MatrixSetup, _ endpoint: MatrixEndpoint) throws {
        var sent = 0
        for name in endpoint.placeholders where !endpoint.unprobed.contains(name) && name != "otheruser" {
            guard let own = setup.a.values[name], let foreign = setup.b.values[name] else { continue }
            var unknown = Self.unknown(near: foreign)
            while setup.a.values.values.contains(unknown) || setup.b.values.values.contains(unknown) {
                unknown = Self.unknown(near: unknown)
            }
            #expect(unknown != own)
            let label = "\(endpoint.testDescription) {\(name)}"
            func send(_ value: String) throws -> TestResponse {
                let path = setup.a.fill(endpoint.path, overriding: [name: value])
                let body = endpoint.body.map { setup.a.fill(Self.bodyText($0), overriding: [name: value]) }
                if endpoint.isList {
                    // A foreign or unknown cursor or filter on a list may be a 4xx or an empty page; it must
                    // still be the same answer either way, and write nothing.
                    let before = try setup.server.storeSnapshot()
                    let response = try Self.send(setup, endpoint, endpoint.method, path, body: body)
                    let isUnchanged = try setup.server.storeSnapshot() == before
                    #expect(isUnchanged, "\(label)")
                    #expect(response.status < 500, "\(label): \(response.status)")
                    return response
                }
                return try Self.expectRefused(
                    setup, endpoint, endpoint.method, path, body: body, "\(label) = \(value)",
                    overriding: [name: value], isIDProbe: true
                )
            }
            let unknownResponse = try send(unknown)
            let foreignResponse = try send(foreign)
            sent += 2
            #expect(
                foreignResponse.status == unknownResponse.status,
                "\(label): \(foreignResponse.status) vs \(unknownResponse.status)")
            func masked(_ response: TestResponse, _ value: String) -> String {
                let location = response.header("Location") ?? ""
                return (location + " " + response.text).replacingOccurrences(of: value, with: "<ID>")
            }
            let normalizedUnknown = masked(unknownResponse, unknown)
            let normalizedForeign = masked(foreignResponse, foreign)
            #expect(
                normalizedForeign == normalizedUnknown,
                "\(label): foreign \(normalizedForeign) vs unknown \(normalizedUnknown)")
        }
        Self.count("ids", endpoint, sent)
    }

    /// `limit` 0, 101, −1, `abc`, `1e3`, `%00` and `order=sideways`: each a 422.
    static func checkPagination(_ setup: MatrixSetup, _ endpoint: MatrixEndpoint) throws {
        let parts = setup.a.fill(endpoint.path).split(separator: "?", maxSplits: 1).map(String.init)
        // Keep the list's required filters (organization_id, events), drop its cursor.
        let filters = (parts.count > 1 ? parts[1] : "").split(separator: "&").filter { !$0.hasPrefix("after=") }
        let queries = ["limit=0", "limit=101", "limit=-1", "limit=abc", "limit=1e3", "order=sideways", "limit=%00"]
        for query in queries {
            let path = parts[0] + "?" + (filters + [Substring(query)]).joined(separator: "&")
            let response = try Self.expectRefused(
                setup, endpoint, "GET", path, body: nil, "\(endpoint.testDescription) ?\(query)")
            #expect(
                response.status == endpoint.paginationStatus, "\(path): \(response.status) \(response.text.prefix(200))"
            )
        }
        Self.count("pagination", endpoint, queries.count)
    }
}

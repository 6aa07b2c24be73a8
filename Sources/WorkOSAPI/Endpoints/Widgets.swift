// workos-emulator — widget tokens (https://workos.com/docs/reference/widgets/get-token; catalog-A §8).
// Licensed MIT.

import HTTP1
import JSONCodec
import TokenSigning

/// `POST /widgets/token`: an RS256 JWT signed with the environment's key, verifiable with
/// `GET /sso/jwks/{client_id}` like the AuthKit access tokens.
enum Widgets {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.post, "/widgets/token", self.createToken)
    }

    /// A widget permission: the spec's `WidgetSessionTokenDto.scopes` enum, all seven values.
    enum Scope: String, CaseIterable, Sendable {
        /// The Users Management widget.
        case usersTable = "widgets:users-table:manage"
        /// The Domain Verification widget.
        case domainVerification = "widgets:domain-verification:manage"
        /// The SSO connection widget.
        case sso = "widgets:sso:manage"
        /// The API Keys widget.
        case apiKeys = "widgets:api-keys:manage"
        /// The Directory Sync widget.
        case dsync = "widgets:dsync:manage"
        /// The Audit Log Streaming widget.
        case auditLogStreaming = "widgets:audit-log-streaming:manage"
        /// The Pipes widget.
        case pipes = "widgets:pipes:manage"
    }

    /// `exp − iat`: "Widget tokens expire after one hour" (https://workos.com/docs/widgets/tokens).
    static let lifetimeSeconds: Int64 = 3600

    /// `POST /widgets/token` `{organization_id?, user_id?, scopes?}` → 201 `{"token": <JWT>}`.
    ///
    /// Claims: `iss`, `sub` (the user, when given), `org_id` (when given), `scopes` and `permissions` (the same
    /// list), `jti`, `iat`, `exp` (one hour). With a user and an organization the user must be an active member
    /// (404 `organization_membership_not_found`), and "the requested scopes will be also be restricted to the
    /// permissions that the user has in the requested organization" (API reference): a scope none of the member's
    /// roles grants is left out of the token. Without a user the scopes are granted as asked.
    ///
    /// Errors: a malformed body is the 400 the spec documents for this endpoint, NestJS-style
    /// `{"message": [...], "error": "Bad Request"}` (a scope outside the enum, wrong types, scopes without
    /// `organization_id`, neither id); then 404 for an unknown organization or user.
    @Sendable static func createToken(_ context: RequestContext) throws -> HTTPResponse {
        let request = try self.parse(try context.body())
        let environment = context.environment
        let granted = try context.read { connection -> [String] in
            if let organizationID = request.organizationID {
                _ = try context.organizations.require(id: organizationID, in: connection)
            }
            guard let userID = request.userID else { return request.scopes }
            _ = try context.users.require(id: userID, in: connection)
            guard let organizationID = request.organizationID else { return request.scopes }
            guard
                let access = try AccessToken.organizationAccess(
                    userID: userID, organizationID: organizationID, environmentID: environment.id,
                    services: context.services, in: connection
                )
            else {
                throw APIError(
                    status: .notFound,
                    body: [
                        "code": .string(APIErrorCode.organizationMembershipNotFound.rawValue),
                        "message": .string(
                            "User '\(userID)' has no active membership in organization '\(organizationID)'."
                        ),
                    ]
                )
            }
            return request.scopes.filter(access.permissions.contains)
        }
        let issuedAt = context.services.clock.now().unixSeconds
        var claims: JSONObject = ["iss": .string(AccessToken.issuer)]
        if let userID = request.userID { claims["sub"] = .string(userID) }
        if let organizationID = request.organizationID { claims["org_id"] = .string(organizationID) }
        claims["scopes"] = granted.json
        claims["permissions"] = granted.json
        claims["jti"] = .string(context.services.ids.makeULID())
        claims["iat"] = .int(Int(issuedAt))
        claims["exp"] = .int(Int(issuedAt + self.lifetimeSeconds))
        // The newest key signs (generated outside the store lock on first use), as for access tokens.
        guard let key = try SigningKeyRepository.ensureKeys(of: environment, services: context.services).last else {
            throw APIError.internalError
        }
        return .json(["token": .string(try JWT.sign(claims: claims, with: key))], status: .created)
    }

    /// A validated request body.
    struct TokenRequest {
        var organizationID: String?
        var userID: String?
        /// Wire values, in request order, without duplicates.
        var scopes: [String] = []
    }

    /// Checks the body as WorkOS's validator does, collecting every problem into one 400.
    static func parse(_ body: BodyReader) throws -> TokenRequest {
        var messages: [String] = []
        var request = TokenRequest()
        func identifier(_ key: String) -> String? {
            switch body.field(key) {
            case .absent, .null: return nil
            case .value(let value):
                guard let text = value.stringValue else {
                    messages.append("\(key) must be a string")
                    return nil
                }
                if text.isEmpty { messages.append("\(key) should not be empty") }
                return text.isEmpty ? nil : text
            }
        }
        request.organizationID = identifier("organization_id")
        request.userID = identifier("user_id")
        switch body.field("scopes") {
        case .absent, .null: break
        case .value(.array(let items)):
            let known = Set(Scope.allCases.map(\.rawValue))
            if items.contains(where: { $0.stringValue.map { !known.contains($0) } ?? true }) {
                let values = Scope.allCases.map(\.rawValue).joined(separator: ", ")
                messages.append("each value in scopes must be one of the following values: \(values)")
            }
            for item in items {
                if let scope = item.stringValue, known.contains(scope), !request.scopes.contains(scope) {
                    request.scopes.append(scope)
                }
            }
        case .value:
            messages.append("scopes must be an array")
        }
        if !request.scopes.isEmpty, request.organizationID == nil, body.field("organization_id").value == nil {
            messages.append("organization_id is required when scopes are provided")
        }
        if request.organizationID == nil, request.userID == nil, messages.isEmpty {
            messages.append("organization_id or user_id is required")
        }
        guard messages.isEmpty else {
            throw APIError(
                status: .badRequest, body: ["message": .array(messages.map { .string($0) }), "error": "Bad Request"]
            )
        }
        return request
    }
}

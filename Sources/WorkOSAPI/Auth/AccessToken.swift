// workos-emulator — AuthKit access tokens: RS256 JWTs verifiable with GET /sso/jwks/{client_id}
// (https://workos.com/docs/reference/authkit/session-tokens; catalog-A §6.6).
// Licensed MIT.

import JSONCodec
import SQLite
import TokenSigning

/// Builds and signs access tokens.
public enum AccessToken {
    /// `iss`, as in WorkOS's documented example. The Python SDK checks it only when `jwt_issuer` / `WORKOS_ISSUER` is
    /// set, and Node never does.
    public static let issuer = "https://api.workos.com"
    /// `exp − iat`: five minutes, as in the documented example.
    public static let lifetime: Int64 = 300

    /// What an organization-scoped token says about the member: the primary role, every role, their permissions.
    public struct OrganizationAccess: Sendable, Equatable {
        /// The membership's first role (priority order).
        public var role: String
        /// Every role slug of the membership, in priority order.
        public var roles: [String]
        /// The union of the roles' permission slugs, first occurrence first.
        public var permissions: [String]
    }

    /// The access an active membership of `userID` in `organizationID` grants, or nil when there is none.
    public static func organizationAccess(
        userID: String,
        organizationID: String,
        environmentID: String,
        services: Services,
        in connection: Connection
    ) throws -> OrganizationAccess? {
        let memberships = OrganizationMembershipRepository(environmentID: environmentID, services: services)
        guard let membership = try memberships.fetchOne(userID: userID, organizationID: organizationID, in: connection),
            membership.status == .active, let primary = membership.roleSlugs.first
        else { return nil }
        let roles = RoleRepository(environmentID: environmentID, services: services)
        var permissions: [String] = []
        var seen: Set<String> = []
        for slug in membership.roleSlugs {
            let role = try roles.fetchApplicable(slug: slug, organizationID: organizationID, in: connection)
            for permission in role?.permissions ?? [] where seen.insert(permission).inserted {
                permissions.append(permission)
            }
        }
        return OrganizationAccess(role: primary, roles: membership.roleSlugs, permissions: permissions)
    }

    /// The claims of a token for `session`, issued now: `iss`, `sub`, `sid`, then `org_id`, `role`, `roles`,
    /// `permissions` when scoped to an organization (role claims only with an active membership), `entitlements`,
    /// `feature_flags`, `act` when impersonated, `jti` (a bare ULID), `iat`, `exp`.
    public static func claims(
        session: Session,
        organizationID: String?,
        access: OrganizationAccess?,
        services: Services
    ) -> JSONObject {
        let issuedAt = services.clock.now().unixSeconds
        var claims: JSONObject = [
            "iss": .string(self.issuer),
            "sub": .string(session.userID),
            "sid": .string(session.id),
        ]
        if let organizationID {
            claims["org_id"] = .string(organizationID)
            if let access {
                claims["role"] = .string(access.role)
                claims["roles"] = access.roles.json
                claims["permissions"] = access.permissions.json
            }
        }
        claims["entitlements"] = .array([])
        claims["feature_flags"] = .array([])
        if let impersonator = session.impersonator { claims["act"] = ["sub": .string(impersonator.email)] }
        claims["jti"] = .string(services.ids.makeULID())
        claims["iat"] = .int(Int(issuedAt))
        claims["exp"] = .int(Int(issuedAt + self.lifetime))
        return claims
    }

    /// A token's claims and the key that signs them. Built inside a write transaction (the claims read the
    /// membership and roles, the key may be generated), signed after it: RSA signing is most of a refresh's CPU, and
    /// inside the transaction it held every other write behind it (`Benchmarks/results/proposals.md` item 1).
    public struct Unsigned: Sendable {
        /// The JWT claims.
        public var claims: JSONObject
        /// The environment's current signing key.
        public var key: SigningKey

        /// The RS256 JWT.
        public func signed() throws -> String {
            try JWT.sign(claims: self.claims, with: self.key)
        }
    }

    /// The claims and key of an access token for `session` scoped to `organizationID`, with the environment's
    /// current signing key (generated on first use); `signed()` makes the token.
    public static func prepare(
        session: Session,
        organizationID: String?,
        environment: Environment,
        services: Services,
        in connection: Connection
    ) throws -> Unsigned {
        let access = try organizationID.flatMap { organizationID in
            try self.organizationAccess(
                userID: session.userID, organizationID: organizationID, environmentID: environment.id,
                services: services, in: connection
            )
        }
        var claims = self.claims(session: session, organizationID: organizationID, access: access, services: services)
        for (name, value) in try self.templateClaims(
            session: session, organizationID: organizationID, environment: environment, services: services,
            in: connection
        ) where claims[name] == nil {
            claims[name] = value
        }
        let key = try SigningKeyRepository(environmentID: environment.id, services: services)
            .current(commonName: environment.clientID, in: connection)
        return Unsigned(claims: claims, key: key)
    }

    /// The custom claims of the environment's JWT template (`PUT /user_management/jwt_template`), rendered with the
    /// session's user, its organization and membership (null when the token has none): empty without a template.
    /// The template was validated when saved; one that still fails to render (a metadata value that breaks it) adds
    /// nothing rather than keep the user from signing in, and is logged.
    static func templateClaims(
        session: Session,
        organizationID: String?,
        environment: Environment,
        services: Services,
        in connection: Connection
    ) throws -> JSONObject {
        guard
            let stored = try JWTTemplateRepository(environmentID: environment.id, services: services)
                .fetchOne(in: connection)
        else { return [:] }
        let user = try UserRepository(environmentID: environment.id, services: services)
            .fetchOne(id: session.userID, in: connection)
        let organization = try organizationID.flatMap { id in
            try OrganizationRepository(environmentID: environment.id, services: services)
                .fetchOne(id: id, in: connection)
        }
        let membership = try organizationID.flatMap { id in
            try OrganizationMembershipRepository(environmentID: environment.id, services: services)
                .fetchOne(userID: session.userID, organizationID: id, in: connection)
        }
        let context: JSONObject = [
            "user": user?.json ?? .null,
            "organization": organization?.json ?? .null,
            "organization_membership": membership?.eventJSON ?? .null,
        ]
        do {
            return try ClaimTemplate(content: stored.content).render(context: context)
        } catch {
            services.log("JWT template of \(environment.id) not applied: \(error.message)")
            return [:]
        }
    }

    /// A signed access token for `session` scoped to `organizationID` (`prepare`, then `signed()`).
    public static func make(
        session: Session,
        organizationID: String?,
        environment: Environment,
        services: Services,
        in connection: Connection
    ) throws -> String {
        try self.prepare(
            session: session, organizationID: organizationID, environment: environment, services: services,
            in: connection
        ).signed()
    }
}

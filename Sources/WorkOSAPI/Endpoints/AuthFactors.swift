// workos-emulator — users' MFA factors (https://workos.com/docs/reference/authkit/mfa; catalog-A §6.12, catalog-B
// §5) and the emulator's current-code helper (emulator.md "Control API"). The challenge the TOTP step-up needs is
// `POST /auth/factors/{id}/challenge`, served by the standalone MFA area (MFA.swift).
// Licensed MIT.

import HTTP1
import JSONCodec

/// `GET/POST /user_management/users/{userId}/auth_factors` and `GET /_emulator/auth_factors/{id}/code`.
enum AuthFactors {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        // The spec's parameter name, so that /_emulator/coverage matches the catalog's template.
        routes.add(.get, "/user_management/users/:userlandUserId/auth_factors", self.list)
        routes.add(.post, "/user_management/users/:userlandUserId/auth_factors", self.enroll)
        routes.add(.get, "/_emulator/auth_factors/:id/code", self.currentCode)
    }

    /// `GET /user_management/users/{id}/auth_factors` → list of factors (no secrets); 404 for an unknown user.
    @Sendable static func list(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try Pagination(query: context.request.query)
        let id = context.parameter("userlandUserId")
        let page = try context.read { connection in
            _ = try context.users.require(id: id, in: connection)
            return try context.authenticationFactors.list(userID: id, pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    /// `POST /user_management/users/{id}/auth_factors` `{type:"totp", totp_issuer?, totp_user?, totp_secret?}` → 201
    /// `{authentication_factor (with totp.secret, qr_code, uri), authentication_challenge}`. The issuer defaults to
    /// the environment's name, the user to the user's e-mail; a given secret must be base32 (422 otherwise).
    @Sendable static func enroll(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let type = body.requiredString("type")
        if !type.isEmpty, type != "totp" {
            body.fail(.invalid("type", "type must be 'totp'."))
        }
        let issuer = body.optionalString("totp_issuer", maxLength: 200).value
        let userName = body.optionalString("totp_user", maxLength: 320).value
        let secret = body.optionalString("totp_secret", maxLength: 256).value
        if let secret, (Base32.decode(secret) ?? []).count < 10 {
            body.fail(.invalid("totp_secret", "totp_secret must be a base32 secret of at least 80 bits."))
        }
        try body.validate()
        let id = context.parameter("userlandUserId")
        let (factor, challenge) = try context.write { connection in
            let user = try context.users.require(id: id, in: connection)
            return try context.authenticationFactors.enrollTOTP(
                userID: user.id,
                issuer: issuer ?? context.environment.name,
                user: userName ?? user.email,
                secret: secret.map { $0.uppercased().filter { $0 != " " && $0 != "=" } },
                in: connection
            )
        }
        return .json(
            ["authentication_factor": factor.enrolledJSON, "authentication_challenge": challenge.json],
            status: .created
        )
    }

    /// `GET /_emulator/auth_factors/{id}/code` → `{"code": "123456", "expires_in": <seconds left in the step>,
    /// "authentication_factor_id"}`: the TOTP code valid right now, so that tests need no authenticator app.
    @Sendable static func currentCode(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let factor = try context.read { connection in try context.authenticationFactors.fetchOne(id: id, in: connection)
        }
        guard let factor, let secret = factor.totpSecret else {
            throw APIError.notFound("Authentication factor", id: id)
        }
        let now = context.services.clock.now().unixSeconds
        guard let code = TOTP.code(secret: secret, unixSeconds: now) else { throw APIError.internalError }
        return .json([
            "object": "authentication_factor_code",
            "authentication_factor_id": .string(factor.id),
            "code": .string(code),
            "expires_in": .int(Int(TOTP.stepSeconds - now % TOTP.stepSeconds)),
        ])
    }
}

extension RequestContext {
    /// The MFA factors of this environment.
    var authenticationFactors: AuthenticationFactorRepository {
        AuthenticationFactorRepository(environmentID: self.environment.id, services: self.services)
    }
}

// workos-emulator — the standalone MFA API, `/auth/*` (https://workos.com/docs/reference/mfa; catalog-B §5), and the
// emulator's helper that shows the code of an sms challenge, since no text message is sent.
// Licensed MIT.

import HTTP1
import JSONCodec

/// Factors (totp, sms, generic_otp) with or without a user, their challenges and the verification of their codes.
/// Standalone MFA emits no events (catalog-B §5 "Events: standalone MFA emits none"; no `authentication_factor.*`
/// event name exists), so none of these mutations writes one.
enum MFA {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.post, "/auth/factors/enroll", self.enroll)
        routes.add(.get, "/auth/factors/:id", self.get)
        routes.add(.delete, "/auth/factors/:id", self.delete)
        routes.add(.post, "/auth/factors/:id/challenge", self.challenge)
        routes.add(.post, "/auth/challenges/:id/verify", self.verify)
        // Paths of Node SDKs before ~2022 (catalog-B §5 "Legacy routes"): the ids travel in the body.
        routes.add(.post, "/auth/factors/challenge", self.legacyChallenge)
        routes.add(.post, "/auth/factors/verify", self.legacyVerify)
        routes.add(.get, "/_emulator/auth_challenges/:id/code", self.challengeCode)
    }

    /// `POST /auth/factors/enroll` `{type, totp_issuer?, totp_user?, phone_number?, user_id?}` → 201 the factor with
    /// its secrets (`totp.secret`, `qr_code`, `uri`). totp needs `totp_issuer` and `totp_user`; sms needs an E.164
    /// `phone_number` (else 422 `invalid_phone_number`); a `user_id` must name a user of the environment. Fields of
    /// other types are ignored, and `null` is absent: Python SDK 5.x sends every parameter, unset ones as null.
    @Sendable static func enroll(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let type = body.requiredString("type")
        if !type.isEmpty, !AuthenticationFactor.Kind.enrollable.contains(type) {
            body.fail(.invalid("type", "type must be one of 'totp', 'sms' or 'generic_otp'."))
        }
        var enrollment = AuthenticationFactorRepository.Enrollment(
            type: type,
            userID: body.optionalString("user_id").value
        )
        if type == AuthenticationFactor.Kind.totp {
            // The limits of the User Management enrollment (AuthFactors.enroll).
            enrollment.totpIssuer = body.requiredString("totp_issuer", maxLength: 200)
            enrollment.totpUser = body.requiredString("totp_user", maxLength: 320)
        } else {
            _ = body.optionalString("totp_issuer")
            _ = body.optionalString("totp_user")
        }
        let phoneNumber = body.optionalString("phone_number").value
        try body.validate()
        if type == AuthenticationFactor.Kind.sms {
            guard let phoneNumber, PhoneNumber.isE164(phoneNumber) else {
                throw APIError.coded(
                    .unprocessableEntity, .invalidPhoneNumber, "Phone number is invalid: '\(phoneNumber ?? "")'"
                )
            }
            enrollment.phoneNumber = phoneNumber
        }
        let factor = try context.write { connection in
            if let userID = enrollment.userID, try context.users.fetchOne(id: userID, in: connection) == nil {
                // A body field naming nothing: 422, the one client error PY10 documents for enroll_factor.
                throw APIError.validation([.invalid("user_id", "User not found: '\(userID)'.")])
            }
            return try context.authenticationFactors.enroll(enrollment, in: connection)
        }
        return .json(factor.enrolledJSON, status: .created)
    }

    /// `GET /auth/factors/{id}` → 200 the factor without secrets; 404 when unknown in this environment.
    @Sendable static func get(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let factor = try context.read { connection in
            try context.authenticationFactors.fetchOne(id: id, in: connection)
        }
        guard let factor else { throw APIError.notFound("Authentication factor", id: id) }
        return .json(factor)
    }

    /// `DELETE /auth/factors/{id}` → 204, its challenges deleted with it; 404 when unknown in this environment.
    @Sendable static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let isDeleted = try context.write { connection in
            try context.authenticationFactors.delete(id: id, in: connection)
        }
        guard isDeleted else { throw APIError.notFound("Authentication factor", id: id) }
        return .noContent
    }

    /// `POST /auth/factors/{id}/challenge` `{sms_template?}` → 201 AuthenticationChallenge; 404 for an unknown
    /// factor.
    @Sendable static func challenge(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let template = self.smsTemplate(from: &body)
        try body.validate()
        return try self.createChallenge(factorID: context.parameter("id"), smsTemplate: template, context)
    }

    /// `POST /auth/factors/challenge` `{authentication_factor_id, sms_template?}`: the legacy form of `challenge`.
    @Sendable static func legacyChallenge(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let factorID = body.requiredString("authentication_factor_id")
        let template = self.smsTemplate(from: &body)
        try body.validate()
        return try self.createChallenge(factorID: factorID, smsTemplate: template, context)
    }

    /// `POST /auth/challenges/{id}/verify` `{code}` → 201 `{challenge, valid}` (catalog-B §5): a wrong code is
    /// `valid: false`; an expired or verified challenge is a 422, too many wrong codes a 400, an unknown one a 404.
    @Sendable static func verify(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let code = body.requiredString("code", maxLength: 64)
        try body.validate()
        return try self.verifyChallenge(id: context.parameter("id"), code: code, context)
    }

    /// `POST /auth/factors/verify` `{authentication_challenge_id, code}`: the legacy form of `verify`.
    @Sendable static func legacyVerify(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let challengeID = body.requiredString("authentication_challenge_id")
        let code = body.requiredString("code", maxLength: 64)
        try body.validate()
        return try self.verifyChallenge(id: challengeID, code: code, context)
    }

    /// `GET /_emulator/auth_challenges/{id}/code` → `{object: "authentication_challenge_code",
    /// authentication_challenge_id, authentication_factor_id, code, expires_at?, phone_number?, message?}`: for an sms
    /// challenge the code and the text message the phone would have received; for a TOTP challenge the factor's code
    /// valid right now. A generic_otp challenge's code was in its creation response and only its digest is kept: 404,
    /// as for an unknown challenge.
    @Sendable static func challengeCode(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let found = try context.read { connection -> (AuthenticationChallenge, AuthenticationFactor)? in
            let factors = context.authenticationFactors
            guard let challenge = try factors.fetchChallenge(id: id, in: connection),
                let factor = try factors.fetchOne(id: challenge.factorID, in: connection)
            else { return nil }
            return (challenge, factor)
        }
        guard let (challenge, factor) = found else { throw APIError.notFound("Authentication challenge", id: id) }
        var object: JSONObject = [
            "object": "authentication_challenge_code",
            "authentication_challenge_id": .string(challenge.id),
            "authentication_factor_id": .string(factor.id),
        ]
        switch factor.type {
        case AuthenticationFactor.Kind.sms:
            guard let code = challenge.smsCode else { throw APIError.internalError }
            object["code"] = .string(code)
            object["phone_number"] = .string(factor.smsPhoneNumber ?? "")
            object["message"] = .string(SMSTemplate.render(challenge.smsTemplate, code: code))
        case AuthenticationFactor.Kind.totp:
            let now = context.services.clock.now().unixSeconds
            guard let code = TOTP.code(secret: factor.totpSecret ?? "", unixSeconds: now) else {
                throw APIError.internalError
            }
            object["code"] = .string(code)
        default:
            throw APIError.notFound("Code of authentication challenge", id: id)
        }
        if let expiresAt = challenge.expiresAt { object["expires_at"] = .string(expiresAt.iso8601) }
        return .json(.object(object))
    }

    // MARK: Shared

    /// Reads `sms_template` (null is absent): when given it must contain `{{code}}` and no URL or domain name.
    private static func smsTemplate(from body: inout BodyReader) -> String? {
        let template = body.optionalString("sms_template", maxLength: 1_000).value
        if let template, let problem = SMSTemplate.problem(of: template) { body.fail(problem) }
        return template
    }

    private static func createChallenge(
        factorID: String,
        smsTemplate: String?,
        _ context: RequestContext
    ) throws -> HTTPResponse {
        let challenge = try context.write { connection in
            guard let factor = try context.authenticationFactors.fetchOne(id: factorID, in: connection) else {
                throw APIError.notFound("Authentication factor", id: factorID)
            }
            return try context.authenticationFactors.createChallenge(
                for: factor, smsTemplate: smsTemplate, in: connection
            )
        }
        return .json(challenge, status: .created)
    }

    private static func verifyChallenge(id: String, code: String, _ context: RequestContext) throws -> HTTPResponse {
        let (challenge, isValid) = try context.write { connection in
            try context.authenticationFactors.verifyChallenge(id: id, code: code, in: connection)
        }
        return .json(["challenge": challenge.json, "valid": .bool(isValid)], status: .created)
    }
}

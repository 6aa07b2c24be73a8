// workos-emulator — Invitations (https://workos.com/docs/reference/user-management/invitation; catalog-A §6.11).
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// `/user_management/invitations`: list, send, get, find by token, accept, revoke, resend.
enum Invitations {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        let base = "/user_management/invitations"
        routes.add(.get, base, self.list)
        routes.add(.post, base, self.send)
        routes.add(.get, base + "/by_token/:token", self.getByToken)
        routes.add(.get, base + "/:id", self.get)
        routes.add(.post, base + "/:id/accept", self.accept)
        routes.add(.post, base + "/:id/revoke", self.revoke)
        routes.add(.post, base + "/:id/resend", self.resend)
    }

    /// Shortest and longest validity `expires_in_days` accepts.
    static let expiresInDaysRange = 1...30

    /// The `locale` values the spec's `CreateUserlandUserInviteOptionsDto` and `ResendUserlandUserInviteOptionsDto`
    /// enumerate.
    static let locales: Set<String> = [
        "af", "am", "ar", "bg", "bn", "bs", "ca", "cs", "da", "de", "de-DE", "el", "en", "en-AU", "en-CA", "en-GB",
        "en-US", "es", "es-419", "es-ES", "es-US", "et", "fa", "fi", "fil", "fr", "fr-BE", "fr-CA", "fr-FR", "fy", "gl",
        "gu", "ha", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "it-IT", "ja", "jv", "ka", "kk", "km", "kn", "ko",
        "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my", "nb", "ne", "nl", "nl-BE", "nl-NL", "nn", "no", "pa", "pl",
        "pt", "pt-BR", "pt-PT", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "sw", "ta", "te", "th", "tr", "uk", "ur",
        "uz",
        "vi", "zh", "zh-CN", "zh-HK", "zh-TW", "zu",
    ]

    /// `GET /user_management/invitations`: pagination, `organization_id`, `email` (a malformed e-mail is a 422).
    @Sendable static func list(_ context: RequestContext) throws -> HTTPResponse {
        let query = context.request.query
        var email: String?
        if let text = query["email"], !text.isEmpty {
            guard let normalized = EmailAddress.normalized(text) else {
                throw APIError.validation([.invalid("email", "email must be a valid e-mail address.")])
            }
            email = normalized
        }
        let organizationID = query["organization_id"].flatMap { $0.isEmpty ? nil : $0 }
        let pagination = try Pagination(query: query)
        let page = try context.read { connection in
            try context.invitations.list(
                organizationID: organizationID, email: email, pagination: pagination, in: connection
            )
        }
        return ListResponse.make(page)
    }

    /// `POST /user_management/invitations` `{email, organization_id?, role_slug?, expires_in_days?, inviter_user_id?,
    /// locale?}` → 201 pending; writes the invitation e-mail to the outbox.
    @Sendable static func send(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let creation = try self.creation(from: &body)
        let invitation = try context.write { connection in try context.invitations.send(creation, in: connection) }
        return .json(invitation, status: .created)
    }

    /// `GET /user_management/invitations/{id}`.
    @Sendable static func get(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        return .json(try context.read { connection in try context.invitations.require(id: id, in: connection) })
    }

    /// `GET /user_management/invitations/by_token/{token}`.
    @Sendable static func getByToken(_ context: RequestContext) throws -> HTTPResponse {
        let token = context.parameter("token")
        return .json(try context.read { connection in try context.invitations.require(token: token, in: connection) })
    }

    /// `POST /user_management/invitations/{id}/accept` (no body).
    @Sendable static func accept(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        return .json(try context.write { connection in try context.invitations.accept(id: id, in: connection) })
    }

    /// `POST /user_management/invitations/{id}/revoke` (no body).
    @Sendable static func revoke(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        return .json(try context.write { connection in try context.invitations.revoke(id: id, in: connection) })
    }

    /// `POST /user_management/invitations/{id}/resend` `{locale?}`.
    @Sendable static func resend(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        var body = try context.body()
        let locale = self.locale(from: &body)
        try body.validate()
        return .json(
            try context.write { connection in try context.invitations.resend(id: id, locale: locale, in: connection) }
        )
    }

    // MARK: Parsing shared with the seed

    /// Validates a send body. Field problems are one 422; `expires_in_days` outside 1–30 is 400
    /// `expires_in_days_too_short` / `expires_in_days_too_long`.
    static func creation(from body: inout BodyReader) throws(APIError) -> InvitationRepository.Creation {
        let text = body.requiredString("email")
        let email = EmailAddress.normalized(text)
        if !text.isEmpty, email == nil { body.fail(.invalid("email", "email must be a valid e-mail address.")) }
        var creation = InvitationRepository.Creation(email: email ?? text)
        creation.organizationID = self.identifier("organization_id", from: &body)
        creation.inviterUserID = self.identifier("inviter_user_id", from: &body)
        creation.roleSlug = self.identifier("role_slug", from: &body)
        creation.locale = self.locale(from: &body)
        var days: Int?
        switch body.field("expires_in_days") {
        case .absent, .null: break
        case .value(.int(let value)): days = value
        case .value(.string(let digits)) where Int(digits) != nil: days = Int(digits)
        case .value: body.fail(.type("expires_in_days", expected: "an integer"))
        }
        try body.validate()
        if let days {
            if days < self.expiresInDaysRange.lowerBound {
                throw .badRequest(.expiresInDaysTooShort, "expires_in_days must be at least 1.")
            }
            if days > self.expiresInDaysRange.upperBound {
                throw .badRequest(.expiresInDaysTooLong, "expires_in_days must be at most 30.")
            }
            creation.expiresInDays = days
        }
        return creation
    }

    /// An optional id-like string: absent or null is nil, empty is a 422.
    private static func identifier(_ key: String, from body: inout BodyReader) -> String? {
        let value = body.optionalString(key).value
        if value?.trimmingWhitespace().isEmpty == true { body.fail(.required(key)) }
        return value
    }

    /// `locale?`: one of the spec's locale codes (a 422 naming the field otherwise).
    private static func locale(from body: inout BodyReader) -> String? {
        guard let locale = body.optionalString("locale").value else { return nil }
        guard self.locales.contains(locale) else {
            body.fail(.invalid("locale", "'\(locale)' is not a supported locale."))
            return nil
        }
        return locale
    }

    /// Sends the seed's `invitations: [{email, organization_name?, role_slug?, expires_in_days?, inviter_email?}]`,
    /// each like `POST /user_management/invitations` (events included; no outbox e-mail, so that a new environment
    /// starts with an empty outbox: the token is in `GET /user_management/invitations`). Also checks that
    /// `environment.invitation_url`, when given, is an http(s) URL.
    @Sendable static func applySeed(
        _ seed: Seed, environmentID: String, services: Services, connection: Connection
    )
        throws
    {
        if let url = seed.document["environment"]?["invitation_url"], !url.isNull {
            guard let text = url.stringValue, text.hasPrefix("http://") || text.hasPrefix("https://") else {
                throw Seed.Error(description: "environment.invitation_url must be an http(s) URL")
            }
        }
        let repository = InvitationRepository(environmentID: environmentID, services: services)
        for (index, object) in seed.section("invitations").enumerated() {
            do {
                var entry = object
                let organizationName = entry.removeValue(forKey: "organization_name")
                let inviterEmail = entry.removeValue(forKey: "inviter_email")
                var body = BodyReader(object: entry)
                var creation = try self.creation(from: &body)
                if let name = organizationName, !name.isNull {
                    guard let text = name.stringValue else {
                        throw APIError.validation([.type("organization_name", expected: "a string")])
                    }
                    creation.organizationID = try SeedReferences.organizationID(
                        name: text, environmentID: environmentID, in: connection
                    )
                }
                if let email = inviterEmail, !email.isNull {
                    guard let text = email.stringValue else {
                        throw APIError.validation([.type("inviter_email", expected: "a string")])
                    }
                    creation.inviterUserID = try SeedReferences.userID(
                        email: text, environmentID: environmentID, services: services, in: connection
                    )
                }
                _ = try repository.send(creation, sendsEmail: false, in: connection)
            } catch let error as APIError {
                throw EnvironmentRepository.seedError("invitations", index, error)
            }
        }
    }
}

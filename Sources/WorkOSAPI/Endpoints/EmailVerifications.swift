// workos-emulator — Email verification (https://workos.com/docs/reference/authkit/email-verification;
// catalog-A §6.1, §6.8).
// Licensed MIT.

import HTTP1
import JSONCodec

/// Sending and confirming the code that verifies a user's e-mail address, and reading a code back.
enum EmailVerifications {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.post, "/user_management/users/:id/email_verification/send", self.send)
        routes.add(.post, "/user_management/users/:id/email_verification/confirm", self.confirm)
        routes.add(.get, "/user_management/email_verification/:id", self.get)
    }

    /// `POST /user_management/users/{id}/email_verification/send` (no body) → 200 `{"user": User}`; the code goes to
    /// the outbox and `email_verification.created` is emitted. 400 `email_already_verified`.
    @Sendable static func send(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let (user, _) = try context.write { connection in
            try context.emailVerifications.create(userID: id, in: connection)
        }
        return .json(["user": user.json])
    }

    /// `POST /user_management/users/{id}/email_verification/confirm` `{code}` → 200 `{"user": User}` with
    /// `email_verified: true`. 400 `email_previously_verified`, `email_verification_code_previously_used`,
    /// `email_verification_code_expired`, `email_verification_code_incorrect`.
    @Sendable static func confirm(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        var body = try context.body()
        let code = body.requiredString("code")
        try body.validate()
        let result = try context.write { connection in
            try context.emailVerifications.confirm(userID: id, code: code, in: connection)
        }
        return .json(["user": try result.get().json])
    }

    /// `GET /user_management/email_verification/{id}` → the EmailVerification, with its `code`.
    @Sendable static func get(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let verification = try context.read { connection in
            try context.emailVerifications.fetchOne(id: id, in: connection)
        }
        guard let verification else { throw APIError.notFound("Email verification", id: id) }
        return .json(verification)
    }
}

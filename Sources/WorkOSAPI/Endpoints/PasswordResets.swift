// workos-emulator — Password reset (https://workos.com/docs/reference/authkit/password-reset;
// catalog-A §6.9, §6.13).
// Licensed MIT.

import HTTP1
import JSONCodec

/// Creating, reading and redeeming password reset tokens, plus the legacy `send` path of Node ≤ v7.
enum PasswordResets {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.post, "/user_management/password_reset", self.create)
        routes.add(.post, "/user_management/password_reset/confirm", self.confirm)
        routes.add(.get, "/user_management/password_reset/:id", self.get)
        routes.add(.post, "/user_management/password_reset/send", self.sendLegacy)
    }

    /// `POST /user_management/password_reset` `{email}` → 201 PasswordReset with `password_reset_token` and
    /// `password_reset_url`; the link goes to the outbox and `password_reset.created` is emitted. 404 for an e-mail
    /// without user.
    @Sendable static func create(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let email = body.requiredString("email")
        try body.validate()
        let reset = try context.write { connection in
            try context.passwordResets.create(email: email, resetPageURL: nil, in: connection)
        }
        return .json(reset, status: .created)
    }

    /// `POST /user_management/password_reset/confirm` `{token, new_password}` → 200 `{"user": User}`; single use.
    /// A weak password or a used or expired token is 400 `password_reset_error` with `errors[]`; an unknown token
    /// 404 `password_reset_token_not_found`.
    @Sendable static func confirm(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let token = body.requiredString("token")
        let newPassword = body.requiredString("new_password")
        try body.validate()
        let problems = UserPassword.strengthProblems(of: newPassword)
        if !problems.isEmpty {
            throw APIError.badRequest(.passwordResetError, "The password could not be reset.", errors: problems)
        }
        // Hash before taking the store lock: hashing is deliberately slow.
        let hash = try UserPassword.storedHash(for: .plaintext(newPassword))
        let user = try context.write { connection in
            try context.passwordResets.confirm(token: token, passwordHash: hash, in: connection)
        }
        return .json(["user": user.json])
    }

    /// `GET /user_management/password_reset/{id}` → the PasswordReset, with its token and URL.
    @Sendable static func get(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        let reset = try context.read { connection in try context.passwordResets.fetchOne(id: id, in: connection) }
        guard let reset else { throw APIError.notFound("Password reset", id: id) }
        return .json(reset)
    }

    /// Legacy `POST /user_management/password_reset/send` `{email, password_reset_url}` (Node ≤ v7
    /// `sendPasswordResetEmail`, catalog-A §6.13): creates the token with the link built from the given page, and
    /// answers 200 with the PasswordReset (the SDK ignores the body).
    @Sendable static func sendLegacy(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let email = body.requiredString("email")
        let page = body.requiredString("password_reset_url", maxLength: 2048)
        try body.validate()
        let reset = try context.write { connection in
            try context.passwordResets.create(email: email, resetPageURL: page, in: connection)
        }
        return .json(reset)
    }
}

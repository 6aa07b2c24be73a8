// workos-emulator — E-mail change (https://workos.com/docs/reference/authkit/user; catalog-A §6.1).
// Licensed MIT.

import HTTP1
import JSONCodec

/// Changing a user's e-mail address with a code sent to the new address.
enum EmailChanges {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.post, "/user_management/users/:id/email_change/send", self.send)
        routes.add(.post, "/user_management/users/:id/email_change/confirm", self.confirm)
    }

    /// `POST /user_management/users/{id}/email_change/send` `{new_email}` → 200
    /// `{"object":"email_change","user","new_email","expires_at","created_at"}`; the code goes to the new address
    /// (outbox). 422 `invalid_email`; 409 `email_change_not_needed`, `email_not_available`.
    @Sendable static func send(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        var body = try context.body()
        let text = body.requiredString("new_email")
        try body.validate()
        guard let newEmail = EmailAddress.normalized(text) else {
            throw APIError.coded(.unprocessableEntity, .invalidEmail, "'\(text)' is not a valid email address.")
        }
        let (user, change) = try context.write { connection in
            try context.emailChanges.create(userID: id, newEmail: newEmail, in: connection)
        }
        return .json(change.json(user: user))
    }

    /// `POST /user_management/users/{id}/email_change/confirm` `{code}` → 200
    /// `{"object":"email_change_confirmation","user"}` with the new, verified address (`user.updated`).
    /// 400 `email_change_code_expired`, `email_change_code_incorrect`; 409 `no_pending_email_change`,
    /// `email_change_code_previously_used`, `email_not_available`; 429 `email_change_too_many_attempts`.
    @Sendable static func confirm(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        var body = try context.body()
        let code = body.requiredString("code")
        try body.validate()
        let result = try context.write { connection in
            try context.emailChanges.confirm(userID: id, code: code, in: connection)
        }
        return .json(["object": "email_change_confirmation", "user": try result.get().json])
    }
}

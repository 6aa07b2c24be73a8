// workos-emulator — the JWT template (https://workos.com/docs/reference/authkit/jwt-template; spec
// JwtTemplatesController_*; Python SDK workos 10.6.0 `user_management.list_jwt_template`, `update_jwt_template`;
// template language: https://workos.com/docs/authkit/jwt-templates).
// Licensed MIT.

import HTTP1

/// `/user_management/jwt_template`: one template per environment whose rendered claims every AuthKit access token
/// issued afterwards carries (`AccessToken.prepare`). No event: the catalog names none.
enum JWTTemplates {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/user_management/jwt_template", self.get)
        routes.add(.put, "/user_management/jwt_template", self.update)
    }

    /// `GET /user_management/jwt_template` → 200 JwtTemplate; 404 (the spec's) while none was set.
    @Sendable static func get(_ context: RequestContext) throws -> HTTPResponse {
        let template = try context.read { connection in try context.jwtTemplates.fetchOne(in: connection) }
        guard let template else { throw APIError.jwtTemplateNotFound }
        return .json(template)
    }

    /// `PUT /user_management/jwt_template` `{content}` → 200 JwtTemplate. The content must parse (`ClaimTemplate`),
    /// name only known variables, fit `ClaimTemplate.maximumLength` and render to a JSON object that sets no reserved
    /// claim; otherwise 422 `invalid_request_parameters` (the spec's 422 code) with a `content` field error naming
    /// the problem, and nothing is saved.
    @Sendable static func update(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let content = body.requiredString("content")
        if !content.isEmpty {
            do {
                try ClaimTemplate.validate(content)
            } catch {
                body.fail(FieldError(field: "content", code: error.code, message: error.message))
            }
        }
        try body.validate()
        let template = try context.write { connection in
            try context.jwtTemplates.save(content: content, in: connection)
        }
        return .json(template)
    }
}

// workos-emulator — error bodies of the User Management settings: redirect URIs, CORS origins, JWT template (spec
// RedirectUrisController_*, CorsOriginsController_*, JwtTemplatesController_* responses).
// Licensed MIT.

import JSONCodec

extension APIError {
    /// 422 for a redirect URI the environment already has, with the spec's example message ("Redirect URI
    /// 'https://example.com/callback' already exists.") and the 422 code every other validation failure carries.
    static func redirectURIAlreadyExists(_ uri: String) -> APIError {
        APIError(
            status: .unprocessableEntity,
            body: [
                "code": .string(APIErrorCode.invalidRequestParameters.rawValue),
                "message": .string("Redirect URI '\(uri)' already exists."),
            ]
        )
    }

    /// 409 `{"code":"duplicate_cors_origin","message":"CORS origin already exists."}` (the spec's example).
    static let duplicateCORSOrigin = APIError.conflict(.duplicateCORSOrigin, "CORS origin already exists.")

    /// 404 for `GET /user_management/jwt_template` before any template was set (the spec's 404 response).
    static let jwtTemplateNotFound = APIError(
        status: .notFound,
        body: [
            "message": "No JWT template has been set for this environment.",
            "code": .string(APIErrorCode.entityNotFound.rawValue),
        ]
    )

    /// 501 for an operation the emulator leaves out on purpose, with the reason
    /// (`OperationCatalog.notEmulatedReasons`).
    static func notEmulated(_ method: String, _ template: String, reason: String) -> APIError {
        APIError(
            status: .notImplemented,
            body: [
                "code": .string(APIErrorCode.notEmulated.rawValue),
                "message": .string("\(method) \(template) is not emulated: \(reason)"),
            ]
        )
    }
}

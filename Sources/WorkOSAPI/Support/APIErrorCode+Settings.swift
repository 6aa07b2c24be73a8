// workos-emulator — error codes of the User Management settings: redirect URIs, CORS origins, JWT template (spec
// RedirectUrisController_*, CorsOriginsController_*, JwtTemplatesController_* responses).
// Licensed MIT.

extension APIErrorCode {
    /// 409: the environment already allows this CORS origin (spec CorsOriginsController_create).
    public static let duplicateCORSOrigin = APIErrorCode(rawValue: "duplicate_cors_origin")
}

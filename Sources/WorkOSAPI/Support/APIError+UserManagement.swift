// workos-emulator — the User Management error shape with an `errors` list (catalog-A §1.8).
// Licensed MIT.

import HTTP1
import JSONCodec

extension APIError {
    /// One item of a 400 `errors` list: `{"code", "message"}`.
    public struct Detail: Sendable, Equatable {
        /// Machine-readable reason, e.g. `password_too_short`.
        public var code: String
        /// A sentence for humans.
        public var message: String
        /// A detail.
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// 400 `{"code", "message", "errors": [{"code", "message"}]}`: `user_creation_error`, `password_strength_error`,
    /// `password_reset_error`.
    public static func badRequest(_ code: APIErrorCode, _ message: String, errors: [Detail]) -> APIError {
        APIError(
            status: .badRequest,
            body: [
                "code": .string(code.rawValue),
                "message": .string(message),
                "errors": .array(errors.map { ["code": .string($0.code), "message": .string($0.message)] }),
            ]
        )
    }

    /// A status other than 400/409 with a `code` and `message` (422 `invalid_email`, 429 `…_too_many_attempts`).
    /// A 429 carries `Retry-After: 0` so that SDK retries do not sleep (catalog-A §1.6).
    public static func coded(_ status: HTTPStatus, _ code: APIErrorCode, _ message: String) -> APIError {
        let headers: [(String, String)] = status == .tooManyRequests ? [("Retry-After", "0")] : []
        return APIError(
            status: status, body: ["code": .string(code.rawValue), "message": .string(message)], headers: headers
        )
    }
}

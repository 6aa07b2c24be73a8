// workos-emulator — errors in the WorkOS envelope, rendered in one place (Middleware/ErrorRendering.swift).
// Licensed MIT.

import HTTP1
import JSONCodec

/// An error a handler throws; it knows its HTTP status and its WorkOS JSON body (catalog-A §1.8).
public struct APIError: Error, Sendable {
    /// HTTP status of the response.
    public var status: HTTPStatus
    /// The JSON body, exactly as sent.
    public var body: JSONObject
    /// Extra response headers (`Allow` on 405, `Retry-After` on 429/503).
    public var headers: [(String, String)] = []
    /// The field errors of a 422, also rendered in the body's `errors`.
    public var fieldErrors: [FieldError] = []

    /// An error with a status and body.
    public init(status: HTTPStatus, body: JSONObject, headers: [(String, String)] = []) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    /// The human-readable message of the body.
    public var message: String { self.body["message"]?.stringValue ?? "" }
}

/// The `code` values the emulator sends: WorkOS's own, kept in one place.
public struct APIErrorCode: RawRepresentable, Hashable, Sendable {
    /// The wire value.
    public let rawValue: String
    /// Wraps a wire value.
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let unauthorized = APIErrorCode(rawValue: "unauthorized")
    public static let entityNotFound = APIErrorCode(rawValue: "entity_not_found")
    public static let notFound = APIErrorCode(rawValue: "not_found")
    public static let methodNotAllowed = APIErrorCode(rawValue: "method_not_allowed")
    public static let invalidRequestParameters = APIErrorCode(rawValue: "invalid_request_parameters")
    public static let invalidJSON = APIErrorCode(rawValue: "invalid_json")
    public static let notEmulated = APIErrorCode(rawValue: "not_emulated")
    public static let serverError = APIErrorCode(rawValue: "server_error")
    public static let invalidMetadata = APIErrorCode(rawValue: "invalid_metadata")
    public static let externalIDAlreadyUsed = APIErrorCode(rawValue: "external_id_already_used")
    public static let stripeCustomerIDAlreadyUsed = APIErrorCode(rawValue: "stripe_customer_id_already_used")
    public static let domainAlreadyExists = APIErrorCode(rawValue: "domain_already_exists")
    public static let domainAlreadyVerified = APIErrorCode(rawValue: "domain_already_verified")
    public static let idempotencyKeyInUse = APIErrorCode(rawValue: "idempotency_error")
}

/// One entry of a 422's `errors` array: `{"field": …, "code": …}` (the `/events` 422 shape in the spec).
public struct FieldError: Sendable, Equatable {
    /// The request field, e.g. `events` or `domain_data[0].state`.
    public var field: String
    /// The validation code, e.g. `required`.
    public var code: String
    /// A sentence for humans (sent as `message` in each error item).
    public var message: String

    /// A field error.
    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    /// The field is missing.
    public static func required(_ field: String) -> FieldError {
        FieldError(field: field, code: "required", message: "\(field) is required.")
    }

    /// The field has the wrong JSON type.
    public static func type(_ field: String, expected: String) -> FieldError {
        FieldError(field: field, code: "invalid_type", message: "\(field) must be \(expected).")
    }

    /// The field has a value that is not allowed.
    public static func invalid(_ field: String, _ message: String) -> FieldError {
        FieldError(field: field, code: "invalid", message: message)
    }
}

extension APIError {
    /// 400 with a `code` and `message` (`invalid_metadata`, `external_id_already_used`, …).
    public static func badRequest(_ code: APIErrorCode, _ message: String) -> APIError {
        APIError(status: .badRequest, body: ["code": .string(code.rawValue), "message": .string(message)])
    }

    /// 400 with only a `message` (e.g. `GET /events` with an unknown organization).
    public static func badRequest(_ message: String) -> APIError {
        APIError(status: .badRequest, body: ["message": .string(message)])
    }

    /// 400 for a body that is not JSON.
    public static func invalidJSON(_ reason: String) -> APIError {
        .badRequest(.invalidJSON, "The request body is not valid JSON: \(reason).")
    }

    /// 401, the body all SDKs accept (catalog-A §1.2).
    public static let unauthorized = APIError(
        status: .unauthorized,
        body: ["message": "Unauthorized", "code": .string(APIErrorCode.unauthorized.rawValue)]
    )

    /// 404 for a missing object:
    /// `{"message":"Organization not found: 'org_…'.","code":"entity_not_found","entity_id":…}`.
    public static func notFound(_ entity: String, id: String) -> APIError {
        APIError(
            status: .notFound,
            body: [
                "message": .string("\(entity) not found: '\(id)'."),
                "code": .string(APIErrorCode.entityNotFound.rawValue),
                "entity_id": .string(id),
            ]
        )
    }

    /// 404 for a path no route serves.
    public static func pathNotFound(_ path: String) -> APIError {
        APIError(
            status: .notFound,
            body: [
                "message": .string("The requested path '\(path)' could not be found."),
                "code": .string(APIErrorCode.notFound.rawValue),
            ]
        )
    }

    /// 405 for a known path with another method; lists the allowed ones in `Allow` (RFC 9110 §15.5.6).
    public static func methodNotAllowed(_ method: HTTPMethod, path: String, allowed: [HTTPMethod]) -> APIError {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return APIError(
            status: .methodNotAllowed,
            body: [
                "message": .string("\(method.rawValue) is not allowed on '\(path)'. Allowed: \(list)."),
                "code": .string(APIErrorCode.methodNotAllowed.rawValue),
            ],
            headers: [("Allow", list)]
        )
    }

    /// 409 with a `code` and `message`.
    public static func conflict(_ code: APIErrorCode, _ message: String) -> APIError {
        APIError(status: .conflict, body: ["code": .string(code.rawValue), "message": .string(message)])
    }

    /// 409 with only a `message`.
    public static func conflict(_ message: String) -> APIError {
        APIError(status: .conflict, body: ["message": .string(message)])
    }

    /// 422 `{"code":"invalid_request_parameters","message":"Validation failed.","errors":[{field, code, message}]}`.
    public static func validation(_ errors: [FieldError]) -> APIError {
        let items: [JSON] = errors.map {
            ["field": .string($0.field), "code": .string($0.code), "message": .string($0.message)]
        }
        var error = APIError(
            status: .unprocessableEntity,
            body: [
                "code": .string(APIErrorCode.invalidRequestParameters.rawValue),
                "message": "Validation failed.",
                "errors": .array(items),
            ]
        )
        error.fieldErrors = errors
        return error
    }

    /// 501 for an operation of the WorkOS API the emulator does not implement (yet).
    public static func notEmulated(_ method: HTTPMethod, _ template: String) -> APIError {
        APIError(
            status: .notImplemented,
            body: [
                "code": .string(APIErrorCode.notEmulated.rawValue),
                "message": .string("\(method.rawValue) \(template) is not emulated yet"),
            ]
        )
    }

    /// 500 for anything unexpected; the details go to the log, never to the client.
    public static let internalError = APIError(
        status: .internalServerError,
        body: [
            "code": .string(APIErrorCode.serverError.rawValue),
            "message": "An internal error occurred in the emulator; see its log.",
        ]
    )
}

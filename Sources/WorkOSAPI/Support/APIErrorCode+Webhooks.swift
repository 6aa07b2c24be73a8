// workos-emulator — error codes of /webhook_endpoints (spec: WebhookEndpointsController_create/update responses).
// Licensed MIT.

extension APIErrorCode {
    /// 409: the environment already has an endpoint with this URL.
    public static let duplicateEndpoint = APIErrorCode(rawValue: "duplicate_endpoint")
    /// 422: `endpoint_url` is not a usable URL.
    public static let invalidURL = APIErrorCode(rawValue: "invalid_url")
}

extension APIError {
    /// 422 `{"code":"invalid_url","message":…}`, the spec's first 422 variant for webhook endpoints.
    static func invalidURL(_ message: String) -> APIError {
        APIError(
            status: .unprocessableEntity,
            body: ["code": .string(APIErrorCode.invalidURL.rawValue), "message": .string(message)]
        )
    }
}

extension FieldError {
    /// An `events[i]` entry that is not an event WorkOS lets endpoints subscribe to (the spec's example code).
    static func unknownEventType(_ field: String, _ name: String) -> FieldError {
        FieldError(field: field, code: "unknown_event_type", message: "'\(name)' is not a known event type.")
    }
}

// workos-emulator — error codes and bodies of the Audit Logs API (catalog-B §4).
// Licensed MIT.

import JSONCodec

extension APIErrorCode {
    /// 400 on `POST /audit_logs/events` when the event fails its action's schema:
    /// `{"code":"invalid_audit_log_event","message":"Invalid Audit Log event.","errors":[{"instancePath":…}]}`.
    public static let invalidAuditLogEvent = APIErrorCode(rawValue: "invalid_audit_log_event")
    /// 400 on `POST /audit_logs/events` when `occurred_at` is not ISO 8601 (the Node SDK's test fixture:
    /// `code: 'invalid_audit_log'`, catalog-B §4).
    public static let invalidAuditLog = APIErrorCode(rawValue: "invalid_audit_log")
    /// 400 on `POST /audit_logs/exports` when `range_start` is after `range_end` (spec example).
    public static let invalidAuditLogExportRangeDate = APIErrorCode(rawValue: "invalid_audit_log_export_range_date")
}

extension APIError {
    /// 400 `invalid_audit_log_event` with ajv-style `errors[].instancePath` (spec `POST /audit_logs/events`).
    static func invalidAuditLogEvent(_ errors: [AuditLogSchemaViolation]) -> APIError {
        APIError(
            status: .badRequest,
            body: [
                "code": .string(APIErrorCode.invalidAuditLogEvent.rawValue),
                "message": "Invalid Audit Log event.",
                "errors": .array(errors.map(\.json)),
            ]
        )
    }

    /// 400 for an `occurred_at` that is not an ISO 8601 date-time, in the shape of the Node SDK's fixture
    /// (catalog-B §4): `{"message":"Audit Log could not be processed due to missing or incorrect data.",
    /// "code":"invalid_audit_log",
    /// "errors":[{"field":"occurred_at","code":"occurred_at must be an ISO 8601 date string"}]}`.
    static let invalidOccurredAt = APIError(
        status: .badRequest,
        body: [
            "message": "Audit Log could not be processed due to missing or incorrect data.",
            "code": .string(APIErrorCode.invalidAuditLog.rawValue),
            "errors": [["field": "occurred_at", "code": "occurred_at must be an ISO 8601 date string"]],
        ]
    )

    /// 400 in the NestJS validation shape the spec documents for `POST /audit_logs/exports`:
    /// `{"message": [...], "error": "Bad Request"}`.
    static func exportValidation(_ messages: [String]) -> APIError {
        APIError(status: .badRequest, body: ["message": .array(messages.map { .string($0) }), "error": "Bad Request"])
    }
}

extension APIErrorCode {
    /// 403 on the emulator's export download when the URL's 10 minutes are over (spec Get Export: "The URL will
    /// expire after 10 minutes"). The emulator's own code: WorkOS's URLs point at its storage, whose answer is not
    /// documented.
    public static let auditLogExportURLExpired = APIErrorCode(rawValue: "audit_log_export_url_expired")
}

// workos-emulator — error bodies of the Audit Logs API (catalog-B §4).
// Licensed MIT.

import JSONCodec

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

    /// 403 for an export download whose token is right but past its 10 minutes.
    static func auditLogExportURLExpired(exportID: String) -> APIError {
        APIError(
            status: .forbidden,
            body: [
                "code": .string(APIErrorCode.auditLogExportURLExpired.rawValue),
                "message": .string(
                    "This export URL has expired; fetch the export again (GET /audit_logs/exports/\(exportID)) "
                        + "for a new one."
                ),
            ]
        )
    }
}

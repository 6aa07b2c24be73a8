// workos-emulator — error codes of the Audit Logs API (catalog-B §4).
// Licensed MIT.

extension APIErrorCode {
    /// 400 on `POST /audit_logs/events` when the event fails its action's schema:
    /// `{"code":"invalid_audit_log_event","message":"Invalid Audit Log event.","errors":[{"instancePath":…}]}`.
    public static let invalidAuditLogEvent = APIErrorCode(rawValue: "invalid_audit_log_event")
    /// 400 on `POST /audit_logs/events` when `occurred_at` is not ISO 8601 (the Node SDK's test fixture:
    /// `code: 'invalid_audit_log'`, catalog-B §4).
    public static let invalidAuditLog = APIErrorCode(rawValue: "invalid_audit_log")
    /// 400 on `POST /audit_logs/exports` when `range_start` is after `range_end` (spec example).
    public static let invalidAuditLogExportRangeDate = APIErrorCode(rawValue: "invalid_audit_log_export_range_date")
    /// 403 on the emulator's export download when the URL's 10 minutes are over (spec Get Export: "The URL will
    /// expire after 10 minutes"). The emulator's own code: WorkOS's URLs point at its storage, whose answer is not
    /// documented.
    public static let auditLogExportURLExpired = APIErrorCode(rawValue: "audit_log_export_url_expired")
}

// workos-emulator — id prefixes of Audit Logs objects (catalog-B §1.4).
// Licensed MIT.

extension IDPrefix {
    /// `audit_log_export_`: an audit log export.
    public static let auditLogExport = IDPrefix(rawValue: "audit_log_export")
    /// `ala_`: an audit log action (the spec's list examples use `ala_…` cursors; the API names actions by name).
    public static let auditLogAction = IDPrefix(rawValue: "ala")
    /// `als_`: an audit log schema version (the spec's list examples use `als_…` cursors).
    public static let auditLogSchema = IDPrefix(rawValue: "als")
    /// `audit_log_event_`: a stored audit log event (internal: WorkOS answers `{"success": true}`, no id; the id shows
    /// only as the first column of an export's CSV).
    public static let auditLogEvent = IDPrefix(rawValue: "audit_log_event")
}

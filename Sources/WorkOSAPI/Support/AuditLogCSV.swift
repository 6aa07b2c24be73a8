// workos-emulator — the CSV file behind an audit log export's `url`.
// Licensed MIT.

import JSONCodec

/// Renders events as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break in double quotes,
/// quotes doubled). WorkOS does not document the columns of its export file (neither the spec nor the API reference
/// text describes them), so this is the emulator's own layout: a header line, then one row per event, oldest first.
/// Targets and metadata, which have no fixed columns, are JSON.
enum AuditLogCSV {
    /// The header line's columns.
    static let columns = [
        "id", "action", "occurred_at", "version", "actor_id", "actor_type", "actor_name", "actor_metadata", "targets",
        "context_location", "context_user_agent", "metadata",
    ]

    /// The whole file.
    static func render(_ events: [AuditLogEvent]) -> String {
        var lines = [Self.columns.joined(separator: ",")]
        for event in events {
            let fields: [String] = [
                event.id, event.action, event.occurredAt.iso8601, event.version.map(String.init) ?? "",
                event.actor.id, event.actor.type, event.actor.name ?? "", Self.json(event.actor.metadata),
                JSON.array(event.targets.map(\.json)).serializedString, event.location, event.userAgent ?? "",
                Self.json(event.metadata),
            ]
            lines.append(fields.map(Self.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// An object as JSON, or an empty field.
    private static func json(_ object: JSONObject?) -> String {
        object.map { JSON.object($0).serializedString } ?? ""
    }

    /// RFC 4180 §2 items 5–7.
    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }
}

// workos-emulator — the AuditLogExport wire object (catalog-B §4; spec `AuditLogExportJson`).
// Licensed MIT.

import JSONCodec
import SQLite

/// An export of one organization's audit log events over a time range, as a CSV file behind `url`.
public struct AuditLogExport: Sendable, Equatable, JSONRepresentable {
    /// The states of the spec's enum.
    public enum State: String, Sendable {
        case pending
        case ready
        case error
        case expired
    }

    /// `audit_log_export_…`.
    public var id: String
    /// The organization whose events it holds.
    public var organizationID: String
    /// `pending` when created, `ready` from the first fetch on.
    public var state: State
    /// The download URL; "Only defined when the Audit Log Export is ready" (spec), and fresh on every fetch.
    public var url: String?
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change of state.
    public var updatedAt: Timestamp

    /// Decodes a row of `audit_log_exports`; the URL is filled in by the fetch that issues its token.
    public init(row: Row) {
        self.id = row["id"]
        self.organizationID = row["organization_id"]
        self.state = State(rawValue: row["state"]) ?? .error
        self.url = nil
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// `{object, id, state, url, created_at, updated_at}`; `url` is `null` until ready (Python 10 writes it as null).
    public var json: JSON {
        [
            "object": "audit_log_export",
            "id": .string(self.id),
            "state": .string(self.state.rawValue),
            "url": self.url.json,
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}

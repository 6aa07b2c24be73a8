// workos-emulator — one way an audit log event fails its action's schema.
// Licensed MIT.

import JSONCodec

/// An item of the 400 `invalid_audit_log_event` body's `errors`: ajv's shape (`instancePath` is a JSON Pointer into
/// the event, spec example `/targets`), with `keyword` and `message` for humans.
public struct AuditLogSchemaViolation: Sendable, Equatable, JSONRepresentable {
    /// JSON Pointer into the event, e.g. `/targets`, `/metadata/cost`, `/actor/metadata/role`.
    public var instancePath: String
    /// The JSON Schema keyword that failed: `required`, `type`, `enum`, `contains`, `additionalProperties`.
    public var keyword: String
    /// A sentence for humans, in ajv's wording.
    public var message: String

    /// A violation.
    public init(instancePath: String, keyword: String, message: String) {
        self.instancePath = instancePath
        self.keyword = keyword
        self.message = message
    }

    /// `{"instancePath", "keyword", "message"}`.
    public var json: JSON {
        ["instancePath": .string(self.instancePath), "keyword": .string(self.keyword), "message": .string(self.message)]
    }
}

// workos-emulator — the limits on audit log event, actor and target metadata (catalog-B §4).
// Licensed MIT.

import JSONCodec

/// "The same metadata limits apply to event, actor and target `metadata`" (catalog-B §4; spec
/// `AuditLogEventActorDto.metadata`): at most 50 keys, keys matching `^[a-zA-Z0-9_-]{0,40}$`, values a string of at
/// most 500 characters, a number or a boolean.
enum AuditLogMetadataRules {
    /// `maxProperties: 50`.
    static let maximumKeys = 50
    /// `{0,40}` in the key pattern.
    static let maximumKeyLength = 40
    /// `maxLength: 500` of string values.
    static let maximumValueLength = 500

    /// True when `key` matches `^[a-zA-Z0-9_-]{0,40}$`.
    static func isValidKey(_ key: String) -> Bool {
        key.utf8.count <= Self.maximumKeyLength
            && key.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    return true
                default:
                    return false
                }
            }
    }

    /// Checks an optional `metadata` member of a request object; each problem becomes a 422 field error under
    /// `field` (`event.metadata`, `event.actor.metadata`, `event.targets[0].metadata`). Absent or null is nil.
    static func validate(_ value: JSON?, field: String, errors: inout [FieldError]) -> JSONObject? {
        switch value {
        case nil, .null?:
            return nil
        case .object(let object)?:
            if object.count > Self.maximumKeys {
                errors.append(.invalid(field, "\(field) can have at most \(Self.maximumKeys) keys."))
            }
            for (key, item) in object {
                if !Self.isValidKey(key) {
                    errors.append(
                        .invalid(field, "\(field) keys must match ^[a-zA-Z0-9_-]{0,40}$; '\(key)' does not.")
                    )
                }
                switch item {
                case .string(let text) where text.count > Self.maximumValueLength:
                    errors.append(
                        .invalid(
                            "\(field).\(key)", "\(field).\(key) must be at most \(Self.maximumValueLength) characters."
                        )
                    )
                case .string, .int, .double, .bool:
                    break
                default:
                    errors.append(.type("\(field).\(key)", expected: "a string, number or boolean"))
                }
            }
            return object
        case .some:
            errors.append(.type(field, expected: "an object"))
            return nil
        }
    }
}

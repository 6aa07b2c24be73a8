// workos-emulator — `metadata` maps: string keys to string values, with WorkOS's limits.
// Licensed MIT.

import JSONCodec

/// Helpers for `metadata`: WorkOS allows at most 50 keys, keys up to 40 characters and values up to 600
/// (catalog-A §3); a violation is a 400 `invalid_metadata`.
public enum Metadata {
    /// Most keys allowed.
    public static let maximumKeys = 50
    /// Longest key allowed.
    public static let maximumKeyLength = 40
    /// Longest value allowed.
    public static let maximumValueLength = 600

    /// Validates a `metadata` value from a body; nil means `null` (clear).
    public static func validate(_ value: JSON) throws(APIError) -> [(key: String, value: String)] {
        guard case .object(let object) = value else {
            throw .badRequest(.invalidMetadata, "metadata must be an object of string values.")
        }
        if object.count > Self.maximumKeys {
            throw .badRequest(.invalidMetadata, "metadata can have at most \(Self.maximumKeys) keys.")
        }
        var pairs: [(key: String, value: String)] = []
        for (key, item) in object {
            if key.isEmpty || key.count > Self.maximumKeyLength {
                throw .badRequest(
                    .invalidMetadata,
                    "metadata keys must be 1 to \(Self.maximumKeyLength) characters; '\(key)' is not."
                )
            }
            guard let text = item.stringValue else {
                throw .badRequest(.invalidMetadata, "metadata values must be strings; '\(key)' is \(item.typeName).")
            }
            if text.count > Self.maximumValueLength {
                throw .badRequest(
                    .invalidMetadata,
                    "metadata values must be at most \(Self.maximumValueLength) characters; '\(key)' is longer."
                )
            }
            pairs.append((key, text))
        }
        return pairs
    }

    /// The JSON object form.
    public static func json(_ pairs: [(key: String, value: String)]) -> JSON {
        var object = JSONObject()
        for pair in pairs { object[pair.key] = .string(pair.value) }
        return .object(object)
    }

    /// The stored text form (a JSON object).
    public static func encode(_ pairs: [(key: String, value: String)]) -> String {
        Self.json(pairs).serializedString
    }

    /// Reads the stored text form; anything unreadable is empty.
    public static func decode(_ text: String) -> [(key: String, value: String)] {
        guard case .object(let object)? = try? JSON.parse(text) else { return [] }
        return object.compactMap { pair in pair.value.stringValue.map { (pair.key, $0) } }
    }
}

// workos-emulator — JSON objects stored as text in a column (attributes of directory users and groups).
// Licensed MIT.

import JSONCodec

extension JSON {
    /// The object stored as JSON text in a column, or `{}` when the text is not an object.
    static func object(parsing text: String) -> JSON {
        guard let parsed = try? JSON.parse(text), parsed.objectValue != nil else { return .object(JSONObject()) }
        return parsed
    }
}

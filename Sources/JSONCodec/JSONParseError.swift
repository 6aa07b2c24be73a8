// workos-emulator: why and where a JSON document was rejected.

/// A rejected JSON document: the byte offset where parsing failed and a short reason.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The zero-based byte offset in the input where parsing failed.
    public var offset: Int
    /// Short human text, e.g. "unexpected character '}'" or "unterminated string".
    public var reason: String

    /// An error at `offset` for `reason`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// "<reason> at byte <offset>", for logs and API error messages.
    public var description: String {
        "\(self.reason) at byte \(self.offset)"
    }
}

// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

/// What `HTTPClient` keeps of a response: the status line. Headers and body are read (up to a cap) and dropped.
public struct HTTPClientResponse: Sendable, Hashable {
    /// The status code, 100–599 (RFC 9112 §4).
    public var status: Int
    /// The reason phrase, possibly empty.
    public var reasonPhrase: String

    /// A response with this status line.
    public init(status: Int, reasonPhrase: String) {
        self.status = status
        self.reasonPhrase = reasonPhrase
    }

    /// True for 2xx.
    public var isSuccess: Bool {
        (200..<300).contains(self.status)
    }
}

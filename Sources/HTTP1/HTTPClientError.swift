// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

/// Why `HTTPClient` produced no response: a code to branch on and a sentence for logs and delivery records.
public struct HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure; an open set, as NIO's error codes are.
    public struct Code: RawRepresentable, Hashable, Sendable {
        /// The name of the code.
        public let rawValue: String
        /// Wraps a name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The URL could not be parsed.
        public static let invalidURL = Code(rawValue: "invalid_url")
        /// The scheme is not `http` (this client has no TLS).
        public static let unsupportedScheme = Code(rawValue: "unsupported_scheme")
        /// A header name or value would break the request framing.
        public static let invalidRequest = Code(rawValue: "invalid_request")
        /// The host name did not resolve.
        public static let resolutionFailed = Code(rawValue: "resolution_failed")
        /// No address accepted the connection.
        public static let connectFailed = Code(rawValue: "connect_failed")
        /// Connecting, sending or waiting for the status line took longer than allowed.
        public static let timedOut = Code(rawValue: "timed_out")
        /// Sending the request failed after connecting.
        public static let sendFailed = Code(rawValue: "send_failed")
        /// The peer closed the connection or sent something that is not an HTTP/1.x status line.
        public static let invalidResponse = Code(rawValue: "invalid_response")
        /// `HTTPClientCancellation.cancel()` was called.
        public static let cancelled = Code(rawValue: "cancelled")
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence saying what failed, e.g. `connect to 127.0.0.1:9: Connection refused (errno 111)`.
    public var message: String

    /// An error of `code` described by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String {
        self.message
    }
}

// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

extension HTTPServer {
    /// Where to listen, size limits, timeouts and hooks.
    public struct Configuration: Sendable {
        /// IPv4 or IPv6 literal, `localhost`, `0.0.0.0` or `::`.
        public var host: String
        /// TCP port; 0 picks any free port (see `HTTPServer.start()`'s result).
        public var port: Int
        /// Request line plus header section; over it the server answers 431 and closes.
        public var maxHeaderBytes: Int
        /// Decoded request body; over it the server answers 413 and closes.
        public var maxBodyBytes: Int
        /// The whole head must arrive within this, counted from its first byte (slowloris guard); then 408 + close.
        public var headerTimeout: Duration
        /// The whole body must arrive within this, counted from the end of the head; then 408 + close.
        public var bodyTimeout: Duration
        /// A persistent connection with no new request for this long is closed without a response.
        public var idleTimeout: Duration
        /// A response write that makes no progress for this long fails and the connection closes.
        public var writeTimeout: Duration
        /// Open connections beyond this are answered 503 (with `Connection: close`) and closed at once.
        public var maxConnections: Int
        /// Requests served on one connection before it closes (nil: no limit).
        public var maxRequestsPerConnection: Int?
        /// How long `stop()` lets in-flight requests finish before shutting down the remaining connections.
        public var shutdownGracePeriod: Duration
        /// Builds the response for errors the server produces itself (400, 408, 413, 431, 501, 503, 505),
        /// from the status and a short message.
        public var protocolErrorResponse: @Sendable (HTTPStatus, String) -> HTTPResponse
        /// Receives one line per notable server event (accept failures, dropped connections).
        public var log: @Sendable (String) -> Void

        /// A configuration; every parameter has the documented default.
        public init(
            host: String = "127.0.0.1",
            port: Int = 8484,
            maxHeaderBytes: Int = 16 * 1024,
            maxBodyBytes: Int = 1 << 20,
            headerTimeout: Duration = .seconds(10),
            bodyTimeout: Duration = .seconds(30),
            idleTimeout: Duration = .seconds(60),
            writeTimeout: Duration = .seconds(30),
            maxConnections: Int = 1024,
            maxRequestsPerConnection: Int? = nil,
            shutdownGracePeriod: Duration = .seconds(5),
            protocolErrorResponse: @escaping @Sendable (HTTPStatus, String) -> HTTPResponse =
                Configuration.jsonProtocolErrorResponse,
            log: @escaping @Sendable (String) -> Void = { _ in }
        ) {
            self.host = host
            self.port = port
            self.maxHeaderBytes = maxHeaderBytes
            self.maxBodyBytes = maxBodyBytes
            self.headerTimeout = headerTimeout
            self.bodyTimeout = bodyTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.maxConnections = maxConnections
            self.maxRequestsPerConnection = maxRequestsPerConnection
            self.shutdownGracePeriod = shutdownGracePeriod
            self.protocolErrorResponse = protocolErrorResponse
            self.log = log
        }

        /// The default error body: `{"message": "..."}` with `Content-Type: application/json`.
        public static let jsonProtocolErrorResponse: @Sendable (HTTPStatus, String) -> HTTPResponse = {
            status,
            message in
            HTTPResponse(
                status: status,
                headers: ["Content-Type": "application/json"],
                body: Array("{\"message\":\(Self.jsonString(message))}".utf8)
            )
        }

        /// The parser's size limits.
        var parserLimits: RequestParser.Limits {
            RequestParser.Limits(maxHeaderBytes: self.maxHeaderBytes, maxBodyBytes: self.maxBodyBytes)
        }

        /// The connection state machine's timeouts.
        var timeouts: ConnectionState.Timeouts {
            ConnectionState.Timeouts(header: self.headerTimeout, body: self.bodyTimeout, idle: self.idleTimeout)
        }

        /// A JSON string literal for `text` (RFC 8259 §7 escapes).
        private static func jsonString(_ text: String) -> String {
            var result = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case "\n": result += "\\n"
                case "\r": result += "\\r"
                case "\t": result += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: result.unicodeScalars.append(scalar)
                }
            }
            return result + "\""
        }
    }
}

/// A misuse of the server's lifecycle, e.g. `start()` after `stop()`.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// An error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String {
        self.message
    }
}

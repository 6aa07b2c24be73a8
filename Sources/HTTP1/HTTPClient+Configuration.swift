// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

extension HTTPClient {
    /// Timeouts and size limits of one request.
    public struct Configuration: Sendable {
        /// Resolving and connecting, over every address of the host together.
        public var connectTimeout: Duration
        /// Sending the request and receiving the status line, counted once connected.
        public var responseTimeout: Duration
        /// The largest response head (status line and headers) read; beyond it the response is invalid.
        public var maxHeadBytes: Int
        /// At most this much of the body is read (and dropped) before the connection is closed.
        public var maxBodyBytes: Int
        /// `User-Agent` sent with every request, unless the request has its own.
        public var userAgent: String

        /// A configuration; every parameter has the documented default.
        public init(
            connectTimeout: Duration = .seconds(5),
            responseTimeout: Duration = .seconds(5),
            maxHeadBytes: Int = 16 * 1024,
            maxBodyBytes: Int = 64 * 1024,
            userAgent: String = "workos-emulator"
        ) {
            self.connectTimeout = connectTimeout
            self.responseTimeout = responseTimeout
            self.maxHeadBytes = maxHeadBytes
            self.maxBodyBytes = maxBodyBytes
            self.userAgent = userAgent
        }
    }
}

// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

/// The keep-alive, close and timeout decisions for one connection, as a pure state machine (Hummingbird's
/// `HTTP1ConnectionStateMachine` role). The connection loop reports what happened and asks what to do; the clock
/// is passed in, so every decision can be tested without sockets or sleeping.
public struct ConnectionState: Sendable {
    /// A point in time on the monotonic clock.
    public typealias Instant = ContinuousClock.Instant

    /// How long each phase may last.
    public struct Timeouts: Sendable, Equatable {
        /// From the first byte of a request to the end of its head (slowloris guard).
        public var header: Duration
        /// From the end of the head to the end of the body.
        public var body: Duration
        /// Between requests on a persistent connection (and before the first one).
        public var idle: Duration

        /// Timeouts with the given durations.
        public init(header: Duration, body: Duration, idle: Duration) {
            self.header = header
            self.body = body
            self.idle = idle
        }
    }

    /// Where the connection is.
    public enum Phase: Sendable, Equatable {
        /// Waiting for the first byte of the next request.
        case idle
        /// Some of a request head has arrived.
        case readingHead
        /// The head is complete; reading the body.
        case readingBody
        /// A complete request is being handled and answered.
        case responding
        /// Done: the connection must be closed.
        case closed
    }

    /// What to do when the current phase's deadline passes.
    public enum TimeoutAction: Sendable, Equatable {
        /// Nothing of a request was received: close without a response.
        case closeSilently
        /// Part of a request was received: answer 408 (RFC 9110 §15.5.9), then close.
        case respondAndClose(HTTPStatus)
    }

    /// The current phase.
    public private(set) var phase: Phase
    /// When the current phase times out; nil while responding or closed.
    public private(set) var deadline: Instant?
    /// Requests answered on this connection so far.
    public private(set) var completedRequests = 0
    private var keepsAliveAfterResponse = true
    private let timeouts: Timeouts
    private let maxRequests: Int?

    /// A new connection, idle since `now`. `maxRequests` caps requests per connection (nil: no cap).
    public init(timeouts: Timeouts, maxRequests: Int? = nil, now: Instant) {
        self.timeouts = timeouts
        self.maxRequests = maxRequests
        self.phase = .idle
        self.deadline = now + timeouts.idle
    }

    /// The first byte of a request arrived: the header deadline starts now (not at the last response, so an
    /// idle keep-alive period does not eat into it).
    public mutating func requestStarted(at now: Instant) {
        guard self.phase == .idle else {
            return
        }
        self.phase = .readingHead
        self.deadline = now + self.timeouts.header
    }

    /// The head is complete and a body follows: the body deadline starts now.
    public mutating func headCompleted(at now: Instant) {
        guard self.phase == .idle || self.phase == .readingHead else {
            return
        }
        self.phase = .readingBody
        self.deadline = now + self.timeouts.body
    }

    /// A complete request arrived. Returns whether the connection stays open after its response, which the
    /// response must announce (`Connection: close` otherwise).
    public mutating func requestCompleted(
        version: HTTPVersion,
        requestHeaders: HTTPHeaders,
        responseHeaders: HTTPHeaders,
        isServerStopping: Bool
    ) -> Bool {
        self.phase = .responding
        self.deadline = nil
        var keepAlive = Self.isPersistent(
            version: version,
            requestHeaders: requestHeaders,
            responseHeaders: responseHeaders
        )
        if isServerStopping {
            keepAlive = false
        }
        if let maxRequests = self.maxRequests, self.completedRequests + 1 >= maxRequests {
            keepAlive = false
        }
        self.keepsAliveAfterResponse = keepAlive
        return keepAlive
    }

    /// The response was written: back to idle (idle deadline from now) or closed.
    public mutating func responseSent(at now: Instant) {
        guard self.phase == .responding else {
            return
        }
        self.completedRequests += 1
        if self.keepsAliveAfterResponse {
            self.phase = .idle
            self.deadline = now + self.timeouts.idle
        } else {
            self.close()
        }
    }

    /// What to do when `deadline` has passed.
    public var timeoutAction: TimeoutAction {
        switch self.phase {
        case .readingHead, .readingBody:
            return .respondAndClose(.requestTimeout)
        case .idle, .responding, .closed:
            return .closeSilently
        }
    }

    /// True once `deadline` is at or before `now`.
    public func hasTimedOut(at now: Instant) -> Bool {
        guard let deadline = self.deadline else {
            return false
        }
        return now >= deadline
    }

    /// A protocol error, a timeout, end of stream or a socket error: the connection is done.
    public mutating func close() {
        self.phase = .closed
        self.deadline = nil
    }

    /// RFC 9112 §9.3: HTTP/1.1 connections persist unless either side sends `Connection: close`; an HTTP/1.0
    /// connection persists only when the request carries `Connection: keep-alive`.
    public static func isPersistent(
        version: HTTPVersion,
        requestHeaders: HTTPHeaders,
        responseHeaders: HTTPHeaders = HTTPHeaders()
    ) -> Bool {
        if requestHeaders.containsToken("close", in: "Connection")
            || responseHeaders.containsToken("close", in: "Connection")
        {
            return false
        }
        if version == .http1_1 {
            return true
        }
        return version == .http1_0 && requestHeaders.containsToken("keep-alive", in: "Connection")
    }
}

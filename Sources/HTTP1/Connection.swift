// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

import Sockets

/// The read → parse → respond → write loop for one accepted socket, run on that connection's own thread.
///
/// Blocking I/O with `SO_RCVTIMEO` set to whatever is left of the current phase's deadline, so a client that
/// trickles one byte per second is still cut off when its head deadline passes, not just after a quiet second.
struct Connection {
    let socket: Socket
    let remoteAddress: String?
    let configuration: HTTPServer.Configuration
    let responder: @Sendable (HTTPRequest) -> HTTPResponse
    let isServerStopping: @Sendable () -> Bool
    /// Tells the server whether this connection is between requests, so `stop()` knows which ones it may close.
    let markIdle: @Sendable (Bool) -> Void

    /// Read size: large enough that a request (or several pipelined ones) usually arrives in one `recv`.
    static let readChunkSize = 64 * 1024

    /// Serves requests until the client leaves, a limit or timeout is hit, or the server stops; closes the socket.
    func run() {
        let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readChunkSize, alignment: 16)
        defer {
            readBuffer.deallocate()
            self.socket.close()
        }
        var parser = RequestParser(limits: self.configuration.parserLimits)
        var state = ConnectionState(
            timeouts: self.configuration.timeouts,
            maxRequests: self.configuration.maxRequestsPerConnection,
            now: .now
        )
        var writer = ResponseWriter()
        var readTimeout: Duration?
        var isMarkedIdle = false

        // Small responses should leave at once; a failure here only costs latency.
        try? self.socket.setNoDelay()
        try? self.socket.setWriteTimeout(self.configuration.writeTimeout)

        while true {
            // Answer everything already buffered first: pipelined requests are answered in order (RFC 9112 §9.3.2).
            let event: RequestParser.Event?
            do {
                event = try parser.next()
            } catch {
                self.fail(with: error.status, message: error.message, writer: &writer)
                return
            }
            Self.follow(parser, into: &state)

            switch event {
            case .continueExpected:
                // RFC 9110 §10.1.1: send 100 (Continue) before reading the announced body.
                do {
                    try self.socket.write(ResponseWriter.continueResponse)
                } catch {
                    return
                }
                continue
            case .request(var request):
                request.remoteAddress = self.remoteAddress
                let response = self.responder(request)
                let keepAlive = state.requestCompleted(
                    version: request.version,
                    requestHeaders: request.headers,
                    responseHeaders: response.headers,
                    isServerStopping: self.isServerStopping()
                )
                let bytes = writer.serialize(
                    response,
                    requestMethod: request.method,
                    requestVersion: request.version,
                    shouldClose: !keepAlive
                )
                do {
                    try self.writeWithinTimeout(bytes)
                } catch {
                    return
                }
                state.responseSent(at: .now)
                guard keepAlive else {
                    self.lingeringClose()
                    return
                }
                Self.follow(parser, into: &state)
                continue
            case nil:
                break
            }

            // Between requests: a stopping server closes idle connections, so check before waiting. Marking
            // first closes the race with stop(): either it sees this connection idle and shuts its read side, or
            // this check sees the stop.
            if state.phase == .idle {
                if !isMarkedIdle {
                    self.markIdle(true)
                    isMarkedIdle = true
                }
                if self.isServerStopping() {
                    return
                }
            }

            // Need more bytes: wait for them, but no longer than the current phase allows.
            guard let deadline = state.deadline else {
                return
            }
            let now = ContinuousClock.now
            if now >= deadline {
                self.timeOut(state.timeoutAction, writer: &writer)
                return
            }
            let remaining = deadline - now
            let tolerance = Duration.milliseconds(10)
            if readTimeout.map({ $0 > remaining + tolerance || $0 < remaining - tolerance }) ?? true {
                do {
                    try self.socket.setReadTimeout(remaining)
                    readTimeout = remaining
                } catch {
                    return
                }
            }
            let count: Int
            do {
                count = try self.socket.read(into: readBuffer)
            } catch {
                if error.isTimeout {
                    // Loop: the deadline check above decides whether this was the end or a short wake-up.
                    readTimeout = nil
                    continue
                }
                return
            }
            guard count > 0 else {
                // End of stream (the client closed, or stop() shut the read side): nothing to answer.
                return
            }
            if isMarkedIdle {
                self.markIdle(false)
                isMarkedIdle = false
            }
            parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
            Self.follow(parser, into: &state)
        }
    }

    /// Moves the connection's timeout phase along with the parser's progress.
    private static func follow(_ parser: RequestParser, into state: inout ConnectionState) {
        switch (parser.phase, state.phase) {
        case (.head, .idle):
            state.requestStarted(at: .now)
        case (.body, .idle), (.body, .readingHead):
            state.headCompleted(at: .now)
        default:
            break
        }
    }

    /// Writes a response, failing once `writeTimeout` has passed since the write began: a client that stops
    /// reading is dropped then, however much the kernel keeps trickling into its send buffer. The socket's
    /// `SO_SNDTIMEO` is `writeTimeout` (set when the connection starts), so the first `send` cannot overrun it.
    private func writeWithinTimeout(_ bytes: [UInt8]) throws(SocketError) {
        try self.socket.write(bytes, deadline: ContinuousClock.now + self.configuration.writeTimeout)
    }

    /// Answers a protocol error with the configured body and `Connection: close`, then closes.
    private func fail(with status: HTTPStatus, message: String, writer: inout ResponseWriter) {
        self.configuration.log("\(status.code) \(message) (client \(self.remoteAddress ?? "unknown")); closing")
        let response = self.configuration.protocolErrorResponse(status, message)
        let bytes = writer.serialize(response, requestMethod: nil, shouldClose: true)
        do {
            try self.writeWithinTimeout(bytes)
        } catch {
            return
        }
        self.lingeringClose()
    }

    private func timeOut(_ action: ConnectionState.TimeoutAction, writer: inout ResponseWriter) {
        switch action {
        case .closeSilently:
            return
        case .respondAndClose(let status):
            self.fail(with: status, message: "Request timed out", writer: &writer)
        }
    }

    /// Half-closes, then reads and discards what the client still sends for a short while. Closing with unread
    /// bytes in the receive queue makes the kernel send RST, which can destroy the response we just wrote before
    /// the client reads it (RFC 9112 §9.6 describes this "lingering close").
    private func lingeringClose() {
        self.socket.shutdown(.write)
        let deadline = ContinuousClock.now + .seconds(1)
        var discarded = 0
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        while ContinuousClock.now < deadline, discarded < 4 << 20 {
            let remaining = deadline - ContinuousClock.now
            let result = scratch.withUnsafeMutableBytes { buffer in
                Result { () throws(SocketError) -> Int in
                    try self.socket.setReadTimeout(min(remaining, .milliseconds(250)))
                    return try self.socket.read(into: buffer)
                }
            }
            guard case .success(let count) = result, count > 0 else {
                if case .failure(let error) = result, error.isTimeout {
                    continue
                }
                return
            }
            discarded += count
        }
    }
}

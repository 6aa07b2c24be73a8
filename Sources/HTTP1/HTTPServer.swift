// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

import Foundation
import Sockets
import Synchronization

/// An HTTP/1.1 server on blocking sockets: one acceptor thread and one thread per connection.
///
/// `start()` binds and listens synchronously and returns the bound port (so tests on port 0 need no polling);
/// `run()` suspends until the server has stopped; `stop()` stops accepting, lets in-flight requests finish
/// (up to `shutdownGracePeriod`) and shuts down the remaining connections. The server never runs on the
/// cooperative thread pool, so a test blocking a pool thread with a synchronous client cannot starve it.
public final class HTTPServer: Sendable {
    private struct State {
        var listener: Socket?
        var port: Int?
        var isStopRequested = false
        var hasAcceptorExited = false
        var hasFinished = false
        /// Open connections keyed by file descriptor; their count is the connection count the cap checks.
        var connections: [Int32: TrackedConnection] = [:]
        /// Threads currently answering 503 to connections over the cap.
        var rejecting = 0
        var waiters: [CheckedContinuation<Void, Never>] = []

        /// Marks the server finished once nothing runs any more; returns the waiters to resume.
        mutating func finishIfDrained() -> [CheckedContinuation<Void, Never>] {
            guard self.hasAcceptorExited, self.connections.isEmpty, self.rejecting == 0, !self.hasFinished else {
                return []
            }
            self.hasFinished = true
            defer { self.waiters = [] }
            return self.waiters
        }
    }

    /// An open connection as `stop()` sees it. `isIdle` is an atomic rather than state under the server's lock
    /// because every request flips it twice, and a shared lock taken that often is contended.
    private final class TrackedConnection: Sendable {
        let socket: Socket
        /// Waiting for the first byte of its next request: `stop()` may close it at once.
        let isIdle = Atomic<Bool>(false)

        init(socket: Socket) {
            self.socket = socket
        }
    }

    /// At most this many threads answer 503 at once; beyond that, over-cap connections are closed at once.
    private static let maxRejectingThreads = 32

    /// The configuration the server was created with.
    public let configuration: Configuration
    private let responder: @Sendable (HTTPRequest) -> HTTPResponse
    private let state = Mutex(State())
    /// Read by every connection after each request; an atomic so that costs no lock.
    private let isStopping = Atomic<Bool>(false)
    /// Connection threads, reused across connections.
    private let workers = WorkerPool()

    /// A server that answers every request with `responder` (typically a router wrapped in middleware).
    public init(configuration: Configuration, responder: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.configuration = configuration
        self.responder = responder
    }

    /// The bound port, once started.
    public var port: Int? {
        self.state.withLock { $0.port }
    }

    /// The number of open client connections.
    public var connectionCount: Int {
        self.state.withLock { $0.connections.count }
    }

    /// The number of open connections waiting between requests (for tests of `stop()`).
    var idleConnectionCount: Int {
        self.state.withLock { state in
            state.connections.values.filter { $0.isIdle.load(ordering: .sequentiallyConsistent) }.count
        }
    }

    /// Binds and listens synchronously, starts the acceptor thread, and returns the bound port (port 0 → the
    /// port the kernel picked, via `getsockname`). Calling it again returns the same port; after `stop()` it throws.
    public func start() throws -> Int {
        let started = try self.state.withLock { state throws -> (listener: Socket, port: Int)? in
            if state.isStopRequested {
                throw HTTPServerError("The server was stopped and cannot be started again")
            }
            if state.port != nil {
                return nil
            }
            // A write to a closed connection must fail with EPIPE, never kill the process.
            Socket.ignoreBrokenPipeSignals()
            let address = try SocketAddress(host: self.configuration.host, port: self.configuration.port)
            let socket = try Socket.listening(on: address)
            let port = try socket.localAddress().port
            state.listener = socket
            state.port = port
            return (socket, port)
        }
        guard let (listener, port) = started else {
            return self.port ?? 0
        }
        let thread = Thread { [self] in
            self.acceptLoop(listener)
        }
        thread.name = "http-acceptor"
        thread.start()
        return port
    }

    /// Suspends until the server has stopped: the acceptor has exited and every connection has closed.
    /// Starts the server first if `start()` was not called.
    public func run() async throws {
        let needsStart = self.state.withLock { $0.port == nil && !$0.isStopRequested }
        if needsStart {
            _ = try self.start()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isFinished = self.state.withLock { state in
                if state.hasFinished {
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if isFinished {
                continuation.resume()
            }
        }
    }

    /// Graceful stop: no new connections; idle connections close at once (their read side is shut down);
    /// requests being handled finish and are answered with `Connection: close`; whatever is still open after
    /// `shutdownGracePeriod` is shut down. Returns without waiting; `run()` returns once all is done. Idempotent.
    public func stop() {
        let (listener, connections, isFirstCall) = self.state.withLock { state in
            guard !state.isStopRequested else {
                return (nil as Socket?, [Socket](), false)
            }
            state.isStopRequested = true
            // Sequentially consistent, paired with the connection's store to isIdle then load of isStopping:
            // either this loop sees the connection idle, or the connection sees the stop before it waits.
            self.isStopping.store(true, ordering: .sequentiallyConsistent)
            let idle = state.connections.values.filter { $0.isIdle.load(ordering: .sequentiallyConsistent) }
            return (state.listener, idle.map(\.socket), true)
        }
        guard isFirstCall else {
            return
        }
        // Parked connection threads exit now; busy ones exit when their connection ends.
        self.workers.shutDown()
        guard let listener else {
            // Never started: nothing to wait for.
            let waiters = self.state.withLock { state in
                state.hasAcceptorExited = true
                return state.finishIfDrained()
            }
            for waiter in waiters {
                waiter.resume()
            }
            return
        }
        // On Linux, shutdown() on a listening socket makes a blocked accept() return (EINVAL).
        listener.shutdown(.both)
        // An idle connection blocked in read sees end of stream and closes. A connection mid-request is left to
        // finish: its response carries Connection: close because isStopping is set, and one that turns idle later
        // sees isStopping before it waits again.
        for connection in connections {
            connection.shutdown(.read)
        }
        let grace = self.configuration.shutdownGracePeriod
        let reaper = Thread { [self] in
            let deadline = ContinuousClock.now + grace
            while ContinuousClock.now < deadline {
                if self.state.withLock({ $0.connections.isEmpty }) {
                    return
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
            let remaining = self.state.withLock { $0.connections.values.map(\.socket) }
            for connection in remaining {
                connection.shutdown(.both)
            }
        }
        reaper.name = "http-stop"
        reaper.start()
    }

    // MARK: - Accepting

    private func acceptLoop(_ listener: Socket) {
        accepting: while true {
            do {
                let (client, peer) = try listener.accept()
                self.admit(client, peer: peer)
            } catch {
                if self.isStopping.load(ordering: .acquiring) {
                    break accepting
                }
                if error.isResourceExhaustion {
                    // Out of descriptors or memory: back off instead of spinning; connections will close.
                    self.configuration.log("accept failed: \(error); retrying")
                    Thread.sleep(forTimeInterval: 0.01)
                } else if error.isInvalidSocket {
                    self.configuration.log("accept failed: \(error); listener closed")
                    break accepting
                }
                // Otherwise (ECONNABORTED, EPROTO, …) that one connection is gone; keep accepting.
            }
        }
        listener.close()
        let waiters = self.state.withLock { state in
            state.hasAcceptorExited = true
            state.listener = nil
            return state.finishIfDrained()
        }
        for waiter in waiters {
            waiter.resume()
        }
    }

    private enum Admission {
        case accepted
        case overCapacity(canAnswer: Bool)
        case stopping
    }

    private func admit(_ client: Socket, peer: SocketAddress?) {
        let tracked = TrackedConnection(socket: client)
        let admission = self.state.withLock { state -> Admission in
            if state.isStopRequested {
                return .stopping
            }
            if state.connections.count >= self.configuration.maxConnections {
                guard state.rejecting < Self.maxRejectingThreads else {
                    return .overCapacity(canAnswer: false)
                }
                state.rejecting += 1
                return .overCapacity(canAnswer: true)
            }
            state.connections[client.fileDescriptor] = tracked
            return .accepted
        }
        switch admission {
        case .stopping, .overCapacity(canAnswer: false):
            client.close()
        case .overCapacity(canAnswer: true):
            let thread = Thread { [self] in
                self.reject(client)
            }
            thread.name = "http-reject"
            thread.start()
        case .accepted:
            let connection = Connection(
                socket: client,
                remoteAddress: peer.map { Self.clientIP($0.host) },
                configuration: self.configuration,
                responder: self.responder,
                isServerStopping: { [self] in self.isStopping.load(ordering: .sequentiallyConsistent) },
                markIdle: { isIdle in
                    tracked.isIdle.store(isIdle, ordering: .sequentiallyConsistent)
                }
            )
            self.workers.run(name: "http-connection") { [self] in
                connection.run()
                let waiters = self.state.withLock { state in
                    state.connections[client.fileDescriptor] = nil
                    return state.finishIfDrained()
                }
                for waiter in waiters {
                    waiter.resume()
                }
            }
        }
    }

    /// The client's IP as applications expect it: an IPv4 client of a dual-stack `::` listener shows up as
    /// `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2), reported here as plain `a.b.c.d`.
    static func clientIP(_ host: String) -> String {
        let mappedPrefix = "::ffff:"
        if host.lowercased().hasPrefix(mappedPrefix), host.contains(".") {
            return String(host.dropFirst(mappedPrefix.count))
        }
        return host
    }

    /// Over the connection cap: answer 503 with `Connection: close` straight away and close, never hang.
    private func reject(_ client: Socket) {
        var writer = ResponseWriter()
        let response = self.configuration.protocolErrorResponse(.serviceUnavailable, "Too many connections")
        let bytes = writer.serialize(response, requestMethod: nil, shouldClose: true)
        try? client.setWriteTimeout(.seconds(1))
        if (try? client.write(bytes)) != nil {
            // Let the client read the 503 before the close: drain briefly so unread request bytes cause no RST.
            client.shutdown(.write)
            try? client.setReadTimeout(.milliseconds(250))
            let deadline = ContinuousClock.now + .seconds(1)
            var drained = 0
            while drained < 1 << 20, ContinuousClock.now < deadline,
                let bytes = try? client.read(maxCount: 16 * 1024), !bytes.isEmpty
            {
                drained += bytes.count
            }
        }
        client.close()
        let waiters = self.state.withLock { state in
            state.rejecting -= 1
            return state.finishIfDrained()
        }
        for waiter in waiters {
            waiter.resume()
        }
    }
}

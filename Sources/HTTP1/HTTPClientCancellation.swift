// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

import Sockets
import Synchronization

/// Lets another thread stop a request in progress: `cancel()` shuts down its socket, so a blocked read or write
/// returns at once and the request fails with `HTTPClientError.Code.cancelled`.
public final class HTTPClientCancellation: Sendable {
    private struct State {
        var socket: Socket?
        var isCancelled = false
    }

    private let state = Mutex(State())

    /// A token not yet cancelled.
    public init() {}

    /// True once `cancel()` has run.
    public var isCancelled: Bool {
        self.state.withLock { $0.isCancelled }
    }

    /// Cancels the request this token is attached to, now and for any later attach.
    public func cancel() {
        let socket = self.state.withLock { state in
            state.isCancelled = true
            return state.socket
        }
        socket?.shutdown(.both)
    }

    /// Attaches the request's socket; throws `cancelled` when `cancel()` already ran.
    func attach(_ socket: Socket) throws(HTTPClientError) {
        let isCancelled = self.state.withLock { state in
            if !state.isCancelled { state.socket = socket }
            return state.isCancelled
        }
        if isCancelled {
            throw HTTPClientError(.cancelled, "the request was cancelled")
        }
    }

    /// Detaches the socket before it is closed, so `cancel()` never touches a closed one.
    func detach() {
        self.state.withLock { $0.socket = nil }
    }
}

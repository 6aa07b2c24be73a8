// workos-emulator — Sockets module: outbound connections with a deadline.
// Licensed under the MIT License.

#if canImport(Glibc)
import Glibc
#endif

extension Socket {
    /// A socket connected to `address`, failing with `ETIMEDOUT` when the connection is not up within `timeout`.
    ///
    /// A blocking `connect` to a host that drops SYNs waits for the kernel's own limit (minutes on Linux,
    /// `tcp_syn_retries`), so the connect runs non-blocking and waits in `poll` for writability, then reads the
    /// outcome from `SO_ERROR` (connect(2), "EINPROGRESS"). The socket is blocking again when this returns.
    public static func connected(to address: SocketAddress, timeout: Duration) throws(SocketError) -> Socket {
        let socket = try Socket.makeTCP(family: address.family)
        let flags = try Syscall.retrying("fcntl(F_GETFL)") { fcntl(socket.fileDescriptor, F_GETFL) }
        _ = try Syscall.retrying("fcntl(F_SETFL)") { fcntl(socket.fileDescriptor, F_SETFL, flags | O_NONBLOCK) }
        let deadline = ContinuousClock.now + timeout
        try address.withSockAddr { (pointer, length) throws(SocketError) in
            // Not `Syscall.retrying`: after EINTR a non-blocking connect is already in progress, and a second
            // connect would answer EALREADY; both end in the poll below.
            let result = Glibc.connect(socket.fileDescriptor, pointer, length)
            if result == 0 {
                return
            }
            let code = Glibc.errno
            guard code == EINPROGRESS || code == EINTR || code == EALREADY else {
                throw SocketError(call: "connect", errno: code)
            }
            try socket.waitUntilConnected(deadline: deadline)
        }
        _ = try Syscall.retrying("fcntl(F_SETFL)") { fcntl(socket.fileDescriptor, F_SETFL, flags) }
        return socket
    }

    private func waitUntilConnected(deadline: ContinuousClock.Instant) throws(SocketError) {
        var descriptor = pollfd(fd: self.fileDescriptor, events: Int16(POLLOUT), revents: 0)
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                throw SocketError(call: "connect", errno: ETIMEDOUT)
            }
            let (seconds, attoseconds) = left.components
            let milliseconds = Int32(clamping: seconds * 1000 + max(attoseconds / 1_000_000_000_000_000, 1))
            let ready = Glibc.poll(&descriptor, 1, milliseconds)
            if ready == -1 {
                let code = Glibc.errno
                if code == EINTR { continue }
                throw SocketError(call: "poll", errno: code)
            }
            if ready > 0 { break }
        }
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try Syscall.retrying("getsockopt(SO_ERROR)") {
            getsockopt(self.fileDescriptor, SOL_SOCKET, SO_ERROR, &code, &length)
        }
        if code != 0 {
            throw SocketError(call: "connect", errno: code)
        }
    }
}

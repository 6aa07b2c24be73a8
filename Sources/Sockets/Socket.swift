// workos-emulator — Sockets module.
// Licensed under the MIT License.

import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Owns one TCP socket file descriptor: bind, listen, accept, connect, read, write, shutdown, close.
///
/// The descriptor is closed exactly once, by `close()` or by `deinit`. `shutdown` may be called from any thread
/// (that is how a server wakes a thread blocked in `read`); it and `close` take the same lock, so a shutdown can
/// never hit a descriptor number that was closed and reused by another socket.
public final class Socket: Sendable {
    /// Which directions `shutdown` closes.
    public enum ShutdownDirection: Sendable {
        /// No more receives: a blocked `read` returns 0.
        case read
        /// No more sends: the peer reads end-of-stream.
        case write
        /// Both.
        case both
    }

    /// The descriptor; valid until `close()`.
    public let fileDescriptor: Int32
    private let isClosed: Mutex<Bool>

    /// Takes ownership of an open descriptor.
    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        self.isClosed = Mutex(false)
    }

    deinit {
        self.close()
    }

    // MARK: - Creating

    /// A new TCP socket of `family`, close-on-exec.
    public static func makeTCP(family: SocketAddress.Family) throws(SocketError) -> Socket {
        let domain = family == .ipv4 ? AF_INET : AF_INET6
        let fd = try Syscall.retrying("socket") { Glibc.socket(domain, GlibcShim.streamCloseOnExec, 0) }
        return Socket(fileDescriptor: fd)
    }

    /// A listening socket bound to `address` with `SO_REUSEADDR` (port 0 picks a free port; see `localAddress()`).
    public static func listening(on address: SocketAddress, backlog: Int32 = SOMAXCONN) throws(SocketError) -> Socket {
        let socket = try Socket.makeTCP(family: address.family)
        try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1, name: "setsockopt(SO_REUSEADDR)")
        try address.withSockAddr { (pointer, length) throws(SocketError) in
            _ = try Syscall.retrying("bind") { Glibc.bind(socket.fileDescriptor, pointer, length) }
        }
        _ = try Syscall.retrying("listen") { Glibc.listen(socket.fileDescriptor, backlog) }
        return socket
    }

    /// A socket connected to `address` (blocking connect).
    public static func connected(to address: SocketAddress) throws(SocketError) -> Socket {
        let socket = try Socket.makeTCP(family: address.family)
        try address.withSockAddr { (pointer, length) throws(SocketError) in
            do throws(SocketError) {
                _ = try Syscall.retrying("connect") { Glibc.connect(socket.fileDescriptor, pointer, length) }
            } catch {
                // An interrupted blocking connect continues in the background; wait for it to finish.
                guard error.errno == EINPROGRESS || error.errno == EALREADY else {
                    throw error
                }
                try socket.waitForConnect()
            }
        }
        return socket
    }

    private func waitForConnect() throws(SocketError) {
        var descriptor = pollfd(fd: self.fileDescriptor, events: Int16(POLLOUT), revents: 0)
        _ = try Syscall.retrying("poll") { Glibc.poll(&descriptor, 1, -1) }
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try Syscall.retrying("getsockopt(SO_ERROR)") {
            getsockopt(self.fileDescriptor, SOL_SOCKET, SO_ERROR, &code, &length)
        }
        if code != 0 {
            throw SocketError(call: "connect", errno: code)
        }
    }

    /// Accepts one connection and returns it with the peer's address, when it is an IP address.
    public func accept() throws(SocketError) -> (socket: Socket, peer: SocketAddress?) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = try withUnsafeMutablePointer(to: &storage) { (pointer) throws(SocketError) -> Int32 in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(SocketError) -> Int32 in
                // Glibc's Swift overlay does not export accept4, so no SOCK_CLOEXEC here; nothing in the
                // emulator execs, so inheriting the descriptor cannot happen.
                try Syscall.retrying("accept") { Glibc.accept(self.fileDescriptor, address, &length) }
            }
        }
        return (Socket(fileDescriptor: fd), SocketAddress(storage: storage))
    }

    // MARK: - Addresses

    /// The bound local address (`getsockname`): how a server bound to port 0 learns its port.
    public func localAddress() throws(SocketError) -> SocketAddress {
        try self.address(call: "getsockname") { getsockname($0, $1, $2) }
    }

    /// The connected peer's address (`getpeername`).
    public func peerAddress() throws(SocketError) -> SocketAddress {
        try self.address(call: "getpeername") { getpeername($0, $1, $2) }
    }

    private func address(
        call: StaticString,
        _ body: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32
    ) throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { (pointer) throws(SocketError) -> Int32 in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(SocketError) -> Int32 in
                try Syscall.retrying(call) { body(self.fileDescriptor, address, &length) }
            }
        }
        guard let address = SocketAddress(storage: storage) else {
            throw SocketError(call: call.description, errno: EAFNOSUPPORT)
        }
        return address
    }

    // MARK: - Options

    /// Sets an integer socket option.
    public func setOption(
        _ level: Int32,
        _ option: Int32,
        _ value: Int32,
        name: StaticString = "setsockopt"
    )
        throws(SocketError)
    {
        var value = value
        _ = try Syscall.retrying(name) {
            setsockopt(self.fileDescriptor, level, option, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// Reads an integer socket option.
    public func option(_ level: Int32, _ option: Int32) throws(SocketError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try Syscall.retrying("getsockopt") {
            getsockopt(self.fileDescriptor, level, option, &value, &length)
        }
        return value
    }

    /// True when `TCP_NODELAY` is set.
    public var isNoDelay: Bool {
        ((try? self.option(GlibcShim.tcpLevel, TCP_NODELAY)) ?? 0) != 0
    }

    /// Disables Nagle's algorithm (`TCP_NODELAY`) so small responses leave at once.
    public func setNoDelay() throws(SocketError) {
        try self.setOption(GlibcShim.tcpLevel, TCP_NODELAY, 1, name: "setsockopt(TCP_NODELAY)")
    }

    /// A blocking `read` fails with a timeout error (`SocketError.isTimeout`) after `timeout` (`SO_RCVTIMEO`).
    public func setReadTimeout(_ timeout: Duration) throws(SocketError) {
        try self.setTimeout(SO_RCVTIMEO, timeout, name: "setsockopt(SO_RCVTIMEO)")
    }

    /// A blocking `write` fails with a timeout error after `timeout` without progress (`SO_SNDTIMEO`).
    public func setWriteTimeout(_ timeout: Duration) throws(SocketError) {
        try self.setTimeout(SO_SNDTIMEO, timeout, name: "setsockopt(SO_SNDTIMEO)")
    }

    /// The current `SO_RCVTIMEO` or `SO_SNDTIMEO`.
    private func timeoutOption(_ option: Int32) throws(SocketError) -> timeval {
        var value = timeval()
        var length = socklen_t(MemoryLayout<timeval>.size)
        _ = try Syscall.retrying("getsockopt") {
            getsockopt(self.fileDescriptor, SOL_SOCKET, option, &value, &length)
        }
        return value
    }

    private func setTimeout(_ option: Int32, _ timeout: Duration, name: StaticString) throws(SocketError) {
        var value = GlibcShim.timeval(timeout)
        _ = try Syscall.retrying(name) {
            setsockopt(self.fileDescriptor, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    // MARK: - I/O

    /// Reads up to `buffer.count` bytes; returns 0 at end of stream.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            return 0
        }
        return try Syscall.retrying("recv") { Glibc.recv(self.fileDescriptor, base, buffer.count, 0) }
    }

    /// Reads up to `maxCount` bytes into a new array; empty at end of stream.
    public func read(maxCount: Int) throws(SocketError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: maxCount)
        let result = bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(SocketError) -> Int in try self.read(into: buffer) }
        }
        bytes.removeSubrange(try result.get()...)
        return bytes
    }

    /// Writes all of `bytes`, looping on partial sends; `MSG_NOSIGNAL` turns a closed peer into `EPIPE`.
    ///
    /// With a `deadline`, the whole write fails with a timeout error (`SocketError.isTimeout`) once it passes.
    /// `SO_SNDTIMEO` alone does not bound a write: a `send` that times out after copying some bytes returns them
    /// instead of failing (socket(7)), so a loop of sends to a peer that never reads, each trickling a little into
    /// a growing send buffer, could go on for many timeouts. Each send after the first therefore runs with
    /// `SO_SNDTIMEO` set to what is left (and the socket's own timeout is put back afterwards); the first runs with
    /// the timeout already set on the socket, which the caller keeps no longer than the time to the deadline, so
    /// the common single-send write costs no extra system call.
    public func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant? = nil) throws(SocketError) {
        guard var pointer = bytes.baseAddress else {
            return
        }
        var remaining = bytes.count
        var isFirstSend = true
        var savedTimeout: timeval?
        defer {
            if var savedTimeout {
                _ = setsockopt(
                    self.fileDescriptor, SOL_SOCKET, SO_SNDTIMEO, &savedTimeout, socklen_t(MemoryLayout<timeval>.size)
                )
            }
        }
        while remaining > 0 {
            if let deadline, !isFirstSend {
                let timeLeft = deadline - ContinuousClock.now
                guard timeLeft > .zero else {
                    throw SocketError(call: "send", errno: EAGAIN)
                }
                if savedTimeout == nil {
                    savedTimeout = try self.timeoutOption(SO_SNDTIMEO)
                }
                try self.setWriteTimeout(timeLeft)
            }
            isFirstSend = false
            let sent = try Syscall.retrying("send") {
                Glibc.send(self.fileDescriptor, pointer, remaining, GlibcShim.noSignal)
            }
            pointer += sent
            remaining -= sent
        }
    }

    /// Writes all of `bytes` (see `write(_:deadline:)` for the deadline).
    public func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant? = nil) throws(SocketError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(SocketError) in try self.write(buffer, deadline: deadline) }
        }
        try result.get()
    }

    // MARK: - Closing

    /// Shuts down one or both directions; callable from any thread. Does nothing once the socket is closed.
    public func shutdown(_ direction: ShutdownDirection) {
        let how: Int32
        switch direction {
        case .read: how = GlibcShim.shutRead
        case .write: how = GlibcShim.shutWrite
        case .both: how = GlibcShim.shutReadWrite
        }
        self.isClosed.withLock { isClosed in
            if !isClosed {
                // ENOTCONN (peer already gone) is expected here and needs no report.
                _ = Glibc.shutdown(self.fileDescriptor, how)
            }
        }
    }

    /// Closes the descriptor; later calls do nothing. `EINTR` from `close` is not retried (Linux frees the fd).
    public func close() {
        self.isClosed.withLock { isClosed in
            if !isClosed {
                isClosed = true
                _ = Glibc.close(self.fileDescriptor)
            }
        }
    }

    /// True once `close()` has run.
    public var isOpen: Bool {
        self.isClosed.withLock { !$0 }
    }
}

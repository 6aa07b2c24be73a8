// workos-emulator — Sockets module.
// Licensed under the MIT License.

#if canImport(Glibc)
import Glibc
#endif

/// A failed socket system call: the call's name and the `errno` it left (the shape of NIO's `IOError`).
public struct SocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name of the failing call, e.g. `"bind"`.
    public var call: String
    /// The `errno` value captured immediately after the call failed.
    public var errno: Int32

    /// Creates an error for `call` failing with `errno`.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// True when a receive or send timed out (`SO_RCVTIMEO` / `SO_SNDTIMEO` expired).
    public var isTimeout: Bool {
        self.errno == EAGAIN || self.errno == EWOULDBLOCK
    }

    /// True when a connect gave up waiting (`ETIMEDOUT`, from `Socket.connected(to:timeout:)` or the kernel).
    public var isConnectTimeout: Bool {
        self.errno == ETIMEDOUT
    }

    /// True when the peer went away (reset, broken pipe, or the socket was shut down under us).
    public var isDisconnect: Bool {
        switch self.errno {
        case ECONNRESET, EPIPE, ENOTCONN, ESHUTDOWN, ECONNABORTED, EBADF:
            return true
        default:
            return false
        }
    }

    /// True when `accept` failed for lack of descriptors or memory: worth retrying after a pause.
    public var isResourceExhaustion: Bool {
        self.errno == EMFILE || self.errno == ENFILE || self.errno == ENOBUFS || self.errno == ENOMEM
    }

    /// True when the socket itself is unusable (shut down, closed, or not a socket): no retry can succeed.
    public var isInvalidSocket: Bool {
        self.errno == EINVAL || self.errno == EBADF || self.errno == ENOTSOCK
    }

    /// `call` and the system's text for `errno`, e.g. `bind: Address already in use (errno 98)`.
    public var description: String {
        let text = strerror(self.errno).map { String(cString: $0) } ?? "unknown error"
        return "\(self.call): \(text) (errno \(self.errno))"
    }
}

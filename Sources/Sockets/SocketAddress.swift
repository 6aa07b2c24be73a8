// workos-emulator — Sockets module.
// Licensed under the MIT License.

#if canImport(Glibc)
import Glibc
#endif

/// A numeric IPv4 or IPv6 address and a TCP port.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address family.
    public enum Family: Sendable, Hashable {
        /// `AF_INET`.
        case ipv4
        /// `AF_INET6`.
        case ipv6
    }

    /// The address family of `host`.
    public let family: Family
    /// The numeric host, e.g. `127.0.0.1` or `::1` (no brackets).
    public let host: String
    /// The TCP port, 0–65535.
    public let port: Int

    /// Parses a numeric IPv4 or IPv6 literal (brackets allowed) or `localhost` (→ `127.0.0.1`).
    /// Throws `SocketError(call: "inet_pton", errno: EINVAL)` for anything else or a port outside 0–65535.
    public init(host: String, port: Int) throws(SocketError) {
        guard (0...65535).contains(port) else {
            throw SocketError(call: "inet_pton", errno: EINVAL)
        }
        var literal = host
        if literal.hasPrefix("[") && literal.hasSuffix("]") {
            literal = String(literal.dropFirst().dropLast())
        }
        if literal.lowercased() == "localhost" {
            literal = "127.0.0.1"
        }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, literal, &v4) == 1 {
            self.family = .ipv4
        } else if inet_pton(AF_INET6, literal, &v6) == 1 {
            self.family = .ipv6
        } else {
            throw SocketError(call: "inet_pton", errno: EINVAL)
        }
        self.host = literal
        self.port = port
    }

    /// Reads an address filled in by `accept`, `getsockname` or `getpeername`; nil for non-IP families.
    init?(storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let address = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee }
            }
            var raw = address.sin_addr
            guard let host = Self.presentation(family: AF_INET, &raw, length: Int(INET_ADDRSTRLEN)) else {
                return nil
            }
            self.family = .ipv4
            self.host = host
            self.port = Int(UInt16(bigEndian: address.sin_port))
        case AF_INET6:
            let address = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee }
            }
            var raw = address.sin6_addr
            guard let host = Self.presentation(family: AF_INET6, &raw, length: Int(INET6_ADDRSTRLEN)) else {
                return nil
            }
            self.family = .ipv6
            self.host = host
            self.port = Int(UInt16(bigEndian: address.sin6_port))
        default:
            return nil
        }
    }

    /// `host:port`, with the IPv6 host in brackets.
    public var description: String {
        switch self.family {
        case .ipv4: return "\(self.host):\(self.port)"
        case .ipv6: return "[\(self.host)]:\(self.port)"
        }
    }

    /// The `AF_*` constant for `family`.
    var addressFamily: Int32 {
        switch self.family {
        case .ipv4: return AF_INET
        case .ipv6: return AF_INET6
        }
    }

    /// Calls `body` with this address as a `sockaddr` pointer and its length, for `bind` and `connect`.
    func withSockAddr<Result>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SocketError) -> Result
    )
        throws(SocketError) -> Result
    {
        switch self.family {
        case .ipv4:
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(self.port).bigEndian
            guard inet_pton(AF_INET, self.host, &address.sin_addr) == 1 else {
                throw SocketError(call: "inet_pton", errno: EINVAL)
            }
            return try Self.withRebound(&address, body)
        case .ipv6:
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(self.port).bigEndian
            guard inet_pton(AF_INET6, self.host, &address.sin6_addr) == 1 else {
                throw SocketError(call: "inet_pton", errno: EINVAL)
            }
            return try Self.withRebound(&address, body)
        }
    }

    private static func withRebound<Address, Result>(
        _ address: inout Address,
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SocketError) -> Result
    ) throws(SocketError) -> Result {
        let length = socklen_t(MemoryLayout<Address>.size)
        return try withUnsafePointer(to: &address) { (pointer) throws(SocketError) -> Result in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (rebound) throws(SocketError) -> Result in
                try body(rebound, length)
            }
        }
    }

    private static func presentation<Raw>(family: Int32, _ raw: inout Raw, length: Int) -> String? {
        var text = [CChar](repeating: 0, count: length + 1)
        let written = withUnsafePointer(to: &raw) { pointer in
            inet_ntop(family, pointer, &text, socklen_t(length))
        }
        guard written != nil else {
            return nil
        }
        return text.withUnsafeBufferPointer { buffer in
            String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}

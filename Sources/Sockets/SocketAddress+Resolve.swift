// workos-emulator — Sockets module: host names to addresses.
// Licensed under the MIT License.

#if canImport(Glibc)
import Glibc
#endif

extension SocketAddress {
    /// The TCP addresses of `host` (a numeric literal, `localhost`, or a name looked up with `getaddrinfo`), in the
    /// resolver's order. Throws `SocketError(call: "getaddrinfo(<host>)", errno: EHOSTUNREACH)` when the name does
    /// not resolve: `getaddrinfo` reports `EAI_*` codes, not `errno`, so the host is kept in the call's name.
    ///
    /// `getaddrinfo` blocks and has no timeout of its own; callers run it on their own threads.
    public static func resolve(host: String, port: Int) throws(SocketError) -> [SocketAddress] {
        if let literal = try? SocketAddress(host: host, port: port) {
            return [literal]
        }
        guard (0...65535).contains(port) else {
            throw SocketError(call: "getaddrinfo(\(host))", errno: EINVAL)
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw SocketError(call: "getaddrinfo(\(host))", errno: EHOSTUNREACH)
        }
        defer { freeaddrinfo(first) }
        var addresses: [SocketAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let raw = current.pointee.ai_addr {
                var storage = sockaddr_storage()
                let length = min(Int(current.pointee.ai_addrlen), MemoryLayout<sockaddr_storage>.size)
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: length))
                }
                if let address = SocketAddress(storage: storage), !addresses.contains(address) {
                    addresses.append(address)
                }
            }
            entry = current.pointee.ai_next
        }
        guard !addresses.isEmpty else {
            throw SocketError(call: "getaddrinfo(\(host))", errno: EHOSTUNREACH)
        }
        return addresses
    }
}

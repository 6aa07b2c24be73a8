// workos-emulator — Sockets tests.
// Licensed under the MIT License.

import Sockets
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SyscallTests {
    @Test func eintr_IsRetried() throws {
        var calls = 0
        let result = try Syscall.retrying("fake") { () -> Int32 in
            calls += 1
            if calls < 3 {
                errno = EINTR
                return -1
            }
            return 7
        }
        #expect(result == 7)
        #expect(calls == 3)
    }

    @Test func otherErrors_AreThrownWithCallAndErrno() {
        #expect {
            _ = try Syscall.retrying("fake") { () -> Int32 in
                errno = ECONNRESET
                return -1
            }
        } throws: { error in
            let error = error as? SocketError
            return error?.call == "fake" && error?.errno == ECONNRESET && error?.isDisconnect == true
        }
    }

    @Test func socketError_DescribesTheCallAndTheSystemMessage() {
        let error = SocketError(call: "bind", errno: EADDRINUSE)
        #expect(error.description.hasPrefix("bind: "))
        #expect(error.description.contains("errno \(EADDRINUSE)"))
        #expect(!error.isTimeout)
        #expect(SocketError(call: "recv", errno: EAGAIN).isTimeout)
    }
}

@Suite struct SocketAddressTests {
    @Test func ipv4Literal_IsParsed() throws {
        let address = try SocketAddress(host: "10.1.2.3", port: 80)
        #expect(address.family == .ipv4)
        #expect(address.description == "10.1.2.3:80")
    }

    @Test func ipv6Literal_IsParsedWithOrWithoutBrackets() throws {
        #expect(try SocketAddress(host: "::1", port: 1).family == .ipv6)
        let bracketed = try SocketAddress(host: "[::]", port: 8080)
        #expect(bracketed.host == "::")
        #expect(bracketed.description == "[::]:8080")
    }

    @Test func localhost_MeansIPv4Loopback() throws {
        #expect(try SocketAddress(host: "localhost", port: 1).host == "127.0.0.1")
    }

    @Test(arguments: ["example.com", "", "1.2.3", "::g", "256.0.0.1"])
    func invalidHost_Throws(_ host: String) {
        #expect(throws: SocketError.self) { try SocketAddress(host: host, port: 80) }
    }

    @Test(arguments: [-1, 65536])
    func portOutOfRange_Throws(_ port: Int) {
        #expect(throws: SocketError.self) { try SocketAddress(host: "127.0.0.1", port: port) }
    }
}

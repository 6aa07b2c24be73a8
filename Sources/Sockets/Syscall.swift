// workos-emulator — Sockets module.
// Licensed under the MIT License.

#if canImport(Glibc)
import Glibc
#endif

/// The one place system calls are made from: retries `EINTR` and captures `errno` at once (swift-nio's `syscall`).
public enum Syscall {
    /// Runs `body` until it does not fail with `EINTR`; a `-1` result throws `SocketError(call:errno:)`.
    @inlinable
    public static func retrying<Result: FixedWidthInteger>(
        _ call: StaticString,
        _ body: () -> Result
    ) throws(SocketError) -> Result {
        while true {
            let result = body()
            if result != -1 {
                return result
            }
            // errno must be read before anything else can overwrite it.
            let code = Glibc.errno
            if code == EINTR {
                continue
            }
            throw SocketError(call: call.description, errno: code)
        }
    }
}

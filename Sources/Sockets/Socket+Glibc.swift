// workos-emulator — Sockets module.
// Licensed under the MIT License.

#if canImport(Glibc)
import Glibc
#endif

/// Glibc constants that Swift imports as enums or with the wrong integer width, cast once here.
enum GlibcShim {
    /// `SOCK_STREAM | SOCK_CLOEXEC`: the socket type for every TCP socket we create.
    static let streamCloseOnExec = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    /// `MSG_NOSIGNAL`: Linux has no `SO_NOSIGPIPE`, so every `send` passes this instead.
    static let noSignal = Int32(MSG_NOSIGNAL)
    /// `IPPROTO_TCP` as the `level` argument of `setsockopt`.
    static let tcpLevel = Int32(IPPROTO_TCP)
    /// `IPPROTO_IPV6` as the `level` argument of `setsockopt`.
    static let ipv6Level = Int32(IPPROTO_IPV6)
    /// `SHUT_RD`, `SHUT_WR`, `SHUT_RDWR`.
    static let shutRead = Int32(SHUT_RD)
    static let shutWrite = Int32(SHUT_WR)
    static let shutReadWrite = Int32(SHUT_RDWR)

    /// A `timeval` for `SO_RCVTIMEO`/`SO_SNDTIMEO`; never zero, since zero means "no timeout".
    static func timeval(_ duration: Duration) -> Glibc.timeval {
        let (seconds, attoseconds) = duration.components
        var micros = attoseconds / 1_000_000_000_000
        if seconds <= 0 && micros <= 0 {
            micros = 1
        }
        return Glibc.timeval(tv_sec: Int(max(seconds, 0)), tv_usec: Int(max(micros, 0)))
    }
}

extension Socket {
    /// Makes a broken connection a write error (`EPIPE`) instead of a process-killing `SIGPIPE`.
    /// `send` already passes `MSG_NOSIGNAL`; this covers any other write path. Safe to call repeatedly.
    public static func ignoreBrokenPipeSignals() {
        _ = signal(SIGPIPE, SIG_IGN)
    }
}

// workos-emulator — log lines on standard error.
// Licensed MIT.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Minimal logging: one line per call.
public enum Log {
    /// Writes `line` and a newline to standard error.
    public static func standardError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            _ = write(2, buffer.baseAddress, buffer.count)
        }
    }

    /// Writes `line` and a newline to standard output and flushes it (the `listening on` line scripts wait for).
    public static func standardOutput(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            _ = write(1, buffer.baseAddress, buffer.count)
        }
    }
}

// workos-emulator — the WorkOS-Signature header of a webhook delivery.
// Licensed MIT.

import Crypto

/// `WorkOS-Signature: t=<unix ms>, v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, exactly what the official SDKs
/// check: Python workos 10.6.0 `Webhooks.verify_header` splits the header on ", ", drops the `t=` and `v1=`
/// prefixes, rejects a timestamp more than 180 s (`DEFAULT_TOLERANCE`) from now (milliseconds / 1000), and compares
/// `hmac.new(secret.encode("utf-8"), f"{t}.{body}".encode("utf-8"), sha256).hexdigest()` in constant time.
enum WebhookSignature {
    /// The header name.
    static let headerName = "WorkOS-Signature"

    /// The header value for `body` signed with `secret` at `timestamp`.
    static func header(secret: String, timestamp: Timestamp, body: [UInt8]) -> String {
        let t = String(timestamp.milliseconds)
        return "t=\(t), v1=\(self.hexDigest(secret: secret, payload: Array("\(t).".utf8) + body))"
    }

    /// Lower-case hex HMAC-SHA256 of `payload` keyed with the UTF-8 bytes of `secret`.
    static func hexDigest(secret: String, payload: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: SymmetricKey(data: Array(secret.utf8)))
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in mac {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

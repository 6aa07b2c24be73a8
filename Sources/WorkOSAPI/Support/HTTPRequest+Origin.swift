// workos-emulator — absolute URLs of the emulator itself, as the client reached it (for redirects and
// verification_uri), and URL query building.
// Licensed MIT.

import Foundation
import HTTP1

extension HTTPRequest {
    /// `http://<Host>` (or `X-Forwarded-Proto`'s scheme behind a proxy); `http://localhost` without a Host header.
    var origin: String {
        let scheme = self.headers["X-Forwarded-Proto"].flatMap { $0 == "https" ? "https" : nil } ?? "http"
        let host = self.headers["Host"].flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        return scheme + "://" + host
    }

    /// The client's `User-Agent`, or nil.
    var userAgent: String? { self.headers["User-Agent"] }
}

/// Building `application/x-www-form-urlencoded` query strings.
enum URLQuery {
    /// RFC 3986 unreserved characters: everything else is percent-encoded.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )

    /// Schemes a redirect never goes to, registered or not: they run script or show inline content in the browser
    /// (OWASP "Unvalidated Redirects and Forwards"; RFC 6749 §10.6 and §10.15).
    static let scriptSchemes: Set<String> = ["javascript", "data", "vbscript", "file"]

    /// True when `text` has only characters RFC 3986 §2 allows in a URI: ASCII letters and digits, unreserved,
    /// reserved and "%". Redirect targets are checked only when this holds: `URLComponents(string:)` percent-encodes
    /// anything else before parsing, so `http://evil.example\@localhost/` reads as host `localhost`, while browsers
    /// treat a backslash as a slash (WHATWG URL §4.4) and go to `evil.example`; controls, spaces and non-ASCII hosts
    /// (which browsers map with UTS #46) are refused the same way.
    static func isWellFormedURI(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    return true
                default:
                    return "-._~:/?#[]@!$&'()*+,;=%".utf8.contains(byte)
                }
            }
    }

    /// `value` percent-encoded for a query component.
    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: self.unreserved) ?? value
    }

    /// `url` with `items` appended to its query (before any fragment); nil values are left out.
    static func appending(_ items: [(String, String?)], to url: String) -> String {
        let pairs = items.compactMap { name, value in value.map { self.escape(name) + "=" + self.escape($0) } }
        guard !pairs.isEmpty else { return url }
        var base = url
        var fragment = ""
        if let hash = base.firstIndex(of: "#") {
            fragment = String(base[hash...])
            base = String(base[..<hash])
        }
        let separator = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
        return base + separator + pairs.joined(separator: "&") + fragment
    }
}

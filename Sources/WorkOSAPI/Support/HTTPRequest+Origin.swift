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

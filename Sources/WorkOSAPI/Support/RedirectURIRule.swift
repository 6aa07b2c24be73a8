// workos-emulator — what a registered redirect URI may be, and how a wildcard one matches (RFC 6749 §3.1.2;
// https://workos.com/docs/reference/authkit/authentication/get-authorization-url/redirect-uri).
// Licensed MIT.

import Foundation

/// Validation of `POST /user_management/redirect_uris` and the wildcard match of `Authorize.isAllowed`.
enum RedirectURIRule {
    /// The longest URI accepted (the control API's limit).
    static let maximumLength = 2048

    /// Why `uri` cannot be registered, or nil. RFC 6749 §3.1.2: "The redirection endpoint URI MUST be an absolute
    /// URI … MUST NOT include a fragment component." Only URI characters and no script scheme (RFC 6749 §10.15), as
    /// for `POST /_emulator/redirect_uris`. WorkOS refuses wildcards only in production, and the emulator is a
    /// staging-like environment: one `*` is allowed as the whole leftmost host label of an http(s) URI
    /// (`https://*.example.com/callback`), matching exactly one label.
    static func problem(_ uri: String) -> String? {
        guard uri.count <= Self.maximumLength else { return "uri must be at most \(Self.maximumLength) characters." }
        guard URLQuery.isWellFormedURI(uri), let colon = uri.firstIndex(of: ":"), colon > uri.startIndex else {
            return "uri must be an absolute URI."
        }
        let scheme = uri[..<colon].lowercased()
        guard scheme.first?.isLetter == true, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
        else { return "uri must be an absolute URI." }
        if URLQuery.scriptSchemes.contains(scheme) { return "uri must not use the '\(scheme)' scheme." }
        if uri.contains("#") { return "uri must not include a fragment (RFC 6749 §3.1.2)." }
        if scheme == "http" || scheme == "https" {
            let probe = uri.replacingOccurrences(of: "://*.", with: "://wildcard.")
            guard let host = URLComponents(string: probe)?.host, !host.isEmpty else {
                return "uri must have a host."
            }
        }
        if uri.contains("*") {
            guard scheme == "http" || scheme == "https", uri.components(separatedBy: "*").count == 2,
                uri.lowercased().hasPrefix(scheme + "://*."), self.hostSuffix(of: uri).contains(".")
            else {
                return "uri may contain one wildcard '*', only as the leftmost label of its host "
                    + "(https://*.example.com/callback)."
            }
        }
        return nil
    }

    /// True when `uri` matches the wildcard `pattern`: same scheme and everything after the host, and a host that is
    /// one more label (letters, digits, hyphens) in front of the pattern's.
    static func matches(pattern: String, uri: String) -> Bool {
        guard let marker = pattern.range(of: "://*.") else { return false }
        let prefix = pattern[..<marker.lowerBound] + "://"
        let suffix = "." + pattern[marker.upperBound...]
        guard uri.hasPrefix(prefix), uri.hasSuffix(suffix), uri.count > prefix.count + suffix.count else {
            return false
        }
        let label = uri.dropFirst(prefix.count).dropLast(suffix.count)
        return label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// The host and what follows it, after `scheme://*.`.
    private static func hostSuffix(of uri: String) -> Substring {
        guard let marker = uri.range(of: "://*.") else { return "" }
        let rest = uri[marker.upperBound...]
        return rest.prefix { $0 != "/" && $0 != "?" && $0 != ":" }
    }
}

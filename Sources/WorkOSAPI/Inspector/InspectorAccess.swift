// workos-emulator — who may see GET /_emulator/inspector: loopback clients, or others with the inspector token
// (issue 7: "the inspector page is served only on loopback unless a flag opens it with a token").
// Licensed MIT.

import Crypto
import HTTP1

/// The inspector's access rule, decided per request from the peer address and the credentials it presents.
///
/// - A loopback peer (`LoopbackAddress.contains`) is served, unless the request was forwarded by a proxy.
/// - Any other peer gets the plain 404 of an unknown path when no token is configured: the page is not advertised.
/// - With `--inspector-token`, another peer must present the token as `?token=…` (answered with 303 to the same URL
///   without it, setting the cookie), as the `workos_emulator_inspector` cookie, or as `Authorization: Bearer`;
///   anything else is a 401 without detail. Only the token's SHA-256 is kept; digests are compared in constant time.
struct InspectorAccess: Sendable {
    /// What to do with a request.
    enum Decision: Equatable, Sendable {
        /// Show the page.
        case serve
        /// Answer exactly as for a path that does not exist.
        case hide
        /// 401, no detail.
        case deny
        /// 303 to `location` (the URL without the token), setting the cookie `setCookie`.
        case redirect(location: String, setCookie: String)
    }

    /// The cookie that carries the token after a `?token=` visit.
    static let cookieName = "workos_emulator_inspector"
    /// The query parameter that carries the token on the first visit.
    static let tokenParameter = "token"
    /// Headers a forwarding proxy adds (RFC 7239 `Forwarded`, and the de-facto `X-Forwarded-For` / `X-Real-IP`):
    /// a proxy on this machine would otherwise make every client it forwards look like loopback.
    static let forwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Real-IP"]

    /// SHA-256 of the configured token; nil when the page is loopback-only.
    private let tokenDigest: [UInt8]?
    /// The test-only hook of `Configuration.inspectorTreatsEveryPeerAsRemote`.
    private let treatsEveryPeerAsRemote: Bool

    /// The rule for a server started with `token` (nil: loopback only).
    init(token: String? = nil, treatsEveryPeerAsRemote: Bool = false) {
        self.tokenDigest = token.map(Self.digest)
        self.treatsEveryPeerAsRemote = treatsEveryPeerAsRemote
    }

    /// Why `token` cannot be the inspector token, or nil when it can: 16–256 characters, each a cookie-octet of
    /// RFC 6265 §4.1.1 (visible ASCII except `"`, `,`, `;`, `\`), so it travels unchanged in the cookie and header.
    static func problem(withToken token: String) -> String? {
        guard (16...256).contains(token.utf8.count) else {
            return "must be 16 to 256 characters long (e.g. the output of `openssl rand -hex 32`)"
        }
        let isCookieOctet: (UInt8) -> Bool = { byte in
            (0x21...0x7e).contains(byte) && byte != 0x22 && byte != 0x2c && byte != 0x3b && byte != 0x5c
        }
        guard token.utf8.allSatisfy(isCookieOctet) else {
            return #"may contain only visible ASCII characters other than " , ; and \"#
        }
        return nil
    }

    /// True when the request comes from this machine and no proxy forwarded it.
    func isLocal(_ request: HTTPRequest) -> Bool {
        guard !self.treatsEveryPeerAsRemote, let address = request.remoteAddress else { return false }
        if Self.forwardingHeaders.contains(where: { request.headers.contains($0) }) {
            return false
        }
        return LoopbackAddress.contains(address)
    }

    /// The decision for one request to the inspector at `path`.
    func decide(_ request: HTTPRequest, path: String) -> Decision {
        if self.isLocal(request) {
            return .serve
        }
        guard let tokenDigest = self.tokenDigest else {
            return .hide
        }
        if request.query.contains(Self.tokenParameter) {
            let presented = request.query[Self.tokenParameter] ?? ""
            guard Self.matches(presented, tokenDigest) else { return .deny }
            let rest = request.query.items.filter { $0.name != Self.tokenParameter }
            let cookie = "\(Self.cookieName)=\(presented); HttpOnly; SameSite=Strict; Path=\(path)"
            let location = URLQuery.appending(rest.map { ($0.name, $0.value as String?) }, to: path)
            return .redirect(location: location, setCookie: cookie)
        }
        let presented = self.cookieValues(of: request) + [Authentication.bearerToken(of: request)].compactMap { $0 }
        // Every presented credential is compared (no early exit), so timing does not tell which one was tried.
        var isMatch = false
        for credential in presented {
            isMatch = Self.matches(credential, tokenDigest) || isMatch
        }
        return isMatch ? .serve : .deny
    }

    /// The values of every `workos_emulator_inspector` pair in the `Cookie` header(s) (RFC 6265 §5.4: `; `-separated
    /// `name=value` pairs).
    private func cookieValues(of request: HTTPRequest) -> [String] {
        var values: [String] = []
        for header in request.headers.values(for: "Cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, parts[0].trimmingWhitespace() == Self.cookieName else { continue }
                values.append(parts[1].trimmingWhitespace())
            }
        }
        return values
    }

    /// Compares digests, so the comparison's duration depends on neither the token's length nor its content.
    private static func matches(_ presented: String, _ digest: [UInt8]) -> Bool {
        KeyRing.constantTimeEquals(self.digest(presented), digest)
    }

    private static func digest(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }
}

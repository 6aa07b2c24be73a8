// workos-emulator — `Authorization: Bearer <api key>` (catalog-A §1.2).
// Licensed MIT.

import HTTP1

/// Resolves the caller's environment from its API key.
enum Authentication {
    /// The environment of the request's Bearer key, or nil when the header is missing, malformed or unknown.
    static func environment(of request: HTTPRequest, keys: KeyRing) -> Environment? {
        guard let key = self.bearerToken(of: request) else { return nil }
        return keys.environment(forKey: key)
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 9110 §11.1).
    static func bearerToken(of request: HTTPRequest) -> String? {
        guard let value = request.headers["Authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingWhitespace()
        return token.isEmpty ? nil : token
    }
}

extension Substring {
    func trimmingWhitespace() -> String { String(self).trimmingWhitespace() }
}

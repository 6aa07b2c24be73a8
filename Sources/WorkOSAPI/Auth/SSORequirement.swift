// workos-emulator — AuthKit's `sso_required`: an e-mail whose domain belongs to an organization with an active SSO
// connection must sign in through it, not with a password (catalog-A §1.8, §6.3).
// Licensed MIT.

import JSONCodec
import SQLite

/// Decides whether an e-mail must sign in through SSO.
enum SSORequirement {
    /// The `sso_required` error for `email`, or nil when its domain has no active connection (through the
    /// connection's own domains or its organization's verified ones).
    ///
    /// The body is the OAuth form with `email` and `connection_ids` (catalog-A §1.8). Its status is 403: the spec
    /// files it under 400, but the SDKs map it to their typed error (Python `SsoRequiredError`) only on 403, as
    /// for the other authentication-flow errors.
    static func error(
        email: String,
        environmentID: String,
        services: Services,
        in connection: Connection
    ) throws -> APIError? {
        guard let at = email.lastIndex(of: "@") else { return nil }
        let domain = String(email[email.index(after: at)...]).lowercased()
        guard !domain.isEmpty else { return nil }
        let ids = try ConnectionRepository(environmentID: environmentID, services: services)
            .activeConnectionIDs(emailDomain: domain, in: connection)
        guard !ids.isEmpty else { return nil }
        return APIError(
            status: .forbidden,
            body: [
                "error": .string(OAuthErrorCode.ssoRequired.rawValue),
                "error_description": "User must authenticate using one of the matching connections.",
                "email": .string(email),
                "connection_ids": ids.json,
            ]
        )
    }
}

// workos-emulator — the OAuth error form of POST /user_management/authenticate (catalog-A §1.8, §6.3).
// Licensed MIT.

import HTTP1
import JSONCodec

/// The `error` values of the OAuth form `{"error", "error_description"}` (RFC 6749 §5.2 and WorkOS's own).
public struct OAuthErrorCode: RawRepresentable, Hashable, Sendable {
    /// The wire value.
    public let rawValue: String
    /// Wraps a wire value.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A code or refresh token that is unknown, used, expired, or whose session ended (RFC 6749 §5.2).
    public static let invalidGrant = OAuthErrorCode(rawValue: "invalid_grant")
    /// A missing or malformed parameter.
    public static let invalidRequest = OAuthErrorCode(rawValue: "invalid_request")
    /// An unknown client id or a wrong client secret.
    public static let invalidClient = OAuthErrorCode(rawValue: "invalid_client")
    /// The organization named by `organization_id` does not exist.
    public static let organizationNotFound = OAuthErrorCode(rawValue: "organization_not_found")
    /// The user has no active membership in the organization named by `organization_id`.
    public static let organizationMembershipNotFound = OAuthErrorCode(rawValue: "organization_membership_not_found")
}

extension APIError {
    /// 400 `{"error": <code>, "error_description": <description>}`.
    public static func oauth(_ code: OAuthErrorCode, _ description: String, status: HTTPStatus = .badRequest)
        -> APIError
    {
        APIError(status: status, body: ["error": .string(code.rawValue), "error_description": .string(description)])
    }
}

extension BodyReader {
    /// The body of an OAuth-style endpoint (`/user_management/authenticate`, `/authorize/device`, `/sso/token`): one
    /// that is neither a JSON object nor a form is 400 `invalid_request` in the OAuth form these endpoints document
    /// (catalog-A §1.8 and §6.4, catalog-B §2.2), not the `{code, message}` of the other routes.
    static func oauth(_ request: HTTPRequest) throws(APIError) -> BodyReader {
        do {
            return try BodyReader(request)
        } catch {
            throw .oauth(.invalidRequest, error.body["message"]?.stringValue ?? "The request body is invalid.")
        }
    }

    /// 400 `invalid_request` when one of `keys` is present with a value that is neither a string nor null: every
    /// parameter of these endpoints is a string (RFC 6749 §5.2 "invalid_request": "includes an unsupported parameter
    /// value"), and one of another type must not be skipped as if it were absent.
    func requireStringsOrNull(_ keys: [String]) throws(APIError) {
        for key in keys {
            switch self.object[key] {
            case nil, .null?, .string?: continue
            default: throw .oauth(.invalidRequest, "\(key) must be a string.")
            }
        }
    }
}

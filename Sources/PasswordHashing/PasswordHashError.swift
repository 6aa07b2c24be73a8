// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// Why an imported `password_hash` was refused.
///
/// The message names the field and the rule that failed, never the hash or the password, so it is safe to return
/// to the client and to log. WorkOS reports a refused `password_hash` with the error code `invalid_password_hash`
/// (see the Create User responses in the OpenAPI description).
public struct PasswordHashError: Error, Sendable, Equatable {
    /// A sentence for the API response, for example "password_hash is not a valid bcrypt hash."
    public var message: String

    /// Creates an error with the given message.
    public init(message: String) {
        self.message = message
    }

    /// "password_hash is not a valid <type> hash." followed by the reason, when there is one.
    static func invalid(_ type: PasswordHashType, _ reason: String? = nil) -> PasswordHashError {
        let head = "password_hash is not a valid \(type.rawValue) hash"
        guard let reason else {
            return PasswordHashError(message: head + ".")
        }
        return PasswordHashError(message: head + ": " + reason + ".")
    }
}

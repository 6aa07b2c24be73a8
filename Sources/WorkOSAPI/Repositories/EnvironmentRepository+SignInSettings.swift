// workos-emulator — the AuthKit settings of an environment, read from the seed it was created from (README "Signing
// in (AuthKit)"): what WorkOS configures in its dashboard.
// Licensed MIT.

import JSONCodec
import SQLite

/// Dashboard-like settings that change how sign-in behaves.
public struct SignInSettings: Sendable, Equatable {
    /// `environment.require_email_verification` (default false): a password sign-in of a user whose e-mail is not
    /// verified answers 403 `email_verification_required` (the page asks for the e-mailed code) until it is.
    public var requiresEmailVerification = false
    /// `environment.require_mfa` (default false): a sign-in of a user without an MFA factor answers 403
    /// `mfa_enrollment` (the hosted page enrolls a TOTP factor and asks for its first code) until one is enrolled.
    public var requiresMFA = false

    /// The defaults.
    public init() {}
}

extension EnvironmentRepository {
    /// The sign-in settings of an environment (defaults when its seed names none).
    public func signInSettings(of environmentID: String, in connection: Connection) throws -> SignInSettings {
        var settings = SignInSettings()
        guard
            let text: String = try connection.fetchScalar(
                "SELECT seed FROM environments WHERE id = ?",
                [.text(environmentID)]
            ),
            let environment = (try? JSON.parse(text))?["environment"]?.objectValue
        else { return settings }
        if case .bool(let flag)? = environment["require_email_verification"] {
            settings.requiresEmailVerification = flag
        }
        if case .bool(let flag)? = environment["require_mfa"] {
            settings.requiresMFA = flag
        }
        return settings
    }
}

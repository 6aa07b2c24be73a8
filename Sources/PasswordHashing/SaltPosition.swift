// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// Where the salt went relative to the password when a salted-SHA digest was computed (`password_salt_position`).
public enum SaltPosition: String, Sendable {
    /// The digest is `hash(salt + password)`.
    case prefix
    /// The digest is `hash(password + salt)`; WorkOS's default.
    case suffix
}

// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// The algorithms WorkOS accepts in `password_hash_type` when a user is created or updated with an imported hash.
///
/// https://workos.com/docs/reference/authkit/user/create — the raw values are the wire values.
public enum PasswordHashType: String, Sendable, CaseIterable {
    /// bcrypt in modular crypt format: `$2a$`, `$2b$` or `$2y$`, a two-digit cost, then 53 characters.
    case bcrypt
    /// Firebase Auth's modified scrypt, as WorkOS's Firebase migration guide lays it out:
    /// `$firebase-scrypt$hash=…$salt=…$sk=…$ss=…$r=…$m=…`.
    case firebaseScrypt = "firebase-scrypt"
    /// Salted SHA-1 as LDAP stores it: `{SSHA}` + base64(SHA-1(password + salt) + salt).
    case ssha
    /// Salted SHA-256 in the same layout: `{SSHA256}` + base64(SHA-256(password + salt) + salt).
    case ssha256
    /// scrypt (RFC 7914) in PHC string format: `$scrypt$ln=…,r=…,p=…$salt$hash`.
    case scrypt
    /// PBKDF2 (RFC 8018) with HMAC-SHA-1, -SHA-256 or -SHA-512 in PHC string format:
    /// `$pbkdf2-sha256$i=…,l=…$salt$hash`.
    case pbkdf2
    /// Argon2id, Argon2i or Argon2d (RFC 9106) in PHC string format: `$argon2id$v=19$m=…,t=…,p=…$salt$hash`.
    case argon2
}

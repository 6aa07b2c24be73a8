// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// Hashes passwords for storage, accepts hashes imported from other systems, and verifies sign-in attempts
/// against either.
///
/// WorkOS's Create and Update User endpoints take either `password` (hashed by WorkOS) or `password_hash` with
/// `password_hash_type` and, for salted SHA, `password_salt_position`
/// (https://workos.com/docs/reference/authkit/user/create). Every stored string names its algorithm and carries
/// its parameters, so `verify` needs nothing else. Passwords are hashed as their UTF-8 bytes.
public enum PasswordHasher {
    /// scrypt's log2 N for new hashes: N = 2^12, r = 8, p = 1, 4 MiB.
    ///
    /// Chosen by measurement: on this project's 2-core machine one hash took about 32 ms in a debug build
    /// (2^13: 65 ms, 2^14: 130 ms), inside the 50 ms budget that keeps user-heavy test suites fast. It is below
    /// OWASP's production advice (2^17), which is acceptable for an emulator that holds test credentials.
    static let scryptLogN = 12
    /// scrypt's block size r for new hashes.
    static let scryptR = 8
    /// scrypt's parallelization p for new hashes.
    static let scryptP = 1
    /// Salt length for new hashes, in bytes.
    static let saltLength = 16
    /// Derived-key length for new hashes, in bytes.
    static let keyLength = 32
    /// Imported hashes longer than this are refused before parsing.
    static let maximumImportLength = 4096

    /// Hashes a plaintext password for storage with a fresh random salt.
    ///
    /// The result is a PHC scrypt string, `$scrypt$ln=12,r=8,p=1$<salt>$<hash>` (see `scryptLogN` for the
    /// choice of parameters), the same format `importHash(_:type:saltPosition:)` accepts for `scrypt`.
    public static func hash(_ password: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = Scrypt.derive(
            password: Array(password.utf8),
            salt: salt,
            logN: Self.scryptLogN,
            r: Self.scryptR,
            p: Self.scryptP,
            length: Self.keyLength
        )
        return ScryptHash(logN: Self.scryptLogN, r: Self.scryptR, p: Self.scryptP, salt: salt, digest: key).encoded
    }

    /// Validates an imported hash and returns the string to store.
    ///
    /// The returned string is canonical and self-describing: it names the algorithm and holds every parameter,
    /// including the salt position for `ssha`/`ssha256`. Accepted inputs, per type:
    ///
    /// - `bcrypt`: `$2a$`, `$2b$` or `$2y$` modular crypt, cost 04–31;
    /// - `firebase-scrypt`: `$firebase-scrypt$hash=…$salt=…$sk=…$ss=…$r=…$m=…` (WorkOS's Firebase guide);
    /// - `ssha` / `ssha256`: `{SSHA}` / `{SSHA256}` + base64(digest + salt), the prefix optional;
    /// - `scrypt`: `$scrypt$ln=…,r=…,p=…$salt$hash` (or `n=` for N);
    /// - `pbkdf2`: `$pbkdf2-sha256$i=…,l=…$salt$hash` (also sha1/sha512, and passlib, Django and Werkzeug forms);
    /// - `argon2`: `$argon2id$v=19$m=…,t=…,p=…$salt$hash` (also argon2i and argon2d).
    ///
    /// - Parameters:
    ///   - hash: The `password_hash` value; surrounding whitespace is ignored.
    ///   - type: The `password_hash_type` value.
    ///   - saltPosition: The `password_salt_position` value; only `ssha` and `ssha256` take one, and they
    ///     default to `suffix`.
    /// - Throws: `PasswordHashError` naming the rule the hash breaks; the message never contains the hash.
    public static func importHash(
        _ hash: String,
        type: PasswordHashType,
        saltPosition: SaltPosition?
    ) throws(PasswordHashError) -> String {
        if saltPosition != nil && type != .ssha && type != .ssha256 {
            throw PasswordHashError(
                message: "password_salt_position is only supported with the ssha and ssha256 password_hash_type."
            )
        }
        let text = Self.trimmingWhitespace(hash)
        guard !text.isEmpty, text.utf8.count <= Self.maximumImportLength else {
            throw .invalid(type)
        }
        let stored: StoredHash
        switch type {
        case .bcrypt: stored = .bcrypt(try BcryptHash(parsing: text))
        case .firebaseScrypt: stored = .firebaseScrypt(try FirebaseScryptHash(parsing: text))
        case .scrypt: stored = .scrypt(try ScryptHash(parsing: text))
        case .pbkdf2: stored = .pbkdf2(try PBKDF2Hash(parsing: text))
        case .argon2: stored = .argon2(try Argon2Hash(parsing: text))
        case .ssha:
            stored = .saltedSHA(
                try SaltedSHAHash(importing: text, digestFunction: .sha1, saltPosition: saltPosition ?? .suffix)
            )
        case .ssha256:
            stored = .saltedSHA(
                try SaltedSHAHash(importing: text, digestFunction: .sha256, saltPosition: saltPosition ?? .suffix)
            )
        }
        return stored.encoded
    }

    /// True when `password` matches a string produced by `hash(_:)` or `importHash(_:type:saltPosition:)`.
    ///
    /// Digests are compared in constant time. Never throws and never traps: anything that is not a well-formed
    /// stored hash, or parameters beyond the import limits, simply does not match. The raw `password_hash` of an
    /// `ssha`/`ssha256` import (`{SSHA}…`) is not a stored hash: only `importHash`'s result records the salt
    /// position. The other types' canonical forms are also the standard ones, so those verify as given.
    public static func verify(_ password: String, against stored: String) -> Bool {
        guard let hash = StoredHash(stored: Substring(stored)) else {
            return false
        }
        return hash.matches(Array(password.utf8))
    }

    /// The `password_hash_type` a stored string verifies as, or nil when it is not a stored hash. A string from
    /// `hash(_:)` reports `.scrypt`.
    public static func type(ofStored stored: String) -> PasswordHashType? {
        StoredHash(stored: Substring(stored))?.type
    }

    /// `text` without leading and trailing spaces, tabs and line breaks.
    private static func trimmingWhitespace(_ text: String) -> Substring {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        let start = text.firstIndex { !isWhitespace($0) } ?? text.endIndex
        let end = text.lastIndex { !isWhitespace($0) }.map { text.index(after: $0) } ?? start
        return text[start..<max(start, end)]
    }
}

// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// A password hash as the emulator stores it: one case per algorithm, each with its canonical, self-describing
/// string (`encoded`) and a parser that reads that string back (`init?(stored:)`).
enum StoredHash: Equatable {
    /// `$2a$`/`$2b$`/`$2y$` modular crypt.
    case bcrypt(BcryptHash)
    /// `$scrypt$ln=…,r=…,p=…$salt$hash`; also what `PasswordHasher.hash` produces.
    case scrypt(ScryptHash)
    /// `$firebase-scrypt$hash=…$salt=…$sk=…$ss=…$r=…$m=…`.
    case firebaseScrypt(FirebaseScryptHash)
    /// `$pbkdf2-sha256$i=…,l=…$salt$hash`.
    case pbkdf2(PBKDF2Hash)
    /// `$argon2id$v=19$m=…,t=…,p=…$salt$hash`.
    case argon2(Argon2Hash)
    /// `$ssha$pos=…$salt$digest` or `$ssha256$pos=…$salt$digest`.
    case saltedSHA(SaltedSHAHash)

    /// Stored strings longer than this are not hashes this module wrote.
    static let maximumLength = 8192

    /// Reads a stored string back, choosing the algorithm from its leading identifier; nil for anything else.
    init?(stored text: Substring) {
        guard text.utf8.count <= Self.maximumLength else {
            return nil
        }
        if text.hasPrefix("$2") {
            guard let hash = try? BcryptHash(parsing: text) else { return nil }
            self = .bcrypt(hash)
        } else if text.hasPrefix("$scrypt$") {
            guard let hash = try? ScryptHash(parsing: text) else { return nil }
            self = .scrypt(hash)
        } else if text.hasPrefix("$firebase-scrypt$") {
            guard let hash = try? FirebaseScryptHash(parsing: text) else { return nil }
            self = .firebaseScrypt(hash)
        } else if text.hasPrefix("$pbkdf2") {
            guard let hash = try? PBKDF2Hash(parsing: text) else { return nil }
            self = .pbkdf2(hash)
        } else if text.hasPrefix("$argon2") {
            guard let hash = try? Argon2Hash(parsing: text) else { return nil }
            self = .argon2(hash)
        } else if text.hasPrefix("$ssha") {
            guard let hash = SaltedSHAHash(stored: text) else { return nil }
            self = .saltedSHA(hash)
        } else {
            return nil
        }
    }

    /// The canonical string to store.
    var encoded: String {
        switch self {
        case .bcrypt(let hash): hash.encoded
        case .scrypt(let hash): hash.encoded
        case .firebaseScrypt(let hash): hash.encoded
        case .pbkdf2(let hash): hash.encoded
        case .argon2(let hash): hash.encoded
        case .saltedSHA(let hash): hash.encoded
        }
    }

    /// The WorkOS `password_hash_type` this hash verifies as.
    var type: PasswordHashType {
        switch self {
        case .bcrypt: .bcrypt
        case .scrypt: .scrypt
        case .firebaseScrypt: .firebaseScrypt
        case .pbkdf2: .pbkdf2
        case .argon2: .argon2
        case .saltedSHA(let hash): hash.digestFunction.type
        }
    }

    /// True when `password`'s UTF-8 bytes hash to the stored value.
    func matches(_ password: [UInt8]) -> Bool {
        switch self {
        case .bcrypt(let hash): hash.matches(password)
        case .scrypt(let hash): hash.matches(password)
        case .firebaseScrypt(let hash): hash.matches(password)
        case .pbkdf2(let hash): hash.matches(password)
        case .argon2(let hash): hash.matches(password)
        case .saltedSHA(let hash): hash.matches(password)
        }
    }
}

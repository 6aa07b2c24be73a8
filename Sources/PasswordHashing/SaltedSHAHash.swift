// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

import Crypto

/// A salted SHA-1 or SHA-256 digest.
///
/// Imported in LDAP's layout, which WorkOS's "Migrate from other services" guide gives for `ssha` as
/// `{SSHA}base64(sha1(password + salt) + salt)`; `ssha256` is taken to be the same layout with SHA-256 and
/// `{SSHA256}`, as OpenLDAP's contrib module writes it. The `{…}` scheme prefix may be left out. The salt is
/// whatever follows the digest. `password_salt_position` only changes what was hashed: `prefix` means
/// hash(salt + password); the encoded value keeps the digest first either way.
///
/// Stored as `$ssha$pos=<prefix|suffix>$<salt>$<digest>` (or `$ssha256$…`), so the position travels with it.
struct SaltedSHAHash: Equatable {
    /// The digest function: SHA-1 for `ssha`, SHA-256 for `ssha256`.
    enum Digest: String, Sendable {
        /// SHA-1, 20 bytes.
        case sha1 = "ssha"
        /// SHA-256, 32 bytes.
        case sha256 = "ssha256"

        /// The digest's length in bytes.
        var length: Int {
            switch self {
            case .sha1: 20
            case .sha256: 32
            }
        }

        /// The WorkOS hash type this digest belongs to.
        var type: PasswordHashType {
            switch self {
            case .sha1: .ssha
            case .sha256: .ssha256
            }
        }

        /// The LDAP scheme name, without braces.
        var scheme: String {
            switch self {
            case .sha1: "SSHA"
            case .sha256: "SSHA256"
            }
        }
    }

    /// Salts of 1 to 1024 bytes.
    static let saltLengths = 1...1024

    /// The digest function.
    var digestFunction: Digest
    /// Where the salt was placed when hashing.
    var saltPosition: SaltPosition
    /// The salt bytes.
    var salt: [UInt8]
    /// The digest.
    var digest: [UInt8]

    /// Parses the LDAP layout `{SSHA}<base64(digest + salt)>` (scheme optional, case-insensitive).
    init(importing text: Substring, digestFunction: Digest, saltPosition: SaltPosition) throws(PasswordHashError) {
        var body = text
        if body.first == "{" {
            guard let close = body.firstIndex(of: "}") else {
                throw .invalid(digestFunction.type, "the {scheme} prefix is not closed")
            }
            let scheme = body[body.index(after: body.startIndex)..<close].uppercased()
            guard scheme == digestFunction.scheme else {
                throw .invalid(digestFunction.type, "the scheme prefix must be {\(digestFunction.scheme)}")
            }
            body = body[body.index(after: close)...]
        }
        guard let bytes = Base64.decode(body) else {
            throw .invalid(digestFunction.type, "expected {\(digestFunction.scheme)} followed by base64")
        }
        let saltCount = bytes.count - digestFunction.length
        guard Self.saltLengths.contains(saltCount) else {
            throw .invalid(
                digestFunction.type,
                "the decoded value must be a \(digestFunction.length)-byte digest followed by 1 to 1024 bytes of salt"
            )
        }
        self.digestFunction = digestFunction
        self.saltPosition = saltPosition
        self.digest = Array(bytes.prefix(digestFunction.length))
        self.salt = Array(bytes.dropFirst(digestFunction.length))
    }

    /// Parses the stored layout `$ssha$pos=<position>$<salt>$<digest>`; nil if it is not one.
    init?(stored text: Substring) {
        guard let phc = PHCString(text), let digestFunction = Digest(rawValue: String(phc.id)),
            phc.fields.count == 3, phc.fields[0].hasPrefix("pos="),
            let saltPosition = SaltPosition(rawValue: String(phc.fields[0].dropFirst(4))),
            let salt = Base64.decode(phc.fields[1]), Self.saltLengths.contains(salt.count),
            let digest = Base64.decode(phc.fields[2]), digest.count == digestFunction.length
        else {
            return nil
        }
        self.digestFunction = digestFunction
        self.saltPosition = saltPosition
        self.salt = salt
        self.digest = digest
    }

    /// The stored layout.
    var encoded: String {
        "$\(self.digestFunction.rawValue)$pos=\(self.saltPosition.rawValue)$" + Base64.encode(self.salt, padded: false)
            + "$" + Base64.encode(self.digest, padded: false)
    }

    /// True when the digest of the password and salt, in the stored order, equals the stored digest.
    func matches(_ password: [UInt8]) -> Bool {
        let input = self.saltPosition == .prefix ? self.salt + password : password + self.salt
        let computed: [UInt8]
        switch self.digestFunction {
        case .sha1: computed = Array(Insecure.SHA1.hash(data: input))
        case .sha256: computed = Array(SHA256.hash(data: input))
        }
        return ConstantTime.isEqual(computed, self.digest)
    }
}

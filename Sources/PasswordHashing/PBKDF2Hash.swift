// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// A PBKDF2 hash. WorkOS asks for PHC strings but does not document the parameter names, so the de-facto
/// spellings are all accepted:
///
/// - PHC (RustCrypto `pbkdf2`): `$pbkdf2-sha256$i=<iterations>[,l=<length>]$<salt>$<hash>`;
/// - passlib: `$pbkdf2-sha256$<iterations>$<salt>$<hash>`, with `$pbkdf2$` meaning HMAC-SHA-1 and passlib's
///   `.`-for-`+` base64;
/// - Django: `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`, the salt used as its literal text;
/// - Werkzeug: `pbkdf2:sha256:<iterations>$<salt>$<hex hash>`, the salt used as its literal text.
///
/// The hash functions are SHA-1, SHA-256 and SHA-512; the derived-key length is the hash's decoded length.
struct PBKDF2Hash: Equatable {
    /// Salts from 1 to 1024 bytes.
    static let saltLengths = 1...1024
    /// Derived keys from 8 to 512 bytes.
    static let digestLengths = 8...512

    /// The HMAC hash function.
    var digestFunction: PBKDF2.Digest
    /// The iteration count c.
    var iterations: Int
    /// The salt bytes.
    var salt: [UInt8]
    /// The derived key.
    var digest: [UInt8]

    /// Parses any of the accepted spellings.
    init(parsing text: Substring) throws(PasswordHashError) {
        if text.hasPrefix("$") {
            try self.init(phc: text)
        } else if text.hasPrefix("pbkdf2_") {
            try self.init(django: text)
        } else if text.hasPrefix("pbkdf2:") {
            try self.init(werkzeug: text)
        } else {
            throw .invalid(.pbkdf2, "expected $pbkdf2-sha256$i=<iterations>,l=<length>$<salt>$<hash>")
        }
    }

    /// `$pbkdf2-<digest>$i=<c>[,l=<dkLen>]$<salt>$<hash>` or passlib's `$pbkdf2-<digest>$<c>$<salt>$<hash>`.
    private init(phc text: Substring) throws(PasswordHashError) {
        let form = "expected $pbkdf2-sha256$i=<iterations>,l=<length>$<salt>$<hash>"
        guard let phc = PHCString(text), phc.fields.count == 3 else {
            throw .invalid(.pbkdf2, form)
        }
        let digestFunction: PBKDF2.Digest
        switch phc.id {
        case "pbkdf2", "pbkdf2-sha1": digestFunction = .sha1
        case "pbkdf2-sha256": digestFunction = .sha256
        case "pbkdf2-sha512": digestFunction = .sha512
        default: throw .invalid(.pbkdf2, "the identifier must be pbkdf2-sha1, pbkdf2-sha256 or pbkdf2-sha512")
        }
        var length: Int?
        let iterations: Int?
        if let bare = PHCString.decimal(phc.fields[0]) {
            iterations = bare
        } else {
            guard let parameters = PHCString.parameters(phc.fields[0]),
                Set(parameters.keys).isSubset(of: ["i", "l"])
            else {
                throw .invalid(.pbkdf2, form)
            }
            iterations = PHCString.decimal(parameters["i"])
            if let lengthText = parameters["l"] {
                guard let value = PHCString.decimal(lengthText) else {
                    throw .invalid(.pbkdf2, "l must be a decimal length")
                }
                length = value
            }
        }
        guard let salt = Base64.decode(phc.fields[1]) else {
            throw .invalid(.pbkdf2, "the salt must be base64")
        }
        guard let digest = Base64.decode(phc.fields[2]) else {
            throw .invalid(.pbkdf2, "the hash must be base64")
        }
        if let length, length != digest.count {
            throw .invalid(.pbkdf2, "l does not match the hash's length")
        }
        try self.init(digestFunction: digestFunction, iterations: iterations, salt: salt, digest: digest)
    }

    /// Django's `pbkdf2_sha256$<c>$<salt text>$<base64 hash>`.
    private init(django text: Substring) throws(PasswordHashError) {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4 else {
            throw .invalid(.pbkdf2, "expected pbkdf2_sha256$<iterations>$<salt>$<hash>")
        }
        guard let digestFunction = PBKDF2.Digest(rawValue: String(parts[0].dropFirst("pbkdf2_".count))) else {
            throw .invalid(.pbkdf2, "the algorithm must be pbkdf2_sha1, pbkdf2_sha256 or pbkdf2_sha512")
        }
        guard let digest = Base64.decode(parts[3]) else {
            throw .invalid(.pbkdf2, "the hash must be base64")
        }
        try self.init(
            digestFunction: digestFunction,
            iterations: PHCString.decimal(parts[1]),
            salt: Array(parts[2].utf8),
            digest: digest
        )
    }

    /// Werkzeug's `pbkdf2:sha256:<c>$<salt text>$<hex hash>`.
    private init(werkzeug text: Substring) throws(PasswordHashError) {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        let method = parts[0].split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, method.count == 3 else {
            throw .invalid(.pbkdf2, "expected pbkdf2:sha256:<iterations>$<salt>$<hex hash>")
        }
        guard let digestFunction = PBKDF2.Digest(rawValue: String(method[1])) else {
            throw .invalid(.pbkdf2, "the hash function must be sha1, sha256 or sha512")
        }
        guard let digest = Self.decodeHex(parts[2]) else {
            throw .invalid(.pbkdf2, "the hash must be hexadecimal")
        }
        try self.init(
            digestFunction: digestFunction,
            iterations: PHCString.decimal(method[2]),
            salt: Array(parts[1].utf8),
            digest: digest
        )
    }

    /// Checks the limits shared by every spelling.
    private init(
        digestFunction: PBKDF2.Digest,
        iterations: Int?,
        salt: [UInt8],
        digest: [UInt8]
    ) throws(PasswordHashError) {
        guard let iterations, (1...PBKDF2.maximumIterations).contains(iterations) else {
            throw .invalid(.pbkdf2, "the iteration count must be between 1 and 10000000")
        }
        guard Self.saltLengths.contains(salt.count) else {
            throw .invalid(.pbkdf2, "the salt must be 1 to 1024 bytes")
        }
        guard Self.digestLengths.contains(digest.count) else {
            throw .invalid(.pbkdf2, "the hash must be 8 to 512 bytes")
        }
        self.digestFunction = digestFunction
        self.iterations = iterations
        self.salt = salt
        self.digest = digest
    }

    /// The canonical PHC string: `$pbkdf2-<digest>$i=<c>,l=<dkLen>$<salt>$<hash>` in unpadded base64.
    var encoded: String {
        "$pbkdf2-\(self.digestFunction.rawValue)$i=\(self.iterations),l=\(self.digest.count)$"
            + Base64.encode(self.salt, padded: false) + "$" + Base64.encode(self.digest, padded: false)
    }

    /// True when PBKDF2(password, salt, c, dkLen) equals the stored key.
    func matches(_ password: [UInt8]) -> Bool {
        guard
            let key = PBKDF2.derive(
                password: password,
                salt: self.salt,
                digest: self.digestFunction,
                iterations: self.iterations,
                length: self.digest.count
            )
        else {
            return false
        }
        return ConstantTime.isEqual(key, self.digest)
    }

    /// Decodes an even number of hexadecimal digits in either case.
    private static func decodeHex(_ text: Substring) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else {
            return nil
        }
        func nibble(_ character: UInt8) -> UInt8? {
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count / 2)
        for index in stride(from: 0, to: characters.count, by: 2) {
            guard let high = nibble(characters[index]), let low = nibble(characters[index + 1]) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}

// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// An scrypt hash in PHC string format: `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`.
///
/// WorkOS asks for PHC strings for scrypt but does not spell out the parameter names, so this follows passlib
/// and RustCrypto's `scrypt` crate (`ln`, `r`, `p`, unpadded base64); `n=<N>` with N a power of two is accepted
/// in place of `ln`. The derived-key length is the decoded hash's length; since a shorter scrypt key is a prefix
/// of a longer one, a hash cut short (but still 8 bytes or more) verifies too, exactly as it does in passlib.
struct ScryptHash: Equatable {
    /// Salts from 1 to 1024 bytes.
    static let saltLengths = 1...1024
    /// Hashes from 8 to 512 bytes.
    static let digestLengths = 8...512
    /// The most memory one verification may take, 128·N·r bytes: 1 GiB.
    static let maximumMemory = 1 << 30

    /// log2 of the CPU/memory cost N.
    var logN: Int
    /// The block size r.
    var r: Int
    /// The parallelization p.
    var p: Int
    /// The salt bytes.
    var salt: [UInt8]
    /// The derived key.
    var digest: [UInt8]

    /// A hash from its parts; the caller keeps the parameters within the limits `init(parsing:)` enforces.
    init(logN: Int, r: Int, p: Int, salt: [UInt8], digest: [UInt8]) {
        self.logN = logN
        self.r = r
        self.p = p
        self.salt = salt
        self.digest = digest
    }

    /// Parses a PHC scrypt string.
    init(parsing text: Substring) throws(PasswordHashError) {
        let form = "expected $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>"
        guard let phc = PHCString(text), phc.id == "scrypt", phc.fields.count == 3 else {
            throw .invalid(.scrypt, form)
        }
        guard let parameters = PHCString.parameters(phc.fields[0]),
            Set(parameters.keys).isSubset(of: ["ln", "n", "r", "p"])
        else {
            throw .invalid(.scrypt, form)
        }
        let logN: Int
        if let ln = parameters["ln"], parameters["n"] == nil {
            guard let value = PHCString.decimal(ln), (1...32).contains(value) else {
                throw .invalid(.scrypt, "ln must be between 1 and 32")
            }
            logN = value
        } else if let n = parameters["n"], parameters["ln"] == nil {
            guard let value = PHCString.decimal(n), value > 1, value & (value - 1) == 0 else {
                throw .invalid(.scrypt, "n must be a power of two greater than 1")
            }
            logN = value.trailingZeroBitCount
        } else {
            throw .invalid(.scrypt, "exactly one of ln and n is required")
        }
        guard let r = PHCString.decimal(parameters["r"]), (1...64).contains(r) else {
            throw .invalid(.scrypt, "r must be between 1 and 64")
        }
        guard let p = PHCString.decimal(parameters["p"]), (1...16).contains(p) else {
            throw .invalid(.scrypt, "p must be between 1 and 16")
        }
        // RFC 7914 §2: N must be less than 2^(128·r/8).
        guard logN < 16 * r else {
            throw .invalid(.scrypt, "N must be less than 2^(16·r)")
        }
        guard logN <= 30, 128 << logN <= Self.maximumMemory / r else {
            throw .invalid(.scrypt, "128·N·r must not exceed 1 GiB")
        }
        guard let salt = Base64.decode(phc.fields[1]), Self.saltLengths.contains(salt.count) else {
            throw .invalid(.scrypt, "the salt must be 1 to 1024 bytes of base64")
        }
        guard let digest = Base64.decode(phc.fields[2]), Self.digestLengths.contains(digest.count) else {
            throw .invalid(.scrypt, "the hash must be 8 to 512 bytes of base64")
        }
        self.init(logN: logN, r: r, p: p, salt: salt, digest: digest)
    }

    /// The canonical PHC string, with unpadded standard base64.
    var encoded: String {
        "$scrypt$ln=\(self.logN),r=\(self.r),p=\(self.p)$" + Base64.encode(self.salt, padded: false) + "$"
            + Base64.encode(self.digest, padded: false)
    }

    /// True when scrypt(password, salt, N, r, p) equals the stored key.
    func matches(_ password: [UInt8]) -> Bool {
        let key = Scrypt.derive(
            password: password,
            salt: self.salt,
            logN: self.logN,
            r: self.r,
            p: self.p,
            length: self.digest.count
        )
        return ConstantTime.isEqual(key, self.digest)
    }
}

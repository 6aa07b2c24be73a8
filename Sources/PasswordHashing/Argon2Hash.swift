// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

/// An Argon2 hash in PHC string format, as the reference implementation and argon2-cffi write it:
/// `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>`, also `$argon2i$` and `$argon2d$`.
///
/// Without `v=` the version is 0x10, as in the reference implementation's decoder. The optional `keyid` and
/// `data` parameters of early PHC drafts are refused: the secret they refer to cannot be imported.
struct Argon2Hash: Equatable {
    /// Salts of 8 to 1024 bytes (the reference implementation's minimum is 8).
    static let saltLengths = 8...1024
    /// Tags of 4 to 1024 bytes (the reference implementation's minimum is 4).
    static let digestLengths = 4...1024
    /// At most 1 GiB of memory for one verification.
    static let maximumMemoryKiB = 1 << 20
    /// At most m·t = 4 GiB of blocks written, for example 1 GiB × 4 passes or 64 MiB × 64 passes.
    static let maximumWorkKiB = 1 << 22

    /// The type, version and costs; `tagLength` is the decoded hash's length.
    var parameters: Argon2.Parameters
    /// The salt bytes.
    var salt: [UInt8]
    /// The tag.
    var digest: [UInt8]

    /// Parses a PHC Argon2 string.
    init(parsing text: Substring) throws(PasswordHashError) {
        let form = "expected $argon2id$v=19$m=<memory>,t=<passes>,p=<lanes>$<salt>$<hash>"
        guard let phc = PHCString(text) else {
            throw .invalid(.argon2, form)
        }
        let variant: Argon2.Variant
        switch phc.id {
        case "argon2id": variant = .id
        case "argon2i": variant = .i
        case "argon2d": variant = .d
        default: throw .invalid(.argon2, "the identifier must be argon2id, argon2i or argon2d")
        }
        var fields = phc.fields[...]
        var version = Argon2.Version.v10
        if let first = fields.first, first.hasPrefix("v=") {
            switch PHCString.decimal(first.dropFirst(2)) {
            case 16: version = .v10
            case 19: version = .v13
            default: throw .invalid(.argon2, "the version must be v=16 or v=19")
            }
            fields = fields.dropFirst()
        }
        guard fields.count == 3, let costs = PHCString.parameters(fields[fields.startIndex]) else {
            throw .invalid(.argon2, form)
        }
        guard Set(costs.keys).isSubset(of: ["m", "t", "p"]) else {
            throw .invalid(.argon2, "only the m, t and p parameters are supported")
        }
        guard let parallelism = PHCString.decimal(costs["p"]), (1...64).contains(parallelism) else {
            throw .invalid(.argon2, "p must be between 1 and 64")
        }
        guard let memory = PHCString.decimal(costs["m"]),
            (8 * parallelism...Self.maximumMemoryKiB).contains(memory)
        else {
            throw .invalid(.argon2, "m must be at least 8·p and at most 1048576 KiB")
        }
        guard let iterations = PHCString.decimal(costs["t"]), iterations >= 1,
            iterations <= Self.maximumWorkKiB / memory
        else {
            throw .invalid(.argon2, "t must be at least 1, with m·t at most 4194304 KiB")
        }
        guard let salt = Base64.decode(fields[fields.startIndex + 1]), Self.saltLengths.contains(salt.count) else {
            throw .invalid(.argon2, "the salt must be 8 to 1024 bytes of base64")
        }
        guard let digest = Base64.decode(fields[fields.startIndex + 2]), Self.digestLengths.contains(digest.count)
        else {
            throw .invalid(.argon2, "the hash must be 4 to 1024 bytes of base64")
        }
        self.parameters = Argon2.Parameters(
            variant: variant,
            version: version,
            memoryKiB: memory,
            iterations: iterations,
            parallelism: parallelism,
            tagLength: digest.count
        )
        self.salt = salt
        self.digest = digest
    }

    /// The canonical PHC string, with unpadded standard base64.
    var encoded: String {
        let id: String
        switch self.parameters.variant {
        case .id: id = "argon2id"
        case .i: id = "argon2i"
        case .d: id = "argon2d"
        }
        return "$\(id)$v=\(self.parameters.version.rawValue)$m=\(self.parameters.memoryKiB),"
            + "t=\(self.parameters.iterations),p=\(self.parameters.parallelism)$"
            + Base64.encode(self.salt, padded: false) + "$" + Base64.encode(self.digest, padded: false)
    }

    /// True when Argon2(password, salt) with these parameters equals the stored tag.
    func matches(_ password: [UInt8]) -> Bool {
        let tag = Argon2.hash(password: password, salt: self.salt, parameters: self.parameters)
        return ConstantTime.isEqual(tag, self.digest)
    }
}

// workos-emulator — PasswordHashing module.
// Licensed under the MIT License.

import Crypto
import Foundation
import _CryptoExtras

/// A Firebase Auth password hash with its project's hash parameters, in the layout of WorkOS's Firebase
/// migration guide (https://workos.com/docs/migrate/firebase) and WorkOS's own `workos-migrations` tool:
/// `$firebase-scrypt$hash=<hash>$salt=<salt>$sk=<signer key>$ss=<salt separator>$r=<rounds>$m=<mem cost>`.
///
/// Fields may come in any order; values are base64, padded or not, standard or URL-safe (the guide asks for
/// unpadded, the tool writes padded). `ss` may be empty.
///
/// Firebase's modified scrypt (https://github.com/firebase/scrypt, README "Password Hashing"): the key is
/// scrypt(password, salt ‖ salt separator, N = 2^mem_cost, r = rounds, p = 1, 64 bytes); the stored hash is the
/// signer key encrypted with AES-256-CTR under the key's first 32 bytes and an all-zero initial counter block.
struct FirebaseScryptHash: Equatable {
    /// The stored hash: the encrypted signer key.
    var digest: [UInt8]
    /// The user's salt.
    var salt: [UInt8]
    /// The project's signer key.
    var signerKey: [UInt8]
    /// The project's salt separator.
    var saltSeparator: [UInt8]
    /// The project's rounds: scrypt's r.
    var rounds: Int
    /// The project's memory cost: log2 of scrypt's N.
    var memoryCost: Int

    /// Parses the `$firebase-scrypt$…` layout.
    init(parsing text: Substring) throws(PasswordHashError) {
        let form =
            "expected $firebase-scrypt$hash=<hash>$salt=<salt>$sk=<signer key>$ss=<salt separator>"
            + "$r=<rounds>$m=<mem cost>"
        guard let phc = PHCString(text), phc.id == "firebase-scrypt" else {
            throw .invalid(.firebaseScrypt, form)
        }
        var values: [Substring: Substring] = [:]
        for field in phc.fields {
            for pair in field.split(separator: ",", omittingEmptySubsequences: false) {
                // Split at the first "=": base64 padding may follow in the value.
                guard let equals = pair.firstIndex(of: "=") else {
                    throw .invalid(.firebaseScrypt, form)
                }
                let name = pair[pair.startIndex..<equals]
                guard ["hash", "salt", "sk", "ss", "r", "m"].contains(name), values[name] == nil else {
                    throw .invalid(.firebaseScrypt, form)
                }
                values[name] = pair[pair.index(after: equals)...]
            }
        }
        guard let hashText = values["hash"], let digest = Base64.decode(hashText), !digest.isEmpty,
            digest.count <= 1024
        else {
            throw .invalid(.firebaseScrypt, "hash must be base64")
        }
        guard let saltText = values["salt"], let salt = Base64.decode(saltText), !salt.isEmpty, salt.count <= 1024
        else {
            throw .invalid(.firebaseScrypt, "salt must be base64")
        }
        guard let signerKeyText = values["sk"], let signerKey = Base64.decode(signerKeyText), !signerKey.isEmpty
        else {
            throw .invalid(.firebaseScrypt, "sk (the signer key) must be base64")
        }
        guard let saltSeparator = Base64.decode(values["ss"] ?? ""), saltSeparator.count <= 1024 else {
            throw .invalid(.firebaseScrypt, "ss (the salt separator) must be base64")
        }
        guard let rounds = PHCString.decimal(values["r"]), (1...32).contains(rounds) else {
            throw .invalid(.firebaseScrypt, "r (rounds) must be between 1 and 32")
        }
        guard let memoryCost = PHCString.decimal(values["m"]), (1...20).contains(memoryCost),
            memoryCost < 16 * rounds, 128 << memoryCost <= ScryptHash.maximumMemory / rounds
        else {
            throw .invalid(.firebaseScrypt, "m (mem_cost) must be between 1 and 20, with 128·2^m·r at most 1 GiB")
        }
        guard digest.count == signerKey.count else {
            throw .invalid(.firebaseScrypt, "hash must be as long as the signer key")
        }
        self.digest = digest
        self.salt = salt
        self.signerKey = signerKey
        self.saltSeparator = saltSeparator
        self.rounds = rounds
        self.memoryCost = memoryCost
    }

    /// The canonical layout, with padded standard base64 as WorkOS's migration tool writes it.
    var encoded: String {
        "$firebase-scrypt$hash=" + Base64.encode(self.digest, padded: true) + "$salt="
            + Base64.encode(self.salt, padded: true) + "$sk=" + Base64.encode(self.signerKey, padded: true) + "$ss="
            + Base64.encode(self.saltSeparator, padded: true) + "$r=\(self.rounds)$m=\(self.memoryCost)"
    }

    /// True when the signer key, encrypted under the key derived from `password`, equals the stored hash.
    func matches(_ password: [UInt8]) -> Bool {
        let derived = Scrypt.derive(
            password: password,
            salt: self.salt + self.saltSeparator,
            logN: self.memoryCost,
            r: self.rounds,
            p: 1,
            length: 64
        )
        guard derived.count == 64,
            let nonce = try? AES._CTR.Nonce(nonceBytes: [UInt8](repeating: 0, count: 16)),
            let encrypted = try? AES._CTR.encrypt(
                self.signerKey,
                using: SymmetricKey(data: derived.prefix(32)),
                nonce: nonce
            )
        else {
            return false
        }
        return ConstantTime.isEqual(Array(encrypted), self.digest)
    }
}

// workos-emulator — PasswordHashing tests.
// Licensed under the MIT License.

import Testing

@testable import PasswordHashing

@Suite struct PasswordHasherTests {
    @Test(arguments: ["correct horse battery staple", "", "pässwörd 🔑", String(repeating: "long", count: 100)])
    func hash_VerifiesTheRightPasswordAndRejectsAWrongOne(password: String) {
        let stored = PasswordHasher.hash(password)
        #expect(PasswordHasher.verify(password, against: stored))
        #expect(!PasswordHasher.verify(password + " ", against: stored))
        #expect(!PasswordHasher.verify(String(password.dropFirst()), against: stored) || password.isEmpty)
    }

    @Test func hash_UsesAFreshSaltEveryTime() {
        let first = PasswordHasher.hash("same password")
        let second = PasswordHasher.hash("same password")
        #expect(first != second)
        let salts = [first, second].map { $0.split(separator: "$")[2] }
        #expect(salts[0] != salts[1])
        #expect(PasswordHasher.verify("same password", against: first))
        #expect(PasswordHasher.verify("same password", against: second))
    }

    @Test func hash_WritesAPHCScryptStringThatImportsAsScrypt() throws {
        let stored = PasswordHasher.hash("secret")
        #expect(stored.hasPrefix("$scrypt$ln=12,r=8,p=1$"))
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        #expect(parts.count == 5)
        #expect(Base64.decode(parts[3])?.count == 16)
        #expect(Base64.decode(parts[4])?.count == 32)
        #expect(PasswordHasher.type(ofStored: stored) == .scrypt)
        #expect(try PasswordHasher.importHash(stored, type: .scrypt, saltPosition: nil) == stored)
    }

    @Test func passwordHashType_RawValuesAreWorkOSWireValues() {
        #expect(
            PasswordHashType.allCases.map(\.rawValue)
                == ["bcrypt", "firebase-scrypt", "ssha", "ssha256", "scrypt", "pbkdf2", "argon2"]
        )
        #expect(PasswordHashType(rawValue: "firebase-scrypt") == .firebaseScrypt)
        #expect(SaltPosition(rawValue: "prefix") == .prefix)
    }

    @Test(arguments: [PasswordHashType.bcrypt, .firebaseScrypt, .scrypt, .pbkdf2, .argon2])
    func importHash_RefusesASaltPositionForTypesOtherThanSaltedSHA(type: PasswordHashType) {
        #expect(
            throws: PasswordHashError(
                message: "password_salt_position is only supported with the ssha and ssha256 password_hash_type."
            )
        ) {
            try PasswordHasher.importHash(BcryptTests.pythonVectors[0].hash, type: type, saltPosition: .prefix)
        }
    }

    @Test(arguments: PasswordHashType.allCases)
    func importHash_RefusesAnEmptyHash(type: PasswordHashType) {
        #expect(throws: PasswordHashError(message: "password_hash is not a valid \(type.rawValue) hash.")) {
            try PasswordHasher.importHash("  \n", type: type, saltPosition: nil)
        }
    }

    @Test func importHash_RefusesAnOversizedHashBeforeParsingIt() {
        let huge = "$argon2id$v=19$m=64,t=2,p=1$" + String(repeating: "A", count: 5000) + "$AAAAAAAA"
        #expect(throws: PasswordHashError(message: "password_hash is not a valid argon2 hash.")) {
            try PasswordHasher.importHash(huge, type: .argon2, saltPosition: nil)
        }
    }

    @Test func importHash_IgnoresSurroundingWhitespace() throws {
        let (password, hash) = BcryptTests.pythonVectors[0]
        let stored = try PasswordHasher.importHash(" \t\(hash)\r\n", type: .bcrypt, saltPosition: nil)
        #expect(stored == hash)
        #expect(PasswordHasher.verify(password, against: stored))
    }

    @Test func importHash_RefusesAHashOfAnotherType() {
        let cases: [(String, PasswordHashType)] = [
            (BcryptTests.pythonVectors[0].hash, .argon2),
            (Argon2Tests.vectors[0].hash, .scrypt),
            (ScryptTests.vectors[0].hash, .pbkdf2),
            (PBKDF2Tests.vectors[0].hash, .bcrypt),
            (FirebaseScryptTests.readmeHash, .scrypt),
            (ScryptTests.vectors[0].hash, .firebaseScrypt),
            (SaltedSHATests.vectors[0].hash, .argon2),
            (Argon2Tests.vectors[0].hash, .ssha),
        ]
        for (hash, type) in cases {
            #expect(throws: PasswordHashError.self) {
                try PasswordHasher.importHash(hash, type: type, saltPosition: nil)
            }
        }
    }

    @Test func importHash_NeverPutsTheHashInItsMessage() {
        var generator = SplitMix64(seed: 7)
        let marker = "Zq9Xw7Vv"
        let templates = [
            "$2b$04$\(marker)", "$2b$99$\(marker)CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC",
            "$scrypt$ln=4,r=8,p=1$\(marker)$!!", "$scrypt$ln=99,r=8,p=1$\(marker)$\(marker)",
            "$pbkdf2-sha256$i=1000$\(marker)$\(marker)", "pbkdf2:sha256:1$\(marker)$\(marker)",
            "$argon2id$v=19$m=64,t=2,p=1$\(marker)$", "$firebase-scrypt$hash=\(marker)$salt=\(marker)",
            "{SSHA}\(marker)", "{SSHA256}\(marker)==", marker,
        ]
        for template in templates {
            for type in PasswordHashType.allCases {
                let position: SaltPosition? = Bool.random(using: &generator) ? nil : .prefix
                do {
                    _ = try PasswordHasher.importHash(template, type: type, saltPosition: position)
                } catch {
                    #expect(!error.message.contains(marker))
                    #expect(error.message.hasSuffix("."))
                }
            }
        }
    }

    @Test func verify_ReturnsFalseForRandomGarbageWithoutTrapping() {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array("$$$,,==={}.:_-/+0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ é🔑")
        let prefixes = [
            "", "$", "$2a$", "$2b$", "$2y$04$", "$scrypt$", "$scrypt$ln=", "$firebase-scrypt$", "$pbkdf2$",
            "$pbkdf2-sha256$i=", "pbkdf2_sha256$", "pbkdf2:sha1:", "$argon2id$v=19$", "$argon2i$", "$ssha$pos=",
            "$ssha256$pos=prefix$", "{SSHA}",
        ]
        for _ in 0..<3000 {
            let prefix = prefixes.randomElement(using: &generator)!
            let length = Int.random(in: 0...90, using: &generator)
            let body = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(!PasswordHasher.verify("password", against: prefix + body))
            for type in PasswordHashType.allCases {
                _ = try? PasswordHasher.importHash(prefix + body, type: type, saltPosition: nil)
            }
        }
    }

    @Test func verify_ReturnsFalseForDamagedStoredHashes() throws {
        var generator = SplitMix64(seed: 42)
        let vectors: [(password: String, hash: String, type: PasswordHashType)] = [
            (BcryptTests.pythonVectors[0].password, BcryptTests.pythonVectors[0].hash, .bcrypt),
            (ScryptTests.vectors[0].password, ScryptTests.vectors[0].hash, .scrypt),
            (PBKDF2Tests.vectors[3].password, PBKDF2Tests.vectors[3].hash, .pbkdf2),
            (Argon2Tests.vectors[0].password, Argon2Tests.vectors[0].hash, .argon2),
            (SaltedSHATests.vectors[3].password, SaltedSHATests.vectors[3].hash, .ssha256),
        ]
        var imported: [(String, String)] = [("secret", PasswordHasher.hash("secret"))]
        for vector in vectors {
            imported.append(
                (vector.password, try PasswordHasher.importHash(vector.hash, type: vector.type, saltPosition: nil))
            )
        }
        for (password, stored) in imported {
            #expect(PasswordHasher.verify(password, against: stored))
            let characters = Array(stored)
            let digestStart = characters.lastIndex(of: "$")! + 1
            // Every truncation (which can only lower a cost parameter or break the layout). scrypt's PHC string
            // has no length parameter and a shorter scrypt key is a prefix of a longer one, so a truncated scrypt
            // digest still verifies, as it does in passlib; those truncations are only checked not to trap.
            let isScrypt = stored.hasPrefix("$scrypt$")
            for length in 0..<stored.count {
                let verified = PasswordHasher.verify(password, against: String(stored.prefix(length)))
                #expect(!verified || (isScrypt && length > digestStart))
            }
            // Single-character changes in the final field, the digest.
            for _ in 0..<20 {
                var damaged = characters
                let index = Int.random(in: digestStart..<characters.count, using: &generator)
                let replacement: Character = damaged[index] == "A" ? "B" : "A"
                damaged[index] = replacement
                #expect(!PasswordHasher.verify(password, against: String(damaged)))
            }
        }
    }

    @Test func verify_ReturnsFalseForStoredHashesBeyondTheImportLimits() {
        #expect(!PasswordHasher.verify("U*U", against: "$2a$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"))
        #expect(!PasswordHasher.verify("password", against: "$scrypt$ln=31,r=8,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"))
        #expect(!PasswordHasher.verify("password", against: "$pbkdf2-sha256$i=99999999$AAAAAAAAAAA$AAAAAAAAAAAAAA"))
        #expect(!PasswordHasher.verify("password", against: "$argon2id$v=19$m=4194304,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAA"))
        #expect(!PasswordHasher.verify("password", against: "{SSHA}N+vXsN2ny8mTqd6ZYuHcJVHvE00BAgMEBQYHCA=="))
        #expect(!PasswordHasher.verify("password", against: String(repeating: "$2b$", count: 5000)))
    }

    @Test func typeOfStored_NamesTheAlgorithm() throws {
        #expect(PasswordHasher.type(ofStored: BcryptTests.pythonVectors[0].hash) == .bcrypt)
        #expect(PasswordHasher.type(ofStored: FirebaseScryptTests.readmeHash) == .firebaseScrypt)
        #expect(PasswordHasher.type(ofStored: Argon2Tests.vectors[1].hash) == .argon2)
        #expect(PasswordHasher.type(ofStored: PBKDF2Tests.vectors[0].stored) == .pbkdf2)
        let ssha256 = try PasswordHasher.importHash(SaltedSHATests.vectors[3].hash, type: .ssha256, saltPosition: nil)
        #expect(PasswordHasher.type(ofStored: ssha256) == .ssha256)
        #expect(PasswordHasher.type(ofStored: "plain text") == nil)
    }
}

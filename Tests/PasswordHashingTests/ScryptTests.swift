// workos-emulator — PasswordHashing tests.
// Licensed under the MIT License.

import Testing

@testable import PasswordHashing

@Suite struct ScryptTests {
    /// RFC 7914 §12, vectors 1 and 2 (3 and 4 are too slow for a debug build).
    @Test func derive_MatchesRFC7914Section12() {
        let first = Scrypt.derive(password: [], salt: [], logN: 4, r: 1, p: 1, length: 64)
        #expect(
            hex(first)
                == "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"
        )
        let second = Scrypt.derive(
            password: Array("password".utf8),
            salt: Array("NaCl".utf8),
            logN: 10,
            r: 8,
            p: 16,
            length: 64
        )
        #expect(
            hex(second)
                == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
        )
    }

    @Test func deriveInSwift_MatchesRFC7914AndBoringSSL() {
        let first = Scrypt.deriveInSwift(password: [], salt: [], logN: 4, r: 1, p: 1, length: 64)
        #expect(hex(first).hasPrefix("77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"))
        let password = Array("pleaseletmein".utf8)
        let salt = Array("SodiumChloride".utf8)
        #expect(
            Scrypt.deriveInSwift(password: password, salt: salt, logN: 5, r: 3, p: 2, length: 40)
                == Scrypt.derive(password: password, salt: salt, logN: 5, r: 3, p: 2, length: 40)
        )
    }

    /// PHC strings written by passlib 1.7.4 (`scrypt.using(rounds:block_size:parallelism:).hash`), plus two built
    /// with Python's hashlib.scrypt: one with `n=` and one with r = 32, p = 1, which BoringSSL refuses through
    /// swift-crypto's memory limit and so exercises the Swift implementation.
    static let vectors: [(password: String, hash: String)] = [
        ("password", "$scrypt$ln=4,r=8,p=1$tNZ6j5ESQqj1vreWkpJyLg$WR47iSZbsueBLXtaRESgsvyTML+TThbv7rvE3BvcxpE"),
        ("pässwörd 🔑", "$scrypt$ln=5,r=4,p=2$5pyT0ppzjlEK4dy7F6JUKg$ZUTpZa312AmiHBWupWVvfV732KkA644RoRODg5BWyy8"),
        ("", "$scrypt$ln=6,r=1,p=1$O+f8nzNGSKkV4vxf6907pw$VZNHP2EVlkFQ8RFTSgosVDo1jSqblz/aEYgXKst3kH4"),
        ("hunter2", "$scrypt$ln=10,r=8,p=1$3DuHkLK2FoLw/j/nXEtJaQ$J5nk9pB/HcYFl7Cg3jG9P3CBM/IPXOi4YdIKjuzGooo"),
        ("password", "$scrypt$ln=6,r=32,p=1$MDEyMzQ1Njc4OWFiY2RlZg$SVYbMzEGSEorvGgluOIf2ik17KnVRPmlEl1z3nKqhJE"),
        (
            "password",
            "$scrypt$n=1024,r=8,p=1$MDEyMzQ1Njc4OWFiY2RlZg$ZEBCzLptWM7dhpNJDU2HbQ945ovKHmVEozHkePPbSqyqgsg0/9lIay"
                + "oFBaJVGy2pw0tFOS9Gj3VJ/TFQsjoyiA"
        ),
    ]

    @Test(arguments: Self.vectors)
    func importedScrypt_VerifiesTheRightPasswordAndRejectsAWrongOne(password: String, hash: String) throws {
        let stored = try PasswordHasher.importHash(hash, type: .scrypt, saltPosition: nil)
        #expect(stored.hasPrefix("$scrypt$ln="))
        #expect(PasswordHasher.verify(password, against: stored))
        #expect(!PasswordHasher.verify(password + "x", against: stored))
    }

    @Test func importHash_WritesNAsLn() throws {
        let stored = try PasswordHasher.importHash(Self.vectors[5].hash, type: .scrypt, saltPosition: nil)
        #expect(stored.hasPrefix("$scrypt$ln=10,r=8,p=1$MDEyMzQ1Njc4OWFiY2RlZg$"))
    }

    @Test(
        arguments: [
            ("$scrypt$ln=4,r=8$tNZ6j5ESQqj1vreWkpJyLg$WR47iSZbsueBLXtaRESgsvyTML+TThbv7rvE3BvcxpE", "p must be"),
            ("$scrypt$ln=0,r=8,p=1$tNZ6j5ESQqj1vreWkpJyLg$WR47iSZbsueBLXtaRESgsvyTML+TThbv7rvE3BvcxpE", "ln must be"),
            ("$scrypt$n=1000,r=8,p=1$tNZ6j5ESQqj1vreWkpJyLg$WR47iSZbsueBLXtaRESgsvyTML+TThbv7rvE3BvcxpE", "a power of"),
            ("$scrypt$ln=4,n=16,r=8,p=1$tNZ6j5ESQqj1vreWkpJyLg$WR47iSZbsueBLXtaRESgsvyTML", "exactly one of ln and n"),
            ("$scrypt$ln=17,r=1,p=1$tNZ6j5ESQqj1vreWkpJyLg$WR47iSZbsueBLXtaRESgsvyTML+TThbv7rvE3BvcxpE", "2^(16·r)"),
            ("$scrypt$ln=21,r=8,p=1$tNZ6j5ESQqj1vreWkpJyLg$WR47iSZbsueBLXtaRESgsvyTML+TThbv7rvE3BvcxpE", "1 GiB"),
            ("$scrypt$ln=4,r=8,p=1$tNZ6j5ESQqj1vreWkpJyLg$WR47iSZ", "the hash must be 8 to 512 bytes"),
            ("$scrypt$ln=4,r=8,p=1$$WR47iSZbsueBLXtaRESgsvyTML+TThbv7rvE3BvcxpE", "the salt must be"),
            ("$scrypt$ln=4,r=8,p=1$tNZ6j5ESQqj1vreWkpJyLg", "expected $scrypt$ln="),
            ("scrypt:ln=4,r=8,p=1", "expected $scrypt$ln="),
        ]
    )
    func importHash_RefusesMalformedScryptWithAReason(hash: String, reason: String) {
        #expect {
            try PasswordHasher.importHash(hash, type: .scrypt, saltPosition: nil)
        } throws: { error in
            isRefusal(error, of: .scrypt, mentioning: reason)
        }
    }
}

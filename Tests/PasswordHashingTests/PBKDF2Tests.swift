// workos-emulator — PasswordHashing tests.
// Licensed under the MIT License.

import Testing

@testable import PasswordHashing

@Suite struct PBKDF2Tests {
    @Test func derive_MatchesRFC6070() {
        // RFC 6070 §2: PBKDF2-HMAC-SHA1("password", "salt", c, 20) for c = 1, 2 and 4096.
        let password = Array("password".utf8)
        let salt = Array("salt".utf8)
        let expected = [
            1: "0c60c80f961f0e71f3a9b524af6012062fe037a6",
            2: "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957",
            4096: "4b007901b765489abead49d926f721d065a429c1",
        ]
        for (iterations, value) in expected {
            let key = PBKDF2.derive(password: password, salt: salt, digest: .sha1, iterations: iterations, length: 20)
            #expect(key.map(hex) == value)
        }
    }

    /// passlib 1.7.4 hashes (`pbkdf2_sha1`, `pbkdf2_sha256`, `pbkdf2_sha512`, adapted base64 with `.`), and hashes
    /// built with Python's hashlib.pbkdf2_hmac in the PHC, Django and Werkzeug layouts.
    static let vectors: [(password: String, hash: String, stored: String)] = [
        (
            "password", "$pbkdf2$1000$/X/v3fufU.p9730vxZgT4g$rFiareWXq9PiToJDK8yK4zSudws",
            "$pbkdf2-sha1$i=1000,l=20$/X/v3fufU+p9730vxZgT4g$rFiareWXq9PiToJDK8yK4zSudws"
        ),
        (
            "pässwörd 🔑", "$pbkdf2-sha256$1200$7T2HEMK4t5byHqM0BuD8Pw$NKh7249DXeBT9iiNC2wJ30cHZVA3eH4m35c0PjOnTCU",
            "$pbkdf2-sha256$i=1200,l=32$7T2HEMK4t5byHqM0BuD8Pw$NKh7249DXeBT9iiNC2wJ30cHZVA3eH4m35c0PjOnTCU"
        ),
        (
            "hunter2",
            "$pbkdf2-sha512$1000$2puz1trbuxcCoDRGCCGkNA$0KuhXP0nUm98GEZdLpDWWEdWUQZ7ols/dEXXKgVu69T4v6LRnBl02.zL2U"
                + "kJ20U8zlVwMHnlHEHPMjaDZNyKuA",
            "$pbkdf2-sha512$i=1000,l=64$2puz1trbuxcCoDRGCCGkNA$0KuhXP0nUm98GEZdLpDWWEdWUQZ7ols/dEXXKgVu69T4v6LRnBl02+z"
                + "L2UkJ20U8zlVwMHnlHEHPMjaDZNyKuA"
        ),
        (
            "password", "$pbkdf2-sha256$i=2000,l=32$KSBCVS+/O7NMUwvUZ1ISkA$q8hvOD6Pb0N2l2pjv1hkR2lMuoqK6A2mnxJZCL2/n3c",
            "$pbkdf2-sha256$i=2000,l=32$KSBCVS+/O7NMUwvUZ1ISkA$q8hvOD6Pb0N2l2pjv1hkR2lMuoqK6A2mnxJZCL2/n3c"
        ),
        (
            "password",
            "$pbkdf2-sha512$i=1500$KSBCVS+/O7NMUwvUZ1ISkA$FMGMIui0o1RCBPRkOsXY23r0Up0GXLiyrEsz7tTHvnq0aI5TPI1Q4+c"
                + "K5JdfIBx4y8MkRNIzvspg77jGaoEY1w",
            "$pbkdf2-sha512$i=1500,l=64$KSBCVS+/O7NMUwvUZ1ISkA$FMGMIui0o1RCBPRkOsXY23r0Up0GXLiyrEsz7tTHvnq0aI5TPI"
                + "1Q4+cK5JdfIBx4y8MkRNIzvspg77jGaoEY1w"
        ),
        (
            "password", "pbkdf2_sha256$3000$seasalt123XYZ$57aFw2wybPIZ2f0MGsWSJmjdfgFjcNJfS0vTm9t751w=",
            "$pbkdf2-sha256$i=3000,l=32$c2Vhc2FsdDEyM1hZWg$57aFw2wybPIZ2f0MGsWSJmjdfgFjcNJfS0vTm9t751w"
        ),
        (
            "password",
            "pbkdf2:sha256:2500$Zx9kQ2LmNpRs$79706125b76445cb527d3adecca79db6fdfb5c6b7704872fceec88999fea63e0",
            "$pbkdf2-sha256$i=2500,l=32$Wng5a1EyTG1OcFJz$eXBhJbdkRctSfTrezKedtv37XGt3BIcvzuyImZ/qY+A"
        ),
    ]

    @Test(arguments: Self.vectors)
    func importedPBKDF2_IsStoredCanonicallyAndVerifiesOnlyTheRightPassword(
        password: String,
        hash: String,
        stored: String
    ) throws {
        let imported = try PasswordHasher.importHash(hash, type: .pbkdf2, saltPosition: nil)
        #expect(imported == stored)
        #expect(PasswordHasher.verify(password, against: imported))
        #expect(!PasswordHasher.verify(password + "x", against: imported))
    }

    @Test(
        arguments: [
            ("$pbkdf2-md5$1000$/X/v3fufU.p9730vxZgT4g$rFiareWXq9PiToJDK8yK4zSudws", "pbkdf2-sha1, pbkdf2-sha256"),
            ("$pbkdf2-sha256$i=0$/X/v3fufU.p9730vxZgT4g$rFiareWXq9PiToJDK8yK4zSudws", "between 1 and 10000000"),
            ("$pbkdf2-sha256$i=20000000$/X/v3fufU.p9730vxZgT4g$rFiareWXq9PiToJDK8yK4zSudws", "between 1 and 10000000"),
            ("$pbkdf2-sha256$i=1000,l=32$/X/v3fufU.p9730vxZgT4g$rFiareWXq9PiToJDK8yK4zSudws", "l does not match"),
            ("$pbkdf2-sha256$i=1000,x=1$/X/v3fufU.p9730vxZgT4g$rFiareWXq9PiToJDK8yK4zSudws", "expected $pbkdf2-sha256"),
            ("$pbkdf2-sha256$i=1000$/X/v3fufU.p9730vxZgT4g$rFia", "the hash must be 8 to 512 bytes"),
            ("$pbkdf2-sha256$i=1000$!!$rFiareWXq9PiToJDK8yK4zSudws", "the salt must be base64"),
            ("pbkdf2_md5$3000$salt$57aFw2wybPIZ2f0MGsWSJmjdfgFjcNJfS0vTm9t751w=", "pbkdf2_sha1, pbkdf2_sha256"),
            ("pbkdf2_sha256$3000$salt", "expected pbkdf2_sha256$"),
            ("pbkdf2:sha256:2500$salt$zz706125b76445cb527d3adecca79db6", "hexadecimal"),
            ("pbkdf2:sha256$salt$79706125b76445cb527d3adecca79db6", "expected pbkdf2:sha256:"),
            ("sha256$1000$salt$hash", "expected $pbkdf2-sha256"),
        ]
    )
    func importHash_RefusesMalformedPBKDF2WithAReason(hash: String, reason: String) {
        #expect {
            try PasswordHasher.importHash(hash, type: .pbkdf2, saltPosition: nil)
        } throws: { error in
            isRefusal(error, of: .pbkdf2, mentioning: reason)
        }
    }
}

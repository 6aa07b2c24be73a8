// workos-emulator — PasswordHashing tests.
// Licensed under the MIT License.

import Testing

@testable import PasswordHashing

@Suite struct SaltedSHATests {
    /// Built with Python's hashlib as base64(digest + salt), the layout WorkOS's guide gives for `ssha`.
    static let vectors: [(password: String, hash: String, type: PasswordHashType, position: SaltPosition?)] = [
        ("password", "{SSHA}N+vXsN2ny8mTqd6ZYuHcJVHvE00BAgMEBQYHCA==", .ssha, nil),
        ("password", "{SSHA}N+vXsN2ny8mTqd6ZYuHcJVHvE00BAgMEBQYHCA==", .ssha, .suffix),
        ("pässwörd 🔑", "nL10lXubpQLVLi92kH00L166j9pzYWx0", .ssha, .prefix),
        ("password", "{SSHA256}xyCUWbqOKc6i7vV04Fy5jObr6K6sczs9DrSxdWeg9L6mKfaSOs8497Rn5IykBOaE", .ssha256, .suffix),
        ("password", "{ssha256}CL6hRWfDZD+a+njITmMJ+u01c7mCCr0lv8ZYfOGZZXn6/tC3JJFbjg==", .ssha256, .prefix),
    ]

    @Test(arguments: Self.vectors)
    func importedSaltedSHA_VerifiesTheRightPasswordAndRejectsAWrongOne(
        password: String,
        hash: String,
        type: PasswordHashType,
        position: SaltPosition?
    ) throws {
        let stored = try PasswordHasher.importHash(hash, type: type, saltPosition: position)
        #expect(stored.hasPrefix("$\(type.rawValue)$pos=\((position ?? .suffix).rawValue)$"))
        #expect(PasswordHasher.verify(password, against: stored))
        #expect(!PasswordHasher.verify(password + "x", against: stored))
    }

    @Test func verify_FailsWhenTheSaltPositionIsWrong() throws {
        let suffix = try PasswordHasher.importHash(Self.vectors[3].hash, type: .ssha256, saltPosition: .prefix)
        #expect(!PasswordHasher.verify("password", against: suffix))
        let prefix = try PasswordHasher.importHash(Self.vectors[4].hash, type: .ssha256, saltPosition: nil)
        #expect(!PasswordHasher.verify("password", against: prefix))
    }

    @Test func importHash_StoresTheSaltAndDigestSeparately() throws {
        let stored = try PasswordHasher.importHash(Self.vectors[0].hash, type: .ssha, saltPosition: nil)
        #expect(stored == "$ssha$pos=suffix$AQIDBAUGBwg$N+vXsN2ny8mTqd6ZYuHcJVHvE00")
    }

    @Test(
        arguments: [
            (
                "{SSHA256}xyCUWbqOKc6i7vV04Fy5jObr6K6sczs9DrSxdWeg9L6mKfaSOs8497Rn5IykBOaE", PasswordHashType.ssha,
                "{SSHA}"
            ),
            ("{SSHA}N+vXsN2ny8mTqd6ZYuHcJVHvE00BAgMEBQYHCA==", .ssha256, "{SSHA256}"),
            ("{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", .ssha, "{SSHA}"),
            ("{SSHA}N+vXsN2ny8mTqd6ZYuHcJVHvE00=", .ssha, "1 to 1024 bytes of salt"),
            ("{SSHA N+vXsN2ny8mTqd6ZYuHcJVHvE00BAgMEBQYHCA==", .ssha, "not closed"),
            ("{SSHA}N+vXsN2ny8mTqd6ZYuHcJVHvE00B*gMEBQYHCA==", .ssha, "followed by base64"),
        ]
    )
    func importHash_RefusesMalformedSaltedSHAWithAReason(hash: String, type: PasswordHashType, reason: String) {
        #expect {
            try PasswordHasher.importHash(hash, type: type, saltPosition: nil)
        } throws: { error in
            isRefusal(error, of: type, mentioning: reason)
        }
    }
}

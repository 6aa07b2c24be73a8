// workos-emulator — timestamps, ids and domain names.
// Licensed MIT.

import SQLite
import Testing
@testable import WorkOSAPI

@Suite struct SupportTests {
    @Test func timestamp_FormatsWithExactlyThreeFractionalDigits() {
        #expect(Timestamp(milliseconds: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(milliseconds: 1_768_478_400_007).iso8601 == "2026-01-15T12:00:00.007Z")
        #expect(Timestamp(milliseconds: 951_782_400_000).iso8601 == "2000-02-29T00:00:00.000Z")
    }

    @Test func timestamp_ParsesISO8601VariantsAndRejectsGarbage() {
        #expect(Timestamp(iso8601: "2026-01-15T12:00:00.007Z")?.milliseconds == 1_768_478_400_007)
        #expect(Timestamp(iso8601: "2026-01-15T12:00:00Z")?.milliseconds == 1_768_478_400_000)
        #expect(Timestamp(iso8601: "2026-01-15T13:00:00+01:00")?.milliseconds == 1_768_478_400_000)
        #expect(Timestamp(iso8601: "2026-01-15T12:00:00.123456Z")?.milliseconds == 1_768_478_400_123)
        #expect(Timestamp(iso8601: "2026-01-15")?.milliseconds == 1_768_435_200_000)
        for bad in ["", "yesterday", "2026-13-01", "2026-02-30", "2026-01-15T25:00:00Z", "2026-01-15T12:00:00Zjunk"] {
            #expect(Timestamp(iso8601: bad) == nil, "\(bad)")
        }
    }

    @Test func ids_AreULIDsStrictlyIncreasingWithinOneMillisecond() {
        struct FrozenClock: EmulatorClock {
            func now() -> Timestamp { Timestamp(milliseconds: 1_768_478_400_000) }
        }
        let ids = IDGenerator(clock: FrozenClock())
        let made = (0..<1000).map { _ in ids.make(.organization) }
        #expect(made.allSatisfy { $0.hasPrefix("org_") && $0.count == 30 })
        #expect(made == made.sorted())
        #expect(Set(made).count == made.count)
        let alphabet = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        #expect(made.allSatisfy { $0.dropFirst(4).allSatisfy(alphabet.contains) })
        #expect(made[0].dropFirst(4).prefix(10) == "01KF0RDQG0")  // 48-bit time part of 2026-01-15T12:00Z
    }

    @Test func unorderedIDs_ShareTheULIDFormatAndTimePrefix_AndDoNotRepeat() {
        struct FrozenClock: EmulatorClock {
            func now() -> Timestamp { Timestamp(milliseconds: 1_768_478_400_000) }
        }
        let ids = IDGenerator(clock: FrozenClock())
        let made = (0..<1000).map { _ in ids.makeUnordered(.request) }
        let alphabet = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        #expect(made.allSatisfy { $0.hasPrefix("req_") && $0.count == 30 })
        #expect(made.allSatisfy { $0.dropFirst(4).prefix(10) == "01KF0RDQG0" })
        #expect(made.allSatisfy { $0.dropFirst(4).allSatisfy(alphabet.contains) })
        #expect(Set(made).count == made.count)
    }

    @Test func domainNames_AreLowercasedAndChecked() {
        #expect(DomainName.normalized(" Example.COM ") == "example.com")
        for bad in ["", "localhost", "exa mple.com", "-a.com", "a-.com", "a..com", "é.com"] {
            #expect(DomainName.normalized(bad) == nil, "\(bad)")
        }
    }

    @Test func keyRing_FindsOnlyTheExactKey_AndRepointsAReaddedKey() {
        let ring = KeyRing()
        let row = SQLite.Row(
            columnNames: ["id", "name", "client_id", "is_default", "created_at"],
            values: [.text("env_1"), .text("One"), .text("client_1"), .integer(0), .text("2026-01-15T12:00:00.000Z")]
        )
        let one = Environment(row: row)
        var two = one
        two.id = "env_2"
        ring.add("sk_test_one", for: one)
        #expect(ring.environment(forKey: "sk_test_one")?.id == "env_1")
        for wrong in ["", "sk_test_on", "sk_test_one ", "sk_test_onf", "SK_TEST_ONE"] {
            #expect(ring.environment(forKey: wrong) == nil, "\(wrong)")
        }
        ring.add("sk_test_one", for: two)
        #expect(ring.environment(forKey: "sk_test_one")?.id == "env_2")
    }

    @Test func constantTimeComparison_MatchesOnlyEqualKeys() {
        #expect(KeyRing.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!KeyRing.constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!KeyRing.constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!KeyRing.constantTimeEquals([], Array("a".utf8)))
    }
}

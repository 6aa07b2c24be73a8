// workos-emulator — instants in time and their WorkOS wire form.
// Licensed MIT.

/// An instant, in whole milliseconds since the Unix epoch (WorkOS timestamps have millisecond precision).
public struct Timestamp: Sendable, Hashable, Comparable {
    /// Milliseconds since 1970-01-01T00:00:00.000Z.
    public var milliseconds: Int64

    /// Wraps a count of milliseconds since the epoch.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Orders instants in time.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }

    /// This instant moved by a number of seconds.
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(milliseconds: self.milliseconds + seconds * 1000)
    }

    /// Whole seconds since the epoch (JWT `iat`/`exp`, `oauth_tokens.expires_at`).
    public var unixSeconds: Int64 {
        self.milliseconds >= 0 ? self.milliseconds / 1000 : (self.milliseconds - 999) / 1000
    }

    /// ISO 8601 UTC with exactly three fractional digits and `Z`, as WorkOS sends them
    /// ("2026-01-15T12:00:00.000Z"; catalog-A §1.10 — Python 3.10 only parses 0, 3 or 6 digits).
    public var iso8601: String {
        var days = self.milliseconds / 86_400_000
        var msOfDay = self.milliseconds % 86_400_000
        if msOfDay < 0 {
            msOfDay += 86_400_000
            days -= 1
        }
        let (year, month, day) = Self.civil(fromDays: days)
        let hour = msOfDay / 3_600_000
        let minute = msOfDay / 60_000 % 60
        let second = msOfDay / 1000 % 60
        let millis = msOfDay % 1000
        var out = ""
        out.reserveCapacity(24)
        Self.append(year, width: 4, to: &out)
        out += "-"
        Self.append(month, width: 2, to: &out)
        out += "-"
        Self.append(day, width: 2, to: &out)
        out += "T"
        Self.append(hour, width: 2, to: &out)
        out += ":"
        Self.append(minute, width: 2, to: &out)
        out += ":"
        Self.append(second, width: 2, to: &out)
        out += "."
        Self.append(millis, width: 3, to: &out)
        out += "Z"
        return out
    }

    /// Parses an ISO 8601 / RFC 3339 date-time: `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.fraction]]`
    /// and a zone (`Z` or `±HH:MM`; none means UTC). Fractions beyond milliseconds are truncated. Nil when malformed.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + width] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            index += width
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2),
            (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var msOfDay: Int64 = 0
        var offsetMinutes: Int64 = 0
        if index < bytes.count {
            guard expect(0x54) || expect(0x74) || expect(0x20) else { return nil }  // 'T', 't' or ' '
            guard let hour = number(2), expect(0x3A), let minute = number(2), hour < 24, minute < 60 else { return nil }
            var second: Int64 = 0
            var millis: Int64 = 0
            if expect(0x3A) {
                guard let s = number(2), s < 61 else { return nil }
                second = min(s, 59)
                if expect(0x2E) {
                    var digits = 0
                    while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                        if digits < 3 { millis = millis * 10 + Int64(bytes[index] - 0x30) }
                        digits += 1
                        index += 1
                    }
                    guard digits > 0 else { return nil }
                    for _ in digits..<max(digits, 3) { millis *= 10 }
                }
            }
            msOfDay = ((hour * 60 + minute) * 60 + second) * 1000 + millis
            if expect(0x5A) || expect(0x7A) {  // 'Z'
            } else if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
                let sign: Int64 = bytes[index] == 0x2D ? -1 : 1
                index += 1
                guard let oh = number(2) else { return nil }
                _ = expect(0x3A)  // "+01:00" and "+0100" are both ISO 8601
                guard let om = number(2), oh < 24, om < 60 else { return nil }
                offsetMinutes = sign * (oh * 60 + om)
            }
        }
        guard index == bytes.count else { return nil }
        let days = Self.days(fromCivil: year, month, day)
        self.milliseconds = days * 86_400_000 + msOfDay - offsetMinutes * 60_000
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days (http://howardhinnant.github.io/date_algorithms.html).
    private static func days(fromCivil y: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let year = m <= 2 ? y - 1 : y
        let era = (year >= 0 ? year : year - 399) / 400
        let yoe = year - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
    }

    private static func append(_ value: Int64, width: Int, to out: inout String) {
        let digits = String(value)
        if digits.count < width { out += String(repeating: "0", count: width - digits.count) }
        out += digits
    }
}

// workos-emulator: a strict RFC 8259 parser (https://www.rfc-editor.org/rfc/rfc8259) over contiguous bytes.
// Hot path of every request body: one pass, no Foundation, strings sliced straight out of the input.

/// A recursive-descent parser over one contiguous UTF-8 buffer; one instance parses one document.
struct JSONParser {
    /// Containers nested deeper than this are rejected, so hostile input cannot exhaust the stack (RFC 8259 §9
    /// lets a parser limit nesting depth).
    static let maximumDepth = 256

    /// Exact powers of ten as doubles: 10^22 is the largest that a double holds exactly.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The whole document.
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    private var offset = 0
    /// How many arrays and objects enclose the value being parsed.
    private var depth = 0
    /// Unescaped bytes of the string being parsed, reused across strings that contain escapes.
    private var scratch: [UInt8] = []

    /// A parser at the start of `bytes`.
    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses `bytes` as one whole JSON text.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSON, JSONParseError> {
        var parser = JSONParser(bytes: bytes)
        do throws(JSONParseError) {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }

    // MARK: - Structure

    /// RFC 8259 §2: `JSON-text = ws value ws`, and nothing else.
    private mutating func parseDocument() throws(JSONParseError) -> JSON {
        let value = try self.parseValue()
        self.skipWhitespace()
        guard self.offset == self.bytes.count else {
            throw self.unexpectedByte(expecting: "end of input after the value")
        }
        return value
    }

    /// RFC 8259 §2: `ws = *( %x20 / %x09 / %x0A / %x0D )`: space, tab, line feed, carriage return.
    private mutating func skipWhitespace() {
        while self.offset < self.bytes.count {
            switch self.bytes[self.offset] {
            case 0x20, 0x09, 0x0A, 0x0D: self.offset += 1
            default: return
            }
        }
    }

    /// RFC 8259 §3: `value = false / null / true / object / array / number / string`, after optional whitespace.
    private mutating func parseValue() throws(JSONParseError) -> JSON {
        self.skipWhitespace()
        guard self.offset < self.bytes.count else {
            throw self.error("unexpected end of input")
        }
        switch self.bytes[self.offset] {
        case UInt8(ascii: "{"):
            return try self.parseObject()
        case UInt8(ascii: "["):
            return try self.parseArray()
        case UInt8(ascii: "\""):
            return .string(try self.parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try self.parseNumber()
        // RFC 8259 §3: the literal names MUST be lowercase.
        case UInt8(ascii: "t"):
            try self.expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try self.expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try self.expectLiteral("null")
            return .null
        default:
            throw self.unexpectedByte(expecting: "a value")
        }
    }

    /// Consumes `literal` (`true`, `false` or `null`) exactly.
    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for expectedByte in expected {
            guard self.offset < self.bytes.count else {
                throw self.error("unexpected end of input in '\(literal)'")
            }
            guard self.bytes[self.offset] == expectedByte else {
                throw self.unexpectedByte(expecting: "'\(literal)'")
            }
            self.offset += 1
        }
    }

    /// RFC 8259 §4: `object = begin-object [ member *( value-separator member ) ] end-object`,
    /// `member = string name-separator value`.
    private mutating func parseObject() throws(JSONParseError) -> JSON {
        try self.enterContainer()
        self.offset += 1  // "{"
        var object = JSONObject()
        self.skipWhitespace()
        if self.offset < self.bytes.count, self.bytes[self.offset] == UInt8(ascii: "}") {
            self.offset += 1
            self.depth -= 1
            return .object(object)
        }
        while true {
            guard self.offset < self.bytes.count else {
                throw self.error("unterminated object")
            }
            guard self.bytes[self.offset] == UInt8(ascii: "\"") else {
                throw self.unexpectedByte(expecting: "a string key")
            }
            let key = try self.parseString()
            self.skipWhitespace()
            guard self.offset < self.bytes.count else {
                throw self.error("unterminated object")
            }
            guard self.bytes[self.offset] == UInt8(ascii: ":") else {
                throw self.unexpectedByte(expecting: "':'")
            }
            self.offset += 1
            let value = try self.parseValue()
            // RFC 8259 §4: names SHOULD be unique; for a repeated name the last value wins, at the first position.
            object[key] = value
            self.skipWhitespace()
            guard self.offset < self.bytes.count else {
                throw self.error("unterminated object")
            }
            switch self.bytes[self.offset] {
            case UInt8(ascii: ","):
                self.offset += 1
                self.skipWhitespace()
                // RFC 8259 §4: a value-separator is always followed by another member.
                if self.offset < self.bytes.count, self.bytes[self.offset] == UInt8(ascii: "}") {
                    throw self.error("trailing comma")
                }
            case UInt8(ascii: "}"):
                self.offset += 1
                self.depth -= 1
                return .object(object)
            default:
                throw self.unexpectedByte(expecting: "',' or '}'")
            }
        }
    }

    /// RFC 8259 §5: `array = begin-array [ value *( value-separator value ) ] end-array`.
    private mutating func parseArray() throws(JSONParseError) -> JSON {
        try self.enterContainer()
        self.offset += 1  // "["
        var elements: [JSON] = []
        self.skipWhitespace()
        if self.offset < self.bytes.count, self.bytes[self.offset] == UInt8(ascii: "]") {
            self.offset += 1
            self.depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try self.parseValue())
            self.skipWhitespace()
            guard self.offset < self.bytes.count else {
                throw self.error("unterminated array")
            }
            switch self.bytes[self.offset] {
            case UInt8(ascii: ","):
                self.offset += 1
                self.skipWhitespace()
                // RFC 8259 §5: a value-separator is always followed by another value.
                if self.offset < self.bytes.count, self.bytes[self.offset] == UInt8(ascii: "]") {
                    throw self.error("trailing comma")
                }
            case UInt8(ascii: "]"):
                self.offset += 1
                self.depth -= 1
                return .array(elements)
            default:
                throw self.unexpectedByte(expecting: "',' or ']'")
            }
        }
    }

    /// Counts one more level of nesting at the opening bracket, refusing to go past `maximumDepth`.
    private mutating func enterContainer() throws(JSONParseError) {
        self.depth += 1
        guard self.depth <= Self.maximumDepth else {
            throw self.error("nesting deeper than \(Self.maximumDepth) levels")
        }
    }

    // MARK: - Numbers

    /// RFC 8259 §6: `number = [ minus ] int [ frac ] [ exp ]`; integers that fit become `.int`, others `.double`.
    private mutating func parseNumber() throws(JSONParseError) -> JSON {
        let start = self.offset
        let isNegative = self.bytes[self.offset] == UInt8(ascii: "-")
        if isNegative {
            self.offset += 1
        }
        // Up to 19 significant decimal digits always fit in a UInt64 (10^19 < 2^64).
        var significand: UInt64 = 0
        var significantDigits = 0
        var isTruncated = false
        var decimalShift = 0

        // RFC 8259 §6: `int = zero / ( digit1-9 *DIGIT )`: leading zeros are not allowed.
        let first: UInt8 = self.offset < self.bytes.count ? self.bytes[self.offset] : 0
        if first == UInt8(ascii: "0") {
            self.offset += 1
            if self.offset < self.bytes.count, Self.isDigit(self.bytes[self.offset]) {
                throw self.error("leading zeros are not allowed", at: self.offset - 1)
            }
        } else if Self.isDigit(first) {
            while self.offset < self.bytes.count, Self.isDigit(self.bytes[self.offset]) {
                if significantDigits < 19 {
                    significand = significand &* 10 &+ UInt64(self.bytes[self.offset] &- UInt8(ascii: "0"))
                    significantDigits += 1
                } else {
                    isTruncated = isTruncated || self.bytes[self.offset] != UInt8(ascii: "0")
                    decimalShift += 1
                }
                self.offset += 1
            }
        } else {
            throw self.unexpectedByte(expecting: "a digit after '-'")
        }
        var isInteger = true

        // RFC 8259 §6: `frac = decimal-point 1*DIGIT`.
        if self.offset < self.bytes.count, self.bytes[self.offset] == UInt8(ascii: ".") {
            isInteger = false
            self.offset += 1
            guard self.offset < self.bytes.count, Self.isDigit(self.bytes[self.offset]) else {
                throw self.unexpectedByte(expecting: "a digit after '.'")
            }
            while self.offset < self.bytes.count, Self.isDigit(self.bytes[self.offset]) {
                let digit = self.bytes[self.offset] &- UInt8(ascii: "0")
                if significantDigits < 19 {
                    significand = significand &* 10 &+ UInt64(digit)
                    // Zeros before the first nonzero digit only move the decimal point.
                    if significand != 0 {
                        significantDigits += 1
                    }
                    decimalShift -= 1
                } else {
                    isTruncated = isTruncated || digit != 0
                }
                self.offset += 1
            }
        }

        // RFC 8259 §6: `exp = e [ minus / plus ] 1*DIGIT`, with `e` in either case.
        var exponent = 0
        if self.offset < self.bytes.count, self.bytes[self.offset] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            self.offset += 1
            var isExponentNegative = false
            if self.offset < self.bytes.count {
                let sign = self.bytes[self.offset]
                if sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                    isExponentNegative = sign == UInt8(ascii: "-")
                    self.offset += 1
                }
            }
            guard self.offset < self.bytes.count, Self.isDigit(self.bytes[self.offset]) else {
                throw self.unexpectedByte(expecting: "a digit in the exponent")
            }
            while self.offset < self.bytes.count, Self.isDigit(self.bytes[self.offset]) {
                // Saturate: anything past 10^6 is out of range (or zero) for every significand we accept.
                if exponent < 1_000_000 {
                    exponent = exponent * 10 + Int(self.bytes[self.offset] &- UInt8(ascii: "0"))
                }
                self.offset += 1
            }
            if isExponentNegative {
                exponent = -exponent
            }
        }

        if isInteger && decimalShift == 0 {
            // At most 19 digits were read, so `significand` is exact; it is an Int if within Int's range.
            if isNegative, significand <= UInt64(Int.max) + 1 {
                return .int(Int(truncatingIfNeeded: 0 &- significand))
            } else if !isNegative, significand <= UInt64(Int.max) {
                return .int(Int(significand))
            }
        }

        // Clinger's fast path: a significand below 2^53 and a power of ten up to 10^22 are both exact doubles,
        // so one multiplication or division rounds correctly.
        let power = decimalShift + exponent
        if !isTruncated, significand <= 1 << 53, power >= -22, power <= 22 {
            var value = Double(significand)
            if power < 0 {
                value /= Self.exactPowersOfTen[-power]
            } else {
                value *= Self.exactPowersOfTen[power]
            }
            return .double(isNegative ? -value : value)
        }
        if significand == 0 && !isTruncated {
            return .double(isNegative ? -0.0 : 0.0)
        }

        // Everything else goes through the standard library's correctly rounded conversion.
        let text = Substring(decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.offset]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            // RFC 8259 §6: implementations may set limits on the range of numbers; ours is Double's.
            throw self.error("number out of range", at: start)
        }
        return .double(value)
    }

    /// Whether `byte` is an ASCII digit (RFC 8259 §6 `DIGIT`).
    private static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    // MARK: - Strings

    /// RFC 8259 §7: `string = quotation-mark *char quotation-mark`; unescaped runs are sliced straight from the input.
    private mutating func parseString() throws(JSONParseError) -> String {
        self.offset += 1  // opening quotation mark
        let start = self.offset
        while true {
            self.offset = ByteScanner.skipPlainASCIIWords(in: self.bytes, from: self.offset)
            guard self.offset < self.bytes.count else { break }
            let byte = self.bytes[self.offset]
            if byte == UInt8(ascii: "\"") {
                let string = String(
                    decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.offset]),
                    as: UTF8.self
                )
                self.offset += 1
                return string
            } else if byte == UInt8(ascii: "\\") {
                return try self.parseEscapedString(from: start)
            } else if byte < 0x20 {
                // RFC 8259 §7: control characters U+0000 through U+001F MUST be escaped.
                throw self.error("unescaped control character in string")
            } else if byte < 0x80 {
                self.offset += 1
            } else {
                self.offset += try self.validUTF8SequenceLength()
            }
        }
        throw self.error("unterminated string")
    }

    /// The rest of a string that contains escapes, from its first backslash at `offset`; `start` is its first byte.
    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        self.scratch.removeAll(keepingCapacity: true)
        var runStart = start
        while true {
            self.offset = ByteScanner.skipPlainASCIIWords(in: self.bytes, from: self.offset)
            guard self.offset < self.bytes.count else { break }
            let byte = self.bytes[self.offset]
            if byte == UInt8(ascii: "\"") {
                self.scratch.append(contentsOf: UnsafeBufferPointer(rebasing: self.bytes[runStart..<self.offset]))
                self.offset += 1
                return String(decoding: self.scratch, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                self.scratch.append(contentsOf: UnsafeBufferPointer(rebasing: self.bytes[runStart..<self.offset]))
                try self.parseEscape()
                runStart = self.offset
            } else if byte < 0x20 {
                throw self.error("unescaped control character in string")
            } else if byte < 0x80 {
                self.offset += 1
            } else {
                self.offset += try self.validUTF8SequenceLength()
            }
        }
        throw self.error("unterminated string")
    }

    /// RFC 8259 §7: one escape sequence at `offset` (a backslash), appended unescaped to `scratch`.
    private mutating func parseEscape() throws(JSONParseError) {
        let escapeStart = self.offset
        guard self.offset + 1 < self.bytes.count else {
            throw self.error("unterminated string", at: self.bytes.count)
        }
        let kind = self.bytes[self.offset + 1]
        self.offset += 2
        switch kind {
        case UInt8(ascii: "\""): self.scratch.append(0x22)
        case UInt8(ascii: "\\"): self.scratch.append(0x5C)
        case UInt8(ascii: "/"): self.scratch.append(0x2F)
        case UInt8(ascii: "b"): self.scratch.append(0x08)
        case UInt8(ascii: "f"): self.scratch.append(0x0C)
        case UInt8(ascii: "n"): self.scratch.append(0x0A)
        case UInt8(ascii: "r"): self.scratch.append(0x0D)
        case UInt8(ascii: "t"): self.scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try self.readHexQuad()
            switch unit {
            case 0xD800...0xDBFF:
                // RFC 8259 §7: a character outside the Basic Multilingual Plane is escaped as a UTF-16
                // surrogate pair, e.g. "\uD834\uDD1E"; a high surrogate must be followed by a low one.
                guard self.offset + 1 < self.bytes.count, self.bytes[self.offset] == UInt8(ascii: "\\"),
                    self.bytes[self.offset + 1] == UInt8(ascii: "u")
                else {
                    throw self.error("lone surrogate in \\u escape", at: escapeStart)
                }
                self.offset += 2
                let low = try self.readHexQuad()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw self.error("lone surrogate in \\u escape", at: escapeStart)
                }
                self.appendUTF8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            case 0xDC00...0xDFFF:
                throw self.error("lone surrogate in \\u escape", at: escapeStart)
            default:
                self.appendUTF8(unit)
            }
        default:
            throw self.error("invalid escape sequence", at: escapeStart)
        }
    }

    /// The four hex digits of a `\u` escape at `offset` (RFC 8259 §7: `%x75 4HEXDIG`, either case).
    private mutating func readHexQuad() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard self.offset < self.bytes.count else {
                throw self.error("unterminated string")
            }
            let byte = self.bytes[self.offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw self.unexpectedByte(expecting: "a hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            self.offset += 1
        }
        return value
    }

    /// Appends the UTF-8 encoding of a Unicode scalar value (never a surrogate) to `scratch`.
    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            self.scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            self.scratch.append(UInt8(0xC0 | scalar >> 6))
            self.scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            self.scratch.append(UInt8(0xE0 | scalar >> 12))
            self.scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            self.scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            self.scratch.append(UInt8(0xF0 | scalar >> 18))
            self.scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            self.scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            self.scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// RFC 8259 §8.1: JSON text MUST be UTF-8. Checks the multi-byte sequence at `offset` against the
    /// well-formed sequences of Unicode Table 3-7 (no overlongs, no surrogates, nothing past U+10FFFF,
    /// nothing truncated) and returns its length.
    private func validUTF8SequenceLength() throws(JSONParseError) -> Int {
        let lead = self.bytes[self.offset]
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF:
            length = 2
        case 0xE0:
            length = 3
            secondLow = 0xA0  // E0 80–9F would be overlong
        case 0xE1...0xEC, 0xEE...0xEF:
            length = 3
        case 0xED:
            length = 3
            secondHigh = 0x9F  // ED A0–BF would encode the surrogates U+D800–U+DFFF
        case 0xF0:
            length = 4
            secondLow = 0x90  // F0 80–8F would be overlong
        case 0xF1...0xF3:
            length = 4
        case 0xF4:
            length = 4
            secondHigh = 0x8F  // F4 90–BF would be past U+10FFFF
        default:
            // 80–BF: a continuation byte without a lead; C0, C1: always overlong; F5–FF: never valid.
            throw self.error("invalid UTF-8")
        }
        guard self.offset + length <= self.bytes.count else {
            throw self.error("invalid UTF-8 (truncated sequence)")
        }
        let second = self.bytes[self.offset + 1]
        guard second >= secondLow, second <= secondHigh else {
            throw self.error("invalid UTF-8")
        }
        var position = self.offset + 2
        while position < self.offset + length {
            guard self.bytes[position] & 0xC0 == 0x80 else {
                throw self.error("invalid UTF-8")
            }
            position += 1
        }
        return length
    }

    // MARK: - Errors

    /// An error at `offset` (the current position unless given).
    private func error(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? self.offset, reason: reason)
    }

    /// An error for the byte at the current position, naming what was expected instead.
    private func unexpectedByte(expecting expected: String) -> JSONParseError {
        guard self.offset < self.bytes.count else {
            return self.error("unexpected end of input, expected \(expected)")
        }
        let byte = self.bytes[self.offset]
        let remaining = UnsafeBufferPointer(rebasing: self.bytes[self.offset...])
        if byte == UInt8(ascii: "/") {
            return self.error("comments are not allowed")
        }
        if remaining.starts(with: "NaN".utf8) || remaining.starts(with: "Infinity".utf8) {
            return self.error("NaN and Infinity are not allowed")
        }
        if (0x20...0x7E).contains(byte) {
            return self.error("unexpected character '\(Character(Unicode.Scalar(byte)))', expected \(expected)")
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return self.error("unexpected byte 0x\(byte < 0x10 ? "0" : "")\(hex), expected \(expected)")
    }
}

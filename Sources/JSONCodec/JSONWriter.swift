// workos-emulator: JSON text generation (RFC 8259), compact for the wire or indented for people.

/// Appends the JSON text of values to a byte buffer; `indent` nil means compact, otherwise spaces per level.
struct JSONWriter {
    /// Spaces per nesting level, or nil for compact output with no whitespace at all.
    let indent: Int?
    /// The text written so far.
    var output: [UInt8] = []

    /// A writer with an empty buffer.
    init(indent: Int?) {
        self.indent = indent
        self.output.reserveCapacity(256)
    }

    /// Appends `value` at nesting level `level`.
    mutating func write(_ value: JSON, level: Int = 0) {
        switch value {
        case .null:
            self.appendASCII("null")
        case .bool(let bool):
            self.appendASCII(bool ? "true" : "false")
        case .int(let int):
            self.writeInteger(int)
        case .double(let double):
            self.writeDouble(double)
        case .string(let string):
            self.writeString(string)
        case .array(let elements):
            self.writeArray(elements, level: level)
        case .object(let object):
            self.writeObject(object, level: level)
        }
    }

    /// RFC 8259 §5: elements separated by commas between brackets.
    private mutating func writeArray(_ elements: [JSON], level: Int) {
        self.output.append(UInt8(ascii: "["))
        if elements.isEmpty {
            self.output.append(UInt8(ascii: "]"))
            return
        }
        for (position, element) in elements.enumerated() {
            if position > 0 {
                self.output.append(UInt8(ascii: ","))
            }
            self.writeNewline(level: level + 1)
            self.write(element, level: level + 1)
        }
        self.writeNewline(level: level)
        self.output.append(UInt8(ascii: "]"))
    }

    /// RFC 8259 §4: `"name":value` members in insertion order between braces.
    private mutating func writeObject(_ object: JSONObject, level: Int) {
        self.output.append(UInt8(ascii: "{"))
        if object.isEmpty {
            self.output.append(UInt8(ascii: "}"))
            return
        }
        var isFirst = true
        for (key, value) in object {
            if !isFirst {
                self.output.append(UInt8(ascii: ","))
            }
            isFirst = false
            self.writeNewline(level: level + 1)
            self.writeString(key)
            self.output.append(UInt8(ascii: ":"))
            if self.indent != nil {
                self.output.append(UInt8(ascii: " "))
            }
            self.write(value, level: level + 1)
        }
        self.writeNewline(level: level)
        self.output.append(UInt8(ascii: "}"))
    }

    /// In pretty mode, a line break and the indentation for `level`; nothing in compact mode.
    private mutating func writeNewline(level: Int) {
        guard let indent = self.indent else { return }
        self.output.append(UInt8(ascii: "\n"))
        self.output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    /// RFC 8259 §6: an optional minus and decimal digits, written without going through `String`.
    private mutating func writeInteger(_ value: Int) {
        if value < 0 {
            self.output.append(UInt8(ascii: "-"))
        }
        var magnitude = value.magnitude
        let start = self.output.count
        repeat {
            self.output.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        self.output[start...].reverse()
    }

    /// RFC 8259 §6: Swift's shortest round-trip form (`1.5`, `1.0`, `1e+22`, `5e-324`) is valid JSON number
    /// syntax; NaN and the infinities are not numbers in JSON (§6: "not permitted"), so they become `null`.
    private mutating func writeDouble(_ value: Double) {
        guard value.isFinite else {
            self.appendASCII("null")
            return
        }
        self.output.append(contentsOf: value.description.utf8)
    }

    /// RFC 8259 §7: a quoted string escaping `"`, `\` and U+0000–U+001F; "/" and non-ASCII go out as is (UTF-8).
    private mutating func writeString(_ string: String) {
        self.output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            var position = 0
            while true {
                position = ByteScanner.skipPlainWords(in: utf8, from: position)
                guard position < utf8.count else { break }
                let byte = utf8[position]
                position += 1
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                self.output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<(position - 1)]))
                self.writeEscape(byte)
                runStart = position
            }
            self.output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        self.output.append(UInt8(ascii: "\""))
    }

    /// RFC 8259 §7: the two-character escapes where they exist, `\u00XX` for the other control characters.
    private mutating func writeEscape(_ byte: UInt8) {
        self.output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): self.output.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): self.output.append(UInt8(ascii: "\\"))
        case 0x0A: self.output.append(UInt8(ascii: "n"))
        case 0x0D: self.output.append(UInt8(ascii: "r"))
        case 0x09: self.output.append(UInt8(ascii: "t"))
        case 0x08: self.output.append(UInt8(ascii: "b"))
        case 0x0C: self.output.append(UInt8(ascii: "f"))
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            self.appendASCII("u00")
            self.output.append(hexDigits.utf8Start[Int(byte >> 4)])
            self.output.append(hexDigits.utf8Start[Int(byte & 0x0F)])
        }
    }

    /// Appends an ASCII literal.
    private mutating func appendASCII(_ text: StaticString) {
        self.output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

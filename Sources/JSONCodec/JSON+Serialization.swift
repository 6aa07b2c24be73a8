// workos-emulator: turning JSON values into text (see JSONWriter.swift).

extension JSON {
    /// Compact UTF-8 JSON text with no whitespace and object keys in insertion order.
    ///
    /// Strings escape `"`, `\` and control characters (`\n \r \t \b \f`, others `\u00XX`); "/" is not escaped and
    /// non-ASCII is written as UTF-8. Doubles use Swift's shortest round-trip form (`1.0` stays `1.0`); non-finite
    /// doubles are written as `null`.
    public func serialized() -> [UInt8] {
        var writer = JSONWriter(indent: nil)
        writer.write(self)
        return writer.output
    }

    /// The compact JSON text as a string (see ``serialized()``).
    public var serializedString: String {
        String(decoding: self.serialized(), as: UTF8.self)
    }

    /// Indented JSON text (two spaces per level, `"key": value`) for people, READMEs and debugging.
    public func prettyPrinted() -> String {
        var writer = JSONWriter(indent: 2)
        writer.write(self)
        return String(decoding: writer.output, as: UTF8.self)
    }
}

extension JSON: CustomStringConvertible {
    /// The compact JSON text, so test failures and logs show the value as it goes on the wire.
    public var description: String {
        self.serializedString
    }
}

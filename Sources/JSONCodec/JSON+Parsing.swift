// workos-emulator: the public entry points of the strict parser (see JSONParser.swift).

extension JSON {
    /// Strict RFC 8259 parse of a whole document: whitespace may surround the value, nothing else may follow it.
    ///
    /// Rejects invalid UTF-8, unescaped control characters, lone surrogates in `\u` escapes, leading zeros, trailing
    /// commas, NaN/Infinity, comments, nesting deeper than 256 and numbers beyond `Double`'s range (numbers too small
    /// for a double round to zero). A repeated key keeps its first position and its last value; an integer too big for
    /// `Int` becomes `.double`.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSON {
        if let result = bytes.withContiguousStorageIfAvailable({ JSONParser.parse($0) }) {
            return try result.get()
        }
        let contiguous = Array(bytes)
        return try contiguous.withUnsafeBufferPointer { JSONParser.parse($0) }.get()
    }

    /// Strict RFC 8259 parse of a whole document held in a string (same rules as the byte overload).
    public static func parse(_ string: String) throws(JSONParseError) -> JSON {
        try self.parse(string.utf8)
    }
}

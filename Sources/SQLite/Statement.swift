// workos-emulator: SQLite store.
// A prepared statement: prepare, bind `?` parameters, step, read columns, finalize in deinit (GRDB `Statement`).

import CSQLite

/// A prepared statement (https://sqlite.org/c3ref/stmt.html); finalized when the last reference goes away.
final class Statement {
    /// The `sqlite3_stmt *`.
    let handle: OpaquePointer
    /// The SQL text of this one statement.
    let sql: String

    private init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    deinit {
        // "Invoking sqlite3_finalize() on a NULL pointer is a harmless no-op"; on a valid one it always frees it,
        // and its return value only repeats the last step's error (https://sqlite.org/c3ref/finalize.html).
        sqlite3_finalize(self.handle)
    }

    /// Prepares exactly one statement; empty SQL or a second statement in the text is a misuse.
    ///
    /// `persistent` passes SQLITE_PREPARE_PERSISTENT, the hint for statements that will be "retained for a long
    /// time and probably reused many times" (https://sqlite.org/c3ref/c_prepare_normalize.html), as cached ones are.
    static func prepareSingle(_ sql: String, connection: OpaquePointer, persistent: Bool) throws -> Statement {
        try sql.withCString { start in
            let (statement, tail) = try Self.prepareNext(start, connection: connection, persistent: persistent)
            guard let statement else {
                throw SQLiteError.misuse("no SQL statement to prepare", sql: sql)
            }
            // GRDB rejects trailing statements too: they would silently never run.
            if let tail, tail.pointee != 0 {
                let (extra, _) = try Self.prepareNext(tail, connection: connection, persistent: false)
                if extra != nil {
                    throw SQLiteError.misuse(
                        "multiple statements in one call; use executeScript for scripts",
                        sql: sql
                    )
                }
            }
            return statement
        }
    }

    /// Prepares the first statement in a C string; returns nil for text that holds only whitespace or comments,
    /// plus the tail where the next statement starts (https://sqlite.org/c3ref/prepare.html).
    static func prepareNext(
        _ text: UnsafePointer<CChar>,
        connection: OpaquePointer,
        persistent: Bool
    ) throws -> (Statement?, UnsafePointer<CChar>?) {
        var handle: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let resultCode = sqlite3_prepare_v3(connection, text, -1, flags, &handle, &tail)
        guard resultCode == SQLITE_OK else {
            sqlite3_finalize(handle)
            // In a script the text runs to its end; it starts at the failing statement, after the previous `;`.
            let sql = String(String(cString: text).drop(while: \.isWhitespace))
            throw SQLiteError.make(connection: connection, resultCode: resultCode, sql: sql)
        }
        guard let handle else {
            return (nil, tail)
        }
        let sql = sqlite3_sql(handle).map { String(cString: $0) } ?? String(cString: text)
        return (Statement(handle: handle, sql: sql), tail)
    }

    /// Binds values to the `?` parameters in order; the count must match the statement's parameters.
    func bind(_ arguments: [SQLValue]) throws {
        let expected = Int(sqlite3_bind_parameter_count(self.handle))
        guard expected == arguments.count else {
            throw SQLiteError(
                code: SQLITE_RANGE,
                message: "statement has \(expected) parameter(s) but \(arguments.count) argument(s) were given",
                sql: self.sql
            )
        }
        for (offset, value) in arguments.enumerated() {
            // "The leftmost SQL parameter has an index of 1" (https://sqlite.org/c3ref/bind_blob.html).
            let resultCode = self.bind(value, at: Int32(offset + 1))
            guard resultCode == SQLITE_OK else {
                throw SQLiteError.make(
                    connection: sqlite3_db_handle(self.handle),
                    resultCode: resultCode,
                    sql: self.sql
                )
            }
        }
    }

    private func bind(_ value: SQLValue, at index: Int32) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(self.handle, index)
        case .integer(let integer):
            return sqlite3_bind_int64(self.handle, index, integer)
        case .real(let real):
            return sqlite3_bind_double(self.handle, index, real)
        case .text(var text):
            // An explicit byte length keeps embedded NULs; SQLITE_TRANSIENT makes SQLite copy before we return.
            return text.withUTF8 { bytes in
                guard let base = bytes.baseAddress, bytes.count > 0 else {
                    // A NULL pointer would bind NULL, not '' (https://sqlite.org/c3ref/bind_blob.html).
                    return sqlite3_bind_text(self.handle, index, "", 0, csqlite_transient())
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { characters in
                    sqlite3_bind_text64(
                        self.handle,
                        index,
                        characters,
                        sqlite3_uint64(bytes.count),
                        csqlite_transient(),
                        UInt8(SQLITE_UTF8)
                    )
                }
            }
        case .blob(let bytes):
            guard !bytes.isEmpty else {
                // A NULL data pointer binds NULL; a zero-length zeroblob is an empty BLOB.
                return sqlite3_bind_zeroblob(self.handle, index, 0)
            }
            return bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob64(
                    self.handle,
                    index,
                    buffer.baseAddress,
                    sqlite3_uint64(buffer.count),
                    csqlite_transient()
                )
            }
        }
    }

    /// Steps once: true when a row is ready, false when done (https://sqlite.org/c3ref/step.html).
    func step() throws -> Bool {
        let resultCode = sqlite3_step(self.handle)
        switch resultCode {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        default:
            // With prepare_v2/v3 "the more specific error code is returned directly by sqlite3_step()".
            throw SQLiteError.make(connection: sqlite3_db_handle(self.handle), resultCode: resultCode, sql: self.sql)
        }
    }

    /// Steps until done, ignoring any rows.
    func run() throws {
        while try self.step() {}
    }

    /// Makes the statement ready to run again: resets it and unbinds its parameters.
    ///
    /// A reset statement no longer holds a read transaction open (https://sqlite.org/c3ref/reset.html); the
    /// return code only repeats the last step's error, already thrown.
    func reset() {
        sqlite3_reset(self.handle)
        sqlite3_clear_bindings(self.handle)
    }

    /// The result column names (https://sqlite.org/c3ref/column_name.html).
    func columnNames() -> [String] {
        (0..<sqlite3_column_count(self.handle)).map { index in
            sqlite3_column_name(self.handle, index).map { String(cString: $0) } ?? ""
        }
    }

    /// The current row's values, read by storage class (https://sqlite.org/c3ref/column_blob.html).
    func values() -> [SQLValue] {
        (0..<sqlite3_column_count(self.handle)).map { self.value(at: $0) }
    }

    private func value(at index: Int32) -> SQLValue {
        switch sqlite3_column_type(self.handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(self.handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(self.handle, index))
        case SQLITE_TEXT:
            // Text first, then its length: "call sqlite3_column_text() first … then sqlite3_column_bytes()".
            guard let text = sqlite3_column_text(self.handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(self.handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            // A zero-length BLOB comes back as a NULL pointer.
            guard let blob = sqlite3_column_blob(self.handle, index) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(self.handle, index))
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            return .null
        }
    }
}

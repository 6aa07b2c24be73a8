// workos-emulator: SQLite store.
// The one error type of this module: result codes, message and the SQL that failed (GRDB `DatabaseError`).

import CSQLite

/// A failed SQLite call: result codes as in https://sqlite.org/rescode.html, `sqlite3_errmsg` text, and the SQL.
public struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The primary result code (the low 8 bits of the extended code), e.g. `SQLITE_CONSTRAINT`.
    public var code: Int32
    /// The extended result code, e.g. `SQLITE_CONSTRAINT_UNIQUE` (https://sqlite.org/rescode.html#extrc).
    public var extendedCode: Int32
    /// The message from `sqlite3_errmsg`, or one of this module's own for misuse.
    public var message: String
    /// The statement that failed, when there was one.
    public var sql: String?

    /// Makes an error; the primary code is "the least significant 8 bits" of the extended one, which defaults to it.
    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
        self.code = code & 0xFF
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
    }

    /// Whether a constraint failed: NOT NULL, UNIQUE, PRIMARY KEY, FOREIGN KEY, CHECK (SQLITE_CONSTRAINT).
    public var isConstraintViolation: Bool {
        self.code == SQLITE_CONSTRAINT
    }

    /// Whether a UNIQUE or PRIMARY KEY constraint failed (SQLITE_CONSTRAINT_UNIQUE or SQLITE_CONSTRAINT_PRIMARYKEY).
    public var isUniqueConstraintViolation: Bool {
        self.extendedCode == ExtendedCode.constraintUnique || self.extendedCode == ExtendedCode.constraintPrimaryKey
    }

    /// Whether a FOREIGN KEY constraint failed (SQLITE_CONSTRAINT_FOREIGNKEY), immediately or at COMMIT.
    public var isForeignKeyViolation: Bool {
        self.extendedCode == ExtendedCode.constraintForeignKey
    }

    /// Whether the database stayed locked by another connection past the busy timeout (SQLITE_BUSY).
    public var isBusy: Bool {
        self.code == SQLITE_BUSY
    }

    /// `SQLite error 19 (extended 2067, constraint failed): UNIQUE constraint failed: t.x in "INSERT …"`.
    public var description: String {
        var text =
            "SQLite error \(self.code) (extended \(self.extendedCode), \(Self.codeDescription(self.extendedCode)))"
        text += ": \(self.message)"
        if let sql = self.sql {
            text += " in \"\(sql)\""
        }
        return text
    }

    /// The English text of a result code, from `sqlite3_errstr` (https://sqlite.org/c3ref/errcode.html).
    private static func codeDescription(_ code: Int32) -> String {
        guard let text = sqlite3_errstr(code) else { return "unknown" }
        return String(cString: text)
    }
}

extension SQLiteError {
    /// Extended result codes used here. They are function-like macros in sqlite3.h, which Swift does not import;
    /// values as defined there and listed at https://sqlite.org/rescode.html#extrc.
    enum ExtendedCode {
        /// SQLITE_CONSTRAINT_FOREIGNKEY (787).
        static let constraintForeignKey: Int32 = SQLITE_CONSTRAINT | (3 << 8)
        /// SQLITE_CONSTRAINT_PRIMARYKEY (1555).
        static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
        /// SQLITE_CONSTRAINT_UNIQUE (2067).
        static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    }

    /// The error SQLite holds for a connection after a failed call: `sqlite3_extended_errcode` and `sqlite3_errmsg`.
    static func make(connection handle: OpaquePointer?, resultCode: Int32, sql: String?) -> SQLiteError {
        guard let handle else {
            return SQLiteError(code: resultCode, message: Self.codeDescription(resultCode), sql: sql)
        }
        // The result code a call returned is authoritative; errcode may lag it for calls that do not set it.
        let extended = sqlite3_extended_errcode(handle)
        let code = (extended & 0xFF) == (resultCode & 0xFF) ? extended : resultCode
        let message = sqlite3_errmsg(handle).map { String(cString: $0) } ?? Self.codeDescription(resultCode)
        return SQLiteError(code: code, extendedCode: code, message: message, sql: sql)
    }

    /// A misuse of this module's API (SQLITE_MISUSE), such as using a closed database.
    static func misuse(_ message: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(code: SQLITE_MISUSE, message: message, sql: sql)
    }
}

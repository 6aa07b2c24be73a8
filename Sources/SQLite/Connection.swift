// workos-emulator: SQLite store.
// One SQLite connection: open flags, pragmas, cached prepared statements, execute and fetch.

import CSQLite

/// One SQLite connection; not Sendable, reached only inside `Database.read` or `Database.write`.
public final class Connection {
    /// The `sqlite3 *`; nil once closed.
    private var handle: OpaquePointer?
    /// Prepared statements by SQL text, reset after every use, finalized on close.
    private var statementCache: [String: Statement] = [:]
    /// How deep `savepoint` calls are nested; names each savepoint uniquely.
    var savepointDepth = 0

    /// How many prepared statements the cache keeps before evicting one.
    static let statementCacheCapacity = 512

    /// What a connection is for.
    enum Role {
        /// The one connection that writes: creates the file, sets WAL, runs migrations and transactions.
        case writer
        /// A query-only connection of a `ReaderPool`, opened on a file the writer already set up.
        case reader
        /// The `Checkpointer`'s connection: copies the WAL into the database file, never runs statements.
        case checkpointer
    }

    /// Process-wide settings, applied once before the first connection initializes SQLite.
    private static let processSettings: Void = {
        // Memory statistics lock a global mutex on every allocation (Debian's build also omits the lookaside
        // allocator, so every small allocation is a malloc): 6.6% of the samples of a 1,000-object reset.
        _ = csqlite_disable_memory_statistics()
    }()

    /// Opens a connection and applies this project's settings; `:memory:` opens a private in-memory database.
    init(path: String, role: Role = .writer) throws {
        _ = Self.processSettings
        var handle: OpaquePointer?
        // NOMUTEX: "the multi-thread threading mode": safe because each connection is used by one thread at a time,
        // the writer under `Database`'s lock, a reader while lent by `ReaderPool`
        // (https://sqlite.org/threadsafe.html). URI: accept `file:` names (https://sqlite.org/uri.html).
        var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        if role == .writer {
            flags |= SQLITE_OPEN_CREATE
        }
        let resultCode = sqlite3_open_v2(path, &handle, flags, nil)
        guard resultCode == SQLITE_OK, let handle else {
            // "A database connection handle is usually returned … even if an error occurs"; it must still be closed.
            let error = SQLiteError.make(connection: handle, resultCode: resultCode, sql: nil)
            sqlite3_close_v2(handle)
            throw SQLiteError(
                code: error.code,
                extendedCode: error.extendedCode,
                message: "\(error.message) (\(path))"
            )
        }
        self.handle = handle
        do {
            try self.configure(handle, role: role)
        } catch {
            self.close()
            throw error
        }
    }

    deinit {
        self.close()
    }

    private func configure(_ handle: OpaquePointer, role: Role) throws {
        // Extended codes tell SQLITE_CONSTRAINT_UNIQUE from _FOREIGNKEY
        // (https://sqlite.org/c3ref/extended_result_codes.html).
        sqlite3_extended_result_codes(handle, 1)
        // Sleep and retry on SQLITE_BUSY for up to 5 s before giving up (https://sqlite.org/c3ref/busy_timeout.html).
        sqlite3_busy_timeout(handle, 5000)
        // WAL only means something for a file; sqlite3_db_filename is "" for in-memory and temporary databases
        // (https://sqlite.org/c3ref/db_filename.html, https://sqlite.org/wal.html). A reader finds the file's mode,
        // set by the writer (WAL is persistent, https://sqlite.org/wal.html#persistence_of_wal_mode).
        if role == .writer, let filename = sqlite3_db_filename(handle, "main"), filename.pointee != 0 {
            try self.execute("PRAGMA journal_mode = WAL")
        }
        // NORMAL is safe from corruption in WAL mode (https://sqlite.org/pragma.html#pragma_synchronous).
        try self.execute("PRAGMA synchronous = NORMAL")
        // Foreign keys are off by default per connection (https://sqlite.org/foreignkeys.html#fk_enable).
        try self.execute("PRAGMA foreign_keys = ON")
        // Debian builds SQLite with SQLITE_SECURE_DELETE, which overwrites deleted content with zeros: extra page
        // writes on every DELETE (a reset deletes a whole environment) for a guarantee an emulator does not need
        // (https://sqlite.org/pragma.html#pragma_secure_delete).
        try self.execute("PRAGMA secure_delete = OFF")
        if role == .reader {
            // "prevents data changes on database files": a read that tries to write fails with SQLITE_READONLY
            // instead of racing the writer (https://sqlite.org/pragma.html#pragma_query_only).
            try self.execute("PRAGMA query_only = ON")
        }
    }

    /// Whether the connection is still open.
    var isOpen: Bool { self.handle != nil }

    /// Finalizes every cached statement, then closes; idempotent.
    func close() {
        guard let handle = self.handle else { return }
        self.statementCache.removeAll()
        // close_v2 never fails on a live handle: it defers the close until any straggling statement is finalized
        // (https://sqlite.org/c3ref/close.html).
        sqlite3_close_v2(handle)
        self.handle = nil
    }

    /// The open handle, or a misuse error once closed.
    func openHandle() throws -> OpaquePointer {
        guard let handle = self.handle else {
            throw SQLiteError.misuse("the database connection is closed")
        }
        return handle
    }

    // MARK: Running statements

    /// Runs one statement with `?` parameters bound in order, discarding any rows.
    public func execute(_ sql: String, _ arguments: [SQLValue] = []) throws {
        try self.withStatement(sql, arguments) { statement in
            try statement.run()
        }
    }

    /// Runs one statement; returns the rows it inserted, updated or deleted (https://sqlite.org/c3ref/changes.html).
    @discardableResult
    public func run(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int {
        let handle = try self.openHandle()
        try self.execute(sql, arguments)
        return Int(sqlite3_changes64(handle))
    }

    /// Runs every statement of a script in order, without parameters and without caching (migrations, seeds).
    public func executeScript(_ sql: String) throws {
        let handle = try self.openHandle()
        try sql.withCString { start in
            var cursor = start
            while cursor.pointee != 0 {
                // Each statement is prepared only after the previous one ran, so it sees the schema that one made.
                let (statement, tail) = try Statement.prepareNext(cursor, connection: handle, persistent: false)
                try statement?.run()
                guard let tail, tail != cursor else { break }
                cursor = tail
            }
        }
    }

    /// Runs a query and returns every row.
    public func fetchAll(_ sql: String, _ arguments: [SQLValue] = []) throws -> [Row] {
        try self.withStatement(sql, arguments) { statement in
            var rows: [Row] = []
            var columnNames: [String]?
            while try statement.step() {
                // Names are read once per run: a re-prepare after a schema change may change them.
                let names = columnNames ?? statement.columnNames()
                columnNames = names
                rows.append(Row(columnNames: names, values: statement.values()))
            }
            return rows
        }
    }

    /// Runs a query and returns its first row, or nil when there is none; later rows are not computed.
    public func fetchOne(_ sql: String, _ arguments: [SQLValue] = []) throws -> Row? {
        try self.withStatement(sql, arguments) { statement in
            guard try statement.step() else { return nil }
            return Row(columnNames: statement.columnNames(), values: statement.values())
        }
    }

    /// Runs a query and returns the first column of its first row; nil when there is no row or the value is NULL.
    ///
    /// A non-NULL value that does not convert to `T` is a programmer error, as in `Row`'s typed subscript.
    public func fetchScalar<T: SQLValueConvertible>(
        _ sql: String,
        _ arguments: [SQLValue] = [],
        as type: T.Type = T.self
    ) throws -> T? {
        guard let row = try self.fetchOne(sql, arguments), row.count > 0 else { return nil }
        let value = row[0]
        if case .null = value { return nil }
        guard let converted = T(sqlValue: value) else {
            preconditionFailure("fetchScalar: \(value) does not convert to \(T.self) in \"\(sql)\"")
        }
        return converted
    }

    /// The rowid of this connection's latest successful INSERT (https://sqlite.org/c3ref/last_insert_rowid.html).
    public var lastInsertRowID: Int64 {
        guard let handle = self.handle else { return 0 }
        return sqlite3_last_insert_rowid(handle)
    }

    /// Whether a transaction is open: "autocommit mode is disabled by a BEGIN"
    /// (https://sqlite.org/c3ref/get_autocommit.html).
    public var isInTransaction: Bool {
        guard let handle = self.handle else { return false }
        return sqlite3_get_autocommit(handle) == 0
    }

    // MARK: Statement cache

    /// Runs `body` with the cached statement for `sql`, bound to `arguments`, and resets it on every path.
    private func withStatement<T>(_ sql: String, _ arguments: [SQLValue], _ body: (Statement) throws -> T) throws -> T {
        let statement = try self.cachedStatement(sql)
        // Reset even on error, so the statement holds no read transaction and is clean for its next use.
        defer { statement.reset() }
        try statement.bind(arguments)
        return try body(statement)
    }

    /// The prepared statement for `sql`, prepared once and reused, as GRDB's `cachedStatement(sql:)`.
    private func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = self.statementCache[sql] {
            return statement
        }
        let statement = try Statement.prepareSingle(sql, connection: try self.openHandle(), persistent: true)
        if self.statementCache.count >= Self.statementCacheCapacity {
            // No statement is ever in use between calls, so any entry can go; the evicted one is finalized.
            self.statementCache.remove(at: self.statementCache.startIndex)
        }
        self.statementCache[sql] = statement
        return statement
    }

    /// How many prepared statements are cached (for tests).
    var cachedStatementCount: Int { self.statementCache.count }
}

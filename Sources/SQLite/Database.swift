// workos-emulator: SQLite store.
// The thread-safe facade: one writer connection behind a lock, query-only readers and a checkpoint thread beside
// it for WAL files, reached through read { } and write { } (GRDB's shape: `DatabasePool` for files,
// `DatabaseQueue` for memory).

/// A SQLite database shared across threads.
///
/// Writes run one at a time on the writer connection, under a lock. Reads of a database file (WAL mode) run on a
/// small pool of query-only connections, in parallel with each other and with the write in progress; an in-memory
/// database has only the one connection, so its reads take the writer's lock too. WAL checkpoints run on a thread of
/// their own (`Checkpointer`), not inside a write. Every call blocks the calling thread while it waits and while
/// SQLite works; callers are synchronous handlers on their own threads (style guide, Concurrency item 3).
public final class Database: Sendable {
    /// The path given at open: a file path, `:memory:` or a `file:` URI.
    public let path: String
    /// The writer connection and its lock.
    private let writer: WriterConnection
    /// Query-only connections for `read`; nil unless the database is a file in WAL mode.
    private let readers: ReaderPool?
    /// Background WAL checkpoints; nil unless the database is a file in WAL mode.
    private let checkpointer: Checkpointer?

    /// How many reader connections a file database opens at most, by default: a few per core of this kind of
    /// machine (2 cores), so a reader descheduled mid-query does not hold up the others.
    public static let defaultReaderCount = 4

    /// Opens (creating if needed) the database at `path`; `:memory:` gives a private in-memory database.
    ///
    /// Settings: SQLITE_OPEN_NOMUTEX (each connection is used by one thread at a time,
    /// https://sqlite.org/threadsafe.html), WAL for files, `synchronous = NORMAL`, `busy_timeout` 5000 ms,
    /// `foreign_keys = ON`, extended result codes. `readerCount` 0 sends reads to the writer connection.
    public init(path: String, readerCount: Int = Database.defaultReaderCount) throws {
        self.path = path
        let connection = try Connection(path: path)
        self.writer = WriterConnection(connection)
        let isWAL = try connection.journalMode() == "wal"
        // Readers need WAL: in rollback-journal modes a reader would block the writer (https://sqlite.org/wal.html).
        self.readers = isWAL && readerCount > 0 ? ReaderPool(path: path, capacity: readerCount) : nil
        if isWAL {
            let checkpointer = Checkpointer(path: path)
            checkpointer.install(on: try connection.openHandle())
            self.checkpointer = checkpointer
        } else {
            self.checkpointer = nil
        }
    }

    deinit {
        // The checkpoint thread holds the checkpointer, not the database: stop it, or it would sleep forever.
        self.checkpointer?.stop()
    }

    /// Runs `body` with a connection for reading.
    ///
    /// On a file database `body` runs on a query-only reader inside one read transaction, so all its statements
    /// see the same snapshot (a write fails with SQLITE_READONLY; `body` cannot open a transaction of its own). On an
    /// in-memory database it runs on the writer with no transaction open, each statement seeing a consistent snapshot
    /// on its own; a transaction that `body` leaves open there is rolled back and reported.
    public func read<T>(_ body: (Connection) throws -> sending T) throws -> sending T {
        guard let readers = self.readers else {
            self.writer.lock.lock()
            defer { self.writer.lock.unlock() }
            return try Self.runRead(body, on: self.writer.connection)
        }
        let connection = try readers.checkOut()
        defer { readers.checkIn(connection) }
        return try Self.runSnapshotRead(body, on: connection)
    }

    /// `body` inside `BEGIN … COMMIT` on a reader. Besides the single snapshot, one read transaction instead of one
    /// per statement halves the `fcntl` lock calls on the WAL index (https://sqlite.org/walformat.html#locks): they
    /// were 6.7% of the server's samples on `GET /organizations/:id` at 16 connections, two statements per request.
    private static func runSnapshotRead<T>(_ body: (Connection) throws -> sending T, on connection: Connection) throws
        -> sending T
    {
        _ = try connection.openHandle()
        // Deferred: the read transaction starts with the first statement (https://sqlite.org/lang_transaction.html).
        try connection.execute("BEGIN")
        do {
            let result = try body(connection)
            if connection.isInTransaction {
                try connection.execute("COMMIT")
            }
            return result
        } catch {
            connection.rollbackIfInTransaction()
            throw error
        }
    }

    private static func runRead<T>(_ body: (Connection) throws -> sending T, on connection: Connection) throws
        -> sending T
    {
        _ = try connection.openHandle()
        do {
            let result = try body(connection)
            if connection.isInTransaction {
                connection.rollbackIfInTransaction()
                throw SQLiteError.misuse("Database.read left a transaction open; it was rolled back (use write)")
            }
            return result
        } catch {
            connection.rollbackIfInTransaction()
            throw error
        }
    }

    /// Runs `body` on the writer connection in `BEGIN IMMEDIATE … COMMIT`; rolls back and rethrows when `body`
    /// throws.
    ///
    /// Calling `write` again from inside `body` is a programmer error (the error-checking lock traps on the
    /// recursive lock); use `Connection.savepoint` for a nested unit of work. A `read` inside `body` would not see
    /// the uncommitted changes (and traps for an in-memory database).
    public func write<T>(_ body: (Connection) throws -> sending T) throws -> sending T {
        self.writer.lock.lock()
        defer { self.writer.lock.unlock() }
        let connection = self.writer.connection
        _ = try connection.openHandle()
        try connection.beginImmediate()
        do {
            let result = try body(connection)
            try connection.commit()
            return result
        } catch {
            connection.rollbackIfInTransaction()
            throw error
        }
    }

    /// Runs `body` on the writer connection, under its lock, without opening a transaction: for work that must
    /// happen outside one, as `PRAGMA foreign_keys` around a migration (https://sqlite.org/foreignkeys.html).
    /// A transaction that `body` leaves open is rolled back and reported.
    public func writeWithoutTransaction<T>(_ body: (Connection) throws -> sending T) throws -> sending T {
        self.writer.lock.lock()
        defer { self.writer.lock.unlock() }
        return try Self.runRead(body, on: self.writer.connection)
    }

    /// Finalizes cached statements and closes every connection; idempotent. Later `read`/`write` throw
    /// SQLITE_MISUSE.
    public func close() {
        if let checkpointer = self.checkpointer {
            self.writer.lock.withLock {
                if let handle = try? self.writer.connection.openHandle() {
                    checkpointer.uninstall(from: handle)
                }
            }
            checkpointer.stop()
        }
        self.readers?.close()
        // The last connection to close checkpoints what is left and deletes the WAL (https://sqlite.org/wal.html).
        self.writer.lock.withLock {
            self.writer.connection.close()
        }
    }

    /// How many reader connections are open (for tests); 0 for an in-memory database.
    var openReaderCount: Int {
        self.readers?.openConnectionCount ?? 0
    }

    /// How many background checkpoints have run (for tests); 0 for an in-memory database.
    var backgroundCheckpointCount: Int {
        self.checkpointer?.completedCheckpointCount ?? 0
    }
}

/// The writer connection with the lock that serializes its use.
private final class WriterConnection: @unchecked Sendable {
    // Safety: `connection` is only used between `lock.lock()` and `lock.unlock()` (Database.read without readers,
    // write, writeWithoutTransaction, close), so one thread at a time uses it, as SQLITE_OPEN_NOMUTEX requires.
    let lock = Lock()
    let connection: Connection

    init(_ connection: Connection) {
        self.connection = connection
    }
}

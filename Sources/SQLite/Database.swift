// workos-emulator: SQLite store.
// The thread-safe facade: one connection behind a Mutex, reached through read { } and write { } (GRDB's shape).

import Synchronization

/// A SQLite database shared across threads: one connection, serialized by a `Mutex`.
///
/// Every call blocks the calling thread while it waits for the lock and while SQLite works; callers are synchronous
/// handlers on their own threads (style guide, Concurrency item 3).
public final class Database: Sendable {
    /// The path given at open: a file path, `:memory:` or a `file:` URI.
    public let path: String
    /// The one connection. `Mutex` is Sendable whatever it holds: the connection is only reached inside `withLock`,
    /// and because `body` results are `sending`, region checking rejects a closure that returns the connection.
    private let connection: Mutex<Connection>

    /// Opens (creating if needed) the database at `path`; `:memory:` gives a private in-memory database.
    ///
    /// Settings: SQLITE_OPEN_NOMUTEX (the Mutex serializes, https://sqlite.org/threadsafe.html), WAL for files,
    /// `synchronous = NORMAL`, `busy_timeout` 5000 ms, `foreign_keys = ON`, extended result codes.
    public init(path: String) throws {
        self.path = path
        self.connection = Mutex(try Connection(path: path))
    }

    /// Runs `body` with the connection inside the lock; no transaction is opened, so each statement sees a
    /// consistent snapshot on its own. A transaction that `body` leaves open is rolled back and reported.
    public func read<T>(_ body: (Connection) throws -> sending T) throws -> sending T {
        try self.connection.withLock { connection in
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
    }

    /// Runs `body` inside the lock in `BEGIN IMMEDIATE … COMMIT`; rolls back and rethrows when `body` throws.
    ///
    /// Calling `read` or `write` again from inside `body` is a programmer error (the Mutex traps on the recursive
    /// lock); use `Connection.savepoint` for a nested unit of work.
    public func write<T>(_ body: (Connection) throws -> sending T) throws -> sending T {
        try self.connection.withLock { connection in
            _ = try connection.openHandle()
            // The steps of Connection.transaction, inline: the region checker accepts `body(connection)` called
            // here, not the connection captured by a closure passed on.
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
    }

    /// Finalizes cached statements and closes the connection; idempotent. Later `read`/`write` throw SQLITE_MISUSE.
    public func close() {
        self.connection.withLock { connection in
            connection.close()
        }
    }
}

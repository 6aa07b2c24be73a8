// workos-emulator: SQLite store.
// Query-only connections to a WAL database, each lent to one `Database.read` at a time.

/// A small pool of query-only connections beside the one writer, for a database file in WAL mode.
///
/// "WAL provides more concurrency as readers do not block writers and a writer does not block readers"
/// (https://sqlite.org/wal.html): each read runs on its own connection, in parallel with other reads and with the
/// write in progress, and sees every transaction committed before it started. Connections open lazily, up to
/// `capacity`; a read that finds none free waits for one.
final class ReaderPool: @unchecked Sendable {
    // Safety: `idle`, `openCount` and `isClosed` are read and written only while `lock` is held. A `Connection` is
    // in `idle` or lent to exactly one thread (between `checkOut` and `checkIn`), never both.
    private let lock = Lock()
    private var idle: [Connection] = []
    private var openCount = 0
    private var isClosed = false
    /// The database file.
    let path: String
    /// The most connections this pool opens.
    let capacity: Int

    /// A pool for the WAL database at `path`; opens nothing yet.
    init(path: String, capacity: Int) {
        precondition(capacity > 0, "a reader pool needs at least one connection")
        self.path = path
        self.capacity = capacity
    }

    /// An idle connection, a newly opened one while fewer than `capacity` are open, or the next one checked in.
    func checkOut() throws -> Connection {
        self.lock.lock()
        while true {
            if self.isClosed {
                self.lock.unlock()
                throw SQLiteError.misuse("the database connection is closed")
            }
            if let connection = self.idle.popLast() {
                self.lock.unlock()
                return connection
            }
            if self.openCount < self.capacity {
                self.openCount += 1
                self.lock.unlock()
                do {
                    // Opened outside the lock: other reads go on meanwhile.
                    return try Connection(path: self.path, role: .reader)
                } catch {
                    self.lock.withLock {
                        self.openCount -= 1
                        self.lock.signal()
                    }
                    throw error
                }
            }
            self.lock.wait()
        }
    }

    /// Returns a connection from `checkOut`; closes it instead when the pool was closed meanwhile.
    func checkIn(_ connection: Connection) {
        let shouldClose: Bool = self.lock.withLock {
            if self.isClosed {
                self.openCount -= 1
                return true
            }
            self.idle.append(connection)
            self.lock.signal()
            return false
        }
        if shouldClose {
            connection.close()
        }
    }

    /// Closes the idle connections now and the lent ones when they come back; later `checkOut` calls throw.
    func close() {
        let connections: [Connection] = self.lock.withLock {
            self.isClosed = true
            let connections = self.idle
            self.idle.removeAll()
            self.openCount -= connections.count
            self.lock.broadcast()
            return connections
        }
        for connection in connections {
            connection.close()
        }
    }

    /// How many connections are open now (for tests).
    var openConnectionCount: Int {
        self.lock.withLock { self.openCount }
    }
}

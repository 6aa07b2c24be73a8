// workos-emulator: SQLite store.
// Transactions and savepoints that cannot leak: every path ends in COMMIT, RELEASE or ROLLBACK.

import CSQLite

extension Connection {
    /// Runs `body` in `BEGIN IMMEDIATE … COMMIT`, rolling back when `body` or the COMMIT throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try self.beginImmediate()
        do {
            let result = try body()
            try self.commit()
            return result
        } catch {
            self.rollbackIfInTransaction()
            throw error
        }
    }

    /// `BEGIN IMMEDIATE`: takes the write lock up front, so a busy database is waited on (busy_timeout) here rather
    /// than failing mid-transaction on a read-to-write upgrade (https://sqlite.org/lang_transaction.html).
    func beginImmediate() throws {
        precondition(!self.isInTransaction, "a transaction is already open; nest with Connection.savepoint instead")
        try self.execute("BEGIN IMMEDIATE")
    }

    /// `COMMIT`. It can fail (a deferred foreign key violation, SQLITE_BUSY), leaving the transaction open: callers
    /// roll back then.
    func commit() throws {
        try self.execute("COMMIT")
    }

    /// Rolls back the open transaction, if any; a no-op when SQLite already rolled it back on an error
    /// ("Response To Errors Within A Transaction", https://sqlite.org/lang_transaction.html).
    func rollbackIfInTransaction() {
        guard self.isInTransaction else { return }
        // ROLLBACK only fails here if the connection is unusable; there is nothing better to do than go on.
        try? self.execute("ROLLBACK")
    }

    /// Runs `body` inside `SAVEPOINT … RELEASE`, rolling back to the savepoint when it throws.
    ///
    /// Nests inside a `Database.write` transaction or another savepoint; outside a transaction it opens one, as
    /// "BEGIN DEFERRED TRANSACTION" would (https://sqlite.org/lang_savepoint.html).
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        self.savepointDepth += 1
        defer { self.savepointDepth -= 1 }
        let name = "workos_emulator_savepoint_\(self.savepointDepth)"
        try self.execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try self.execute("RELEASE \(name)")
            return result
        } catch {
            // Some errors roll back the whole transaction by themselves; then no savepoint is left to roll back to.
            if self.isInTransaction {
                try? self.execute("ROLLBACK TO \(name)")
                try? self.execute("RELEASE \(name)")
            }
            throw error
        }
    }
}

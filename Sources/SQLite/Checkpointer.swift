// workos-emulator: SQLite store.
// WAL checkpoints on a background thread, so no write waits for one (and its fsyncs) under the writer's lock.

import CSQLite
import Foundation

/// Copies the write-ahead log back into the database file on its own thread and connection.
///
/// SQLite's automatic checkpoint runs inside the COMMIT that crosses 1000 WAL pages, on the committing connection:
/// with `synchronous = NORMAL` that is two fsyncs (https://sqlite.org/pragma.html#pragma_synchronous) while our
/// writer lock is held, so every write queued behind it waits too (`perf` on `POST /organizations`: 9% in
/// `fdatasync`, p99 set by checkpoints). Here the writer's WAL hook only wakes this thread, which runs a PASSIVE
/// checkpoint: it "checkpoints as many frames as possible without waiting for any database readers or writers to
/// finish" (https://sqlite.org/c3ref/wal_checkpoint_v2.html). The thread sleeps on a condition variable when there
/// is nothing to do, so an idle emulator uses no CPU.
final class Checkpointer: @unchecked Sendable {
    // Safety: `isRequested`, `isStopping`, `isFinished`, `hasStarted` and `runCount` are read and written only
    // while `lock` is held; the checkpoint connection is a local of the thread (opened, used and closed there).
    private let lock = Lock()
    private var isRequested = false
    private var isStopping = false
    private var isFinished = false
    private var hasStarted = false
    /// The database file.
    let path: String
    /// WAL size, in pages, from which a commit wakes the thread (SQLite's own default threshold).
    let threshold: Int
    /// WAL size at which the committing connection checkpoints by itself, in case this thread falls behind.
    let backstop: Int
    /// How many checkpoints have run (for tests).
    private var runCount = 0

    /// A checkpointer for the WAL database at `path`; its thread starts with the first request.
    init(path: String, threshold: Int = 1000, backstop: Int = 20_000) {
        self.path = path
        self.threshold = threshold
        self.backstop = backstop
    }

    /// Installs the WAL hook on the writer (https://sqlite.org/c3ref/wal_hook.html); it replaces SQLite's automatic
    /// checkpoint, which "is a wrapper around sqlite3_wal_hook()" (https://sqlite.org/c3ref/wal_autocheckpoint.html).
    func install(on handle: OpaquePointer) {
        // Unretained: the hook is removed (`uninstall`) before the checkpointer can go away.
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_wal_hook(handle, { context, handle, _, pages in
            guard let context, let handle else { return SQLITE_OK }
            let checkpointer = Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue()
            return checkpointer.didCommit(walPages: Int(pages), writer: handle)
        }, context)
    }

    /// Removes the WAL hook from the writer.
    func uninstall(from handle: OpaquePointer) {
        sqlite3_wal_hook(handle, nil, nil)
    }

    /// Called by the writer after each commit, with the WAL's size in pages.
    private func didCommit(walPages pages: Int, writer: OpaquePointer) -> Int32 {
        if pages >= self.backstop {
            // The thread is not keeping up: checkpoint now, as the automatic checkpoint would have (PASSIVE).
            sqlite3_wal_checkpoint_v2(writer, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        } else if pages >= self.threshold {
            self.request()
        }
        return SQLITE_OK
    }

    /// Wakes the checkpoint thread, starting it the first time.
    func request() {
        let shouldStart: Bool = self.lock.withLock {
            guard !self.isStopping else { return false }
            self.isRequested = true
            self.lock.signal()
            defer { self.hasStarted = true }
            return !self.hasStarted
        }
        if shouldStart {
            let thread = Thread { [self] in self.run() }
            thread.name = "sqlite-checkpoint"
            thread.start()
        }
    }

    /// Stops the thread after the checkpoint in progress, if any, and waits for it to close its connection.
    func stop() {
        self.lock.withLock {
            self.isStopping = true
            self.lock.broadcast()
            while self.hasStarted && !self.isFinished {
                self.lock.wait()
            }
        }
    }

    /// How many checkpoints the thread has run (for tests).
    var completedCheckpointCount: Int {
        self.lock.withLock { self.runCount }
    }

    private func run() {
        // A connection of its own: a checkpoint writes the database file, which reader connections must not.
        let connection = try? Connection(path: self.path, role: .checkpointer)
        while true {
            let shouldRun: Bool = self.lock.withLock {
                while !self.isRequested && !self.isStopping {
                    self.lock.wait()
                }
                self.isRequested = false
                return !self.isStopping
            }
            guard shouldRun else { break }
            if let handle = try? connection?.openHandle() {
                sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            }
            self.lock.withLock { self.runCount += 1 }
        }
        connection?.close()
        self.lock.withLock {
            self.isFinished = true
            self.lock.broadcast()
        }
    }
}

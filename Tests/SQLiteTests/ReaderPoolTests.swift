// workos-emulator: SQLite store tests.
// Reads of a WAL file on query-only connections beside the writer; in-memory databases keep one connection.

import CSQLite
import Foundation
import Synchronization
import Testing

@testable import SQLite

@Suite struct ReaderPoolTests {
    private func makeFileDatabase(_ directory: TemporaryDirectory, readerCount: Int = 2) throws -> Database {
        let database = try Database(path: directory.path("pool.sqlite"), readerCount: readerCount)
        try database.write { connection in
            try connection.executeScript(
                """
                CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL);
                CREATE TABLE domains (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE
                );
                """
            )
        }
        return database
    }

    private func count(_ database: Database) throws -> Int {
        try database.read { try $0.fetchScalar("SELECT count(*) FROM organizations", as: Int.self) } ?? -1
    }

    @Test func fileDatabase_ReadsUseQueryOnlyConnections() throws {
        let directory = try TemporaryDirectory()
        let database = try self.makeFileDatabase(directory)
        let error = try #require(throws: SQLiteError.self) {
            try database.read { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')") }
        }
        #expect(error.code == SQLITE_READONLY)
        #expect(try self.count(database) == 0)
        #expect(database.openReaderCount == 1)
        #expect(try database.read { try $0.journalMode() } == "wal")
        #expect(try database.read { try $0.isForeignKeyEnforcementOn() })
    }

    @Test func fileDatabase_ReadRunsInOneSnapshot() throws {
        let directory = try TemporaryDirectory()
        let database = try self.makeFileDatabase(directory)
        let (first, inTransaction, second) = try database.read { connection in
            let first = try connection.fetchScalar("SELECT count(*) FROM organizations", as: Int.self)
            // A write committed between two statements of one read is not seen by the second.
            try database.write { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')") }
            let second = try connection.fetchScalar("SELECT count(*) FROM organizations", as: Int.self)
            return (first, connection.isInTransaction, second)
        }
        #expect(first == 0)
        #expect(inTransaction)
        #expect(second == 0)
        #expect(try self.count(database) == 1)
        let error = try #require(throws: SQLiteError.self) {
            try database.read { try $0.execute("BEGIN") }
        }
        #expect(error.code == SQLITE_ERROR)
        #expect(try self.count(database) == 1)
    }

    @Test func fileDatabase_ReadSeesEveryCommittedWrite() throws {
        let directory = try TemporaryDirectory()
        let database = try self.makeFileDatabase(directory)
        for index in 1...20 {
            try database.write {
                try $0.execute("INSERT INTO organizations (id, name) VALUES (?, 'Org')", [SQLValue("org_\(index)")])
            }
            // A read transaction started after COMMIT returned sees it (https://sqlite.org/wal.html#concurrency).
            #expect(try self.count(database) == index)
        }
    }

    @Test func fileDatabase_ReadsGoOnWhileAWriteIsOpen() throws {
        let directory = try TemporaryDirectory()
        let database = try self.makeFileDatabase(directory)
        try database.write { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')") }
        let writeStarted = DispatchSemaphore(value: 0)
        let readsDone = DispatchSemaphore(value: 0)
        let writeDone = DispatchSemaphore(value: 0)
        let writer = Thread {
            try? database.write { connection in
                try connection.execute("INSERT INTO organizations (id, name) VALUES ('org_2', 'Globex')")
                writeStarted.signal()
                // Holds the writer (and its uncommitted row) until the reads below have finished.
                _ = readsDone.wait(timeout: .now() + 10)
            }
            writeDone.signal()
        }
        writer.start()
        #expect(writeStarted.wait(timeout: .now() + 10) == .success)
        // Neither blocked by the open write nor able to see its uncommitted row.
        #expect(try self.count(database) == 1)
        readsDone.signal()
        #expect(writeDone.wait(timeout: .now() + 10) == .success)
        #expect(try self.count(database) == 2)
    }

    @Test func fileDatabase_ConcurrentReadsOpenAtMostTheCapacity() throws {
        let directory = try TemporaryDirectory()
        let database = try self.makeFileDatabase(directory, readerCount: 3)
        try database.write { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')") }
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 200) { _ in
            do {
                let name = try database.read {
                    try $0.fetchScalar("SELECT name FROM organizations WHERE id = 'org_1'", as: String.self)
                }
                if name != "Acme" { failures.withLock { $0.append("read \(name ?? "nil")") } }
            } catch {
                failures.withLock { $0.append(String(describing: error)) }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        #expect((1...3).contains(database.openReaderCount))
    }

    @Test func fileDatabase_ReadAndWriteInterleaveFromManyThreads() throws {
        let directory = try TemporaryDirectory()
        let database = try self.makeFileDatabase(directory)
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 100) { index in
            do {
                if index.isMultiple(of: 2) {
                    try database.write {
                        try $0.execute(
                            "INSERT INTO organizations (id, name) VALUES (?, 'Org')", [SQLValue("org_\(index)")]
                        )
                    }
                } else {
                    _ = try self.count(database)
                }
            } catch {
                failures.withLock { $0.append(String(describing: error)) }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        #expect(try self.count(database) == 50)
    }

    @Test func fileDatabase_CloseClosesTheReadersAndLaterReadsThrowMisuse() throws {
        let directory = try TemporaryDirectory()
        let database = try self.makeFileDatabase(directory)
        #expect(try self.count(database) == 0)
        database.close()
        #expect(database.openReaderCount == 0)
        let error = try #require(throws: SQLiteError.self) { try self.count(database) }
        #expect(error.code == SQLITE_MISUSE)
    }

    @Test func fileDatabase_ReadsCanBeSentToTheWriter() throws {
        let directory = try TemporaryDirectory()
        let database = try self.makeFileDatabase(directory, readerCount: 0)
        try database.read { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')") }
        #expect(try self.count(database) == 1)
        #expect(database.openReaderCount == 0)
    }

    @Test func memoryDatabase_HasNoReaders() throws {
        let database = try Database(path: ":memory:")
        try database.write { try $0.execute("CREATE TABLE t (x)") }
        try database.read { try $0.execute("INSERT INTO t VALUES (1)") }
        #expect(try database.read { try $0.fetchScalar("SELECT count(*) FROM t", as: Int.self) } == 1)
        #expect(database.openReaderCount == 0)
    }

    @Test func fileDatabase_CheckpointsOnABackgroundThread() throws {
        let directory = try TemporaryDirectory()
        let database = try self.makeFileDatabase(directory)
        // Each commit appends at least one 4 KiB page to the WAL; past 1000 pages the checkpointer is woken.
        let blob = SQLValue.blob([UInt8](repeating: 7, count: 3000))
        for index in 0..<1200 {
            try database.write {
                try $0.execute("INSERT INTO organizations (id, name) VALUES (?, 'Org')", [SQLValue("org_\(index)")])
                try $0.execute("CREATE TABLE IF NOT EXISTS blobs (b BLOB)")
                try $0.execute("INSERT INTO blobs (b) VALUES (?)", [blob])
            }
        }
        for _ in 0..<500 where database.backgroundCheckpointCount == 0 {
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(database.backgroundCheckpointCount >= 1)
        #expect(try self.count(database) == 1200)
        database.close()
        let reopened = try Database(path: directory.path("pool.sqlite"))
        #expect(try self.count(reopened) == 1200)
        reopened.close()
    }

    @Test func memoryDatabase_HasNoCheckpointer() throws {
        let database = try Database(path: ":memory:")
        try database.write { try $0.execute("CREATE TABLE t (x)") }
        #expect(database.backgroundCheckpointCount == 0)
    }

    @Test func fileDatabase_MigrationsTurnForeignKeysOffOnTheWriter() throws {
        let directory = try TemporaryDirectory()
        let database = try self.makeFileDatabase(directory)
        try database.write { try $0.execute("INSERT INTO organizations (id, name) VALUES ('org_1', 'Acme')") }
        try database.write { try $0.execute("INSERT INTO domains (id, organization_id) VALUES ('d_1', 'org_1')") }
        // Rebuilding a parent table drops it: with foreign keys on, that would cascade into `domains`.
        let rebuild = Migration(
            version: 1,
            name: "rebuild_organizations",
            sql: """
                CREATE TABLE organizations_new (id TEXT PRIMARY KEY, name TEXT NOT NULL, slug TEXT);
                INSERT INTO organizations_new (id, name) SELECT id, name FROM organizations;
                DROP TABLE organizations;
                ALTER TABLE organizations_new RENAME TO organizations;
                """
        )
        #expect(try Migrator(migrations: [rebuild]).migrate(database) == [1])
        #expect(try database.read { try $0.fetchScalar("SELECT count(*) FROM domains", as: Int.self) } == 1)
        #expect(try database.read { try $0.isForeignKeyEnforcementOn() })
        #expect(try database.writeWithoutTransaction { try $0.isForeignKeyEnforcementOn() })
    }
}

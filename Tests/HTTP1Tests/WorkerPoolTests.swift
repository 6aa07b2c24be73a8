// workos-emulator — HTTP1 tests.
// Licensed under the MIT License.

import Foundation
import Synchronization
import Testing

@testable import HTTP1

@Suite struct WorkerPoolTests {
    /// Runs `job` on the pool and waits for it.
    private static func runAndWait(_ pool: WorkerPool, _ job: @escaping @Sendable () -> Void) -> Bool {
        let done = DispatchSemaphore(value: 0)
        pool.run(name: "test-worker") {
            job()
            done.signal()
        }
        return done.wait(timeout: .now() + 5) == .success
    }

    @Test func finishedThread_IsReusedForTheNextJob() {
        let pool = WorkerPool(maxIdleWorkers: 4, parkTimeout: 5)
        defer { pool.shutDown() }
        let threads = Mutex<[ObjectIdentifier]>([])
        #expect(Self.runAndWait(pool) { threads.withLock { $0.append(ObjectIdentifier(Thread.current)) } })
        // Give the worker a moment to park after signalling.
        Thread.sleep(forTimeInterval: 0.05)
        #expect(Self.runAndWait(pool) { threads.withLock { $0.append(ObjectIdentifier(Thread.current)) } })
        let seen = threads.withLock { $0 }
        #expect(seen.count == 2)
        #expect(seen.first == seen.last)
    }

    @Test func concurrentJobs_RunOnSeparateThreads() {
        let pool = WorkerPool()
        defer { pool.shutDown() }
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        for _ in 0..<3 {
            pool.run(name: "test-worker") {
                started.signal()
                release.wait()
            }
        }
        // All three block at once, which only three threads can do.
        for _ in 0..<3 {
            #expect(started.wait(timeout: .now() + 5) == .success)
        }
        for _ in 0..<3 {
            release.signal()
        }
    }

    @Test func shutDownPool_StillRunsNewJobs() {
        let pool = WorkerPool()
        pool.shutDown()
        let ran = Atomic<Bool>(false)
        #expect(Self.runAndWait(pool) { ran.store(true, ordering: .relaxed) })
        let hasRun = ran.load(ordering: .relaxed)
        #expect(hasRun)
    }
}

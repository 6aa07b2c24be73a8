// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

import Foundation
import Synchronization

/// Threads for connections, reused: a thread whose connection ended parks for a while waiting for the next one
/// instead of exiting, saving a thread creation (clone, stack mapping) per connection for clients that open a
/// new connection per request. Still one thread per open connection, as the concurrency design asks.
final class WorkerPool: Sendable {
    private final class Worker: Sendable {
        let wakeUp = DispatchSemaphore(value: 0)
        let job = Mutex<(@Sendable () -> Void)?>(nil)
    }

    private struct State {
        var idle: [Worker] = []
        var isShutDown = false
    }

    private let state = Mutex(State())
    private let maxIdleWorkers: Int
    private let parkTimeout: Double

    /// A pool keeping at most `maxIdleWorkers` parked threads, each for at most `parkTimeout` seconds.
    init(maxIdleWorkers: Int = 64, parkTimeout: Double = 5) {
        self.maxIdleWorkers = maxIdleWorkers
        self.parkTimeout = parkTimeout
    }

    /// Runs `job` on a parked thread, or on a new one when none is parked.
    func run(name: String, _ job: @escaping @Sendable () -> Void) {
        let parked = self.state.withLock { $0.idle.popLast() }
        if let parked {
            parked.job.withLock { $0 = job }
            parked.wakeUp.signal()
            return
        }
        let worker = Worker()
        worker.job.withLock { $0 = job }
        let thread = Thread { [self] in
            self.loop(worker)
        }
        thread.name = name
        thread.start()
    }

    /// Wakes every parked thread so it exits; later finished threads exit instead of parking.
    func shutDown() {
        let parked = self.state.withLock { state in
            state.isShutDown = true
            defer { state.idle = [] }
            return state.idle
        }
        for worker in parked {
            worker.wakeUp.signal()
        }
    }

    private func loop(_ worker: Worker) {
        while true {
            let job = worker.job.withLock { job in
                defer { job = nil }
                return job
            }
            // Woken without a job: the pool is shutting down.
            guard let job else {
                return
            }
            job()
            let isParked = self.state.withLock { state in
                guard !state.isShutDown, state.idle.count < self.maxIdleWorkers else {
                    return false
                }
                state.idle.append(worker)
                return true
            }
            guard isParked else {
                return
            }
            if worker.wakeUp.wait(timeout: .now() + self.parkTimeout) == .timedOut {
                let wasStillIdle = self.state.withLock { state in
                    guard let index = state.idle.firstIndex(where: { $0 === worker }) else {
                        return false
                    }
                    state.idle.remove(at: index)
                    return true
                }
                if wasStillIdle {
                    return
                }
                // A job (or the shutdown) was handed over just as the wait timed out; its signal is pending.
                worker.wakeUp.wait()
            }
        }
    }
}

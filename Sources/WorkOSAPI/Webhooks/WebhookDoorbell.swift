// workos-emulator — how a write that queued deliveries wakes the delivery worker.
// Licensed MIT.

import Dispatch
import Synchronization

/// Rung by `EventLog.record` when it queued a delivery; the delivery worker's threads wait on it between passes, so
/// an idle emulator uses no CPU (no polling) and a new delivery goes out at once.
///
/// It is rung inside the write transaction, before COMMIT. That is safe because the worker reads its queue on the
/// writer connection (`Database.writeWithoutTransaction`), which waits for that transaction to end: after a commit
/// the worker sees the delivery, after a rollback there is nothing to see.
public final class WebhookDoorbell: Sendable {
    /// True from a ring until a waiter wakes: further rings add no signal, so a burst of events costs one wake-up.
    private let isRung = Mutex(false)
    /// Remembers a ring that came while no thread was waiting (a semaphore keeps its count; no wake-up is lost).
    private let semaphore = DispatchSemaphore(value: 0)

    /// A quiet doorbell.
    public init() {}

    /// Wakes one waiting worker thread (or the next one to wait).
    public func ring() {
        let shouldSignal = self.isRung.withLock { isRung in
            defer { isRung = true }
            return !isRung
        }
        if shouldSignal {
            self.semaphore.signal()
        }
    }

    /// Blocks until a ring or `deadline` (nil: no deadline). Whoever wakes reads the queue afterwards, so clearing
    /// the flag here cannot lose a ring: a ring dropped while the flag was set belongs to a transaction that the
    /// following queue read waits for.
    func wait(until deadline: DispatchTime?) {
        if let deadline {
            _ = self.semaphore.wait(timeout: deadline)
        } else {
            self.semaphore.wait()
        }
        self.isRung.withLock { $0 = false }
    }

    /// Wakes `count` waiters unconditionally (shutdown).
    func wakeAll(_ count: Int) {
        for _ in 0..<count {
            self.semaphore.signal()
        }
    }
}

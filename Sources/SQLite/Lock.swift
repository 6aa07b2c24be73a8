// workos-emulator: SQLite store.
// A plain pthread mutex: waiters sleep on a futex, a running thread may take the lock first (no hand-off).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error-checking pthread mutex, with a condition variable for threads that wait for a state change.
///
/// Why not `Synchronization.Mutex`: on Linux it is a priority-inheritance futex that spins, then hands the lock to
/// the waiter the kernel picked (FUTEX_LOCK_PI, rt_mutex). With more threads than cores and a lock held for the
/// length of an SQLite query, that forms a convoy: every release waits for a sleeping thread to be scheduled, and
/// spinners burn the core the holder needs. `perf` on `GET /organizations/:id` at 16 connections put 47% of the
/// server's samples in `_MutexHandle._lockSlow` and the PI futex (Benchmarks/results/2026-11-29-sqlite.md).
/// glibc's ordinary mutex lets a running thread take a free lock at once and only sleeps waiters.
final class Lock: @unchecked Sendable {
    // Safety: the mutex and condition live in memory allocated once and never moved (pthread objects must not be
    // copied, https://pubs.opengroup.org/onlinepubs/9799919799/functions/pthread_mutex_init.html); every use goes
    // through the pthread calls, which are thread-safe by definition.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// A new unlocked mutex. Error-checking: locking it again from the thread that holds it traps instead of
    /// deadlocking (a nested `Database.write` is a programmer error).
    init() {
        self.mutex = .allocate(capacity: 1)
        self.condition = .allocate(capacity: 1)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ERRORCHECK))
        let mutexResult = pthread_mutex_init(self.mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        precondition(mutexResult == 0, "pthread_mutex_init failed: \(mutexResult)")
        let conditionResult = pthread_cond_init(self.condition, nil)
        precondition(conditionResult == 0, "pthread_cond_init failed: \(conditionResult)")
    }

    deinit {
        pthread_cond_destroy(self.condition)
        pthread_mutex_destroy(self.mutex)
        self.condition.deallocate()
        self.mutex.deallocate()
    }

    /// Takes the lock, sleeping while another thread holds it.
    func lock() {
        let result = pthread_mutex_lock(self.mutex)
        // EDEADLK: this thread already holds it, e.g. `Database.write` called inside a `Database.write` body.
        precondition(result == 0, "Lock.lock failed (\(result == EDEADLK ? "recursive lock" : "error \(result)"))")
    }

    /// Releases the lock; only its holder may.
    func unlock() {
        let result = pthread_mutex_unlock(self.mutex)
        precondition(result == 0, "Lock.unlock failed: error \(result)")
    }

    /// Runs `body` while holding the lock.
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        self.lock()
        defer { self.unlock() }
        return try body()
    }

    /// Releases the lock, sleeps until `signal` is called, then holds it again; callers re-check their condition
    /// in a loop (wake-ups may be spurious).
    func wait() {
        let result = pthread_cond_wait(self.condition, self.mutex)
        precondition(result == 0, "Lock.wait failed: error \(result)")
    }

    /// Wakes one thread waiting in `wait`.
    func signal() {
        pthread_cond_signal(self.condition)
    }

    /// Wakes every thread waiting in `wait`.
    func broadcast() {
        pthread_cond_broadcast(self.condition)
    }
}

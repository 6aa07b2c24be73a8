// workos-emulator — the background threads that POST queued events to webhook endpoints.
// Licensed MIT.

import Dispatch
import Foundation
import HTTP1
import Synchronization

/// Sends pending webhook deliveries: a few threads of its own (the deliveries block on sockets and SQLite, so they
/// stay off the cooperative pool, style guide "Concurrency"), each taking the delivery due first, POSTing it signed
/// (`WebhookSignature`) and recording the attempt (`WebhookDeliveryQueue`). Idle threads sleep on the doorbell until
/// a write queues a delivery or the next retry is due, so an idle emulator uses no CPU.
///
/// Pending deliveries are rows, so a restart resumes them: the threads' first pass finds whatever is due.
/// A slow or hostile receiver costs at most one thread for the client's timeouts, and reads are capped
/// (`HTTPClient.Configuration`).
final class WebhookDeliveryWorker: Sendable {
    private struct State {
        /// Deliveries being sent, with the handle that aborts each at shutdown.
        var inFlight: [String: HTTPClientCancellation] = [:]
        var isStarted = false
        var isStopped = false
    }

    private let services: Services
    private let queue: WebhookDeliveryQueue
    private let client: HTTPClient
    private let policy: WebhookRetryPolicy
    private let threadCount: Int
    private let state = Mutex(State())
    /// Signalled by each thread as it exits.
    private let exited = DispatchSemaphore(value: 0)

    /// A worker with `threadCount` threads (0: deliveries are queued and never sent, a test hook).
    init(services: Services, client: HTTPClient, policy: WebhookRetryPolicy, threadCount: Int) {
        self.services = services
        self.queue = WebhookDeliveryQueue(services: services)
        self.client = client
        self.policy = policy
        self.threadCount = max(0, threadCount)
    }

    /// Starts the threads; later calls do nothing.
    func start() {
        let shouldStart = self.state.withLock { state in
            defer { state.isStarted = true }
            return !state.isStarted && !state.isStopped
        }
        guard shouldStart else { return }
        for index in 0..<self.threadCount {
            let thread = Thread { [self] in
                self.loop()
                self.exited.signal()
            }
            thread.name = "webhook-delivery-\(index)"
            thread.start()
        }
    }

    /// Stops the threads: deliveries in flight are cancelled (their sockets shut down) and stay pending, to be
    /// resumed by the next start. Waits up to `timeout` for the threads to exit; idempotent.
    func stop(timeout: Duration = .seconds(10)) {
        let (wasRunning, cancellations) = self.state.withLock { state in
            defer { state.isStopped = true }
            return (state.isStarted && !state.isStopped, Array(state.inFlight.values))
        }
        guard wasRunning else { return }
        for cancellation in cancellations {
            cancellation.cancel()
        }
        self.services.webhookDoorbell.wakeAll(self.threadCount)
        let (seconds, attoseconds) = timeout.components
        let milliseconds = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        let deadline = DispatchTime.now() + .milliseconds(milliseconds)
        for _ in 0..<self.threadCount where self.exited.wait(timeout: deadline) == .timedOut {
            self.services.log("webhook delivery: a delivery thread did not stop within \(timeout)")
            return
        }
    }

    private var isStopped: Bool {
        self.state.withLock { $0.isStopped }
    }

    private func loop() {
        while !self.isStopped {
            do {
                let result = try self.claim()
                if result.hasMoreDue {
                    // Another thread can take the next one while this one sends.
                    self.services.webhookDoorbell.ring()
                }
                if let claim = result.claim {
                    self.deliver(claim)
                    continue
                }
                if result.hasMoreDue { continue }
                let next = try self.nextDueTime()
                guard !self.isStopped else { return }
                self.services.webhookDoorbell.wait(until: next.map(self.dispatchTime(forMilliseconds:)))
            } catch {
                // The database failed (or was closed under us at shutdown): pause instead of spinning.
                guard !self.isStopped else { return }
                self.services.log("webhook delivery: \(error)")
                self.services.webhookDoorbell.wait(until: .now() + .seconds(1))
            }
        }
    }

    /// Takes the next due delivery under the writer lock, so that no other thread takes it and so that the read
    /// comes after any transaction that rang the doorbell (`WebhookDoorbell`).
    private func claim() throws -> WebhookDeliveryQueue.ClaimResult {
        try self.services.database.writeWithoutTransaction { connection in
            try self.state.withLock { state in
                guard !state.isStopped else { return WebhookDeliveryQueue.ClaimResult(claim: nil, hasMoreDue: false) }
                let taken = Set(state.inFlight.keys)
                let result = try self.queue.claim(
                    isTaken: { taken.contains($0) }, takenCount: taken.count, in: connection
                )
                if let claim = result.claim {
                    state.inFlight[claim.id] = HTTPClientCancellation()
                }
                return result
            }
        }
    }

    private func nextDueTime() throws -> Int64? {
        let taken = self.state.withLock { Set($0.inFlight.keys) }
        return try self.services.database.writeWithoutTransaction { connection in
            try self.queue.nextDueTime(isTaken: { taken.contains($0) }, takenCount: taken.count, in: connection)
        }
    }

    private func dispatchTime(forMilliseconds due: Int64) -> DispatchTime {
        let wait = max(0, due - self.services.clock.now().milliseconds)
        return .now() + .milliseconds(Int(min(wait, Int64(Int32.max))))
    }

    /// One attempt: POST, then record what happened.
    private func deliver(_ claim: WebhookDeliveryQueue.Claim) {
        let cancellation = self.state.withLock { $0.inFlight[claim.id] }
        defer { _ = self.state.withLock { $0.inFlight.removeValue(forKey: claim.id) } }
        let outcome = self.send(claim, cancellation: cancellation)
        if case .failed = outcome, cancellation?.isCancelled == true {
            // Shutdown interrupted it: not an attempt of the receiver's making; it stays pending for the next start.
            return
        }
        do {
            try self.services.database.write { connection in
                try self.queue.record(outcome, of: claim, policy: self.policy, in: connection)
            }
        } catch {
            self.services.log("webhook delivery \(claim.id): recording the attempt failed: \(error)")
        }
    }

    private func send(
        _ claim: WebhookDeliveryQueue.Claim,
        cancellation: HTTPClientCancellation?
    ) -> WebhookDeliveryQueue.Outcome {
        let signature = WebhookSignature.header(
            secret: claim.secret, timestamp: self.services.clock.now(), body: claim.body
        )
        do {
            let response = try self.client.post(
                url: claim.url,
                headers: [("Content-Type", "application/json"), (WebhookSignature.headerName, signature)],
                body: claim.body,
                cancellation: cancellation
            )
            if response.isSuccess {
                return .delivered(status: response.status)
            }
            let reason = response.reasonPhrase.isEmpty ? "" : " \(response.reasonPhrase)"
            return .failed(
                status: response.status, error: "the endpoint answered \(response.status)\(reason)", isPermanent: false
            )
        } catch {
            switch error.code {
            case .unsupportedScheme:
                return .failed(
                    status: nil,
                    error: "only http:// endpoints can be delivered to: the emulator has no TLS client "
                        + "(\(error.message))",
                    isPermanent: true
                )
            case .invalidURL, .invalidRequest:
                return .failed(status: nil, error: error.message, isPermanent: true)
            default:
                return .failed(status: nil, error: error.message, isPermanent: false)
            }
        }
    }
}

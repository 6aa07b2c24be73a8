// workos-emulator — the delivery worker's side of `webhook_deliveries`: what is due, and what each attempt did.
// Licensed MIT.

import JSONCodec
import SQLite

/// The queue of pending deliveries across every environment, read and updated by `WebhookDeliveryWorker`.
struct WebhookDeliveryQueue: Sendable {
    /// `last_error` of deliveries whose endpoint was deleted before they went out.
    static let endpointDeletedReason = "the webhook endpoint was deleted"
    /// `last_error` of deliveries whose endpoint was disabled before they went out.
    static let endpointDisabledReason = "the webhook endpoint is disabled"

    /// One delivery ready to send: where, with which key, and the exact body.
    struct Claim: Sendable {
        /// `webhook_delivery_…`.
        var id: String
        /// Attempts made before this one.
        var attempts: Int
        /// The endpoint's current URL.
        var url: String
        /// The endpoint's signing secret.
        var secret: String
        /// The event exactly as `GET /events` renders it.
        var body: [UInt8]
    }

    /// The result of a claim: a delivery to send (nil when none is due) and whether more are due.
    struct ClaimResult: Sendable {
        var claim: Claim?
        var hasMoreDue: Bool
    }

    /// Shared services.
    let services: Services

    /// Picks the delivery due first (`next_attempt_at <= now`) whose id `isTaken` does not claim, and builds its
    /// request. A delivery whose endpoint was deleted or disabled, or whose event is gone, is marked failed here
    /// instead. Run on the writer connection (see `WebhookDoorbell`).
    func claim(isTaken: (String) -> Bool, takenCount: Int, in connection: Connection) throws -> ClaimResult {
        let now = self.services.clock.now()
        let rows = try connection.fetchAll(
            """
            SELECT id, environment_id, endpoint_id, event_id, attempts FROM webhook_deliveries
            WHERE status = 'pending' AND next_attempt_at <= ?
            ORDER BY next_attempt_at, id LIMIT ?
            """,
            [.integer(now.milliseconds), .integer(Int64(takenCount + 2))]
        )
        let free = rows.filter { !isTaken($0["id"]) }
        guard let row = free.first else { return ClaimResult(claim: nil, hasMoreDue: false) }
        let id: String = row["id"]
        let environmentID: String = row["environment_id"]
        let endpointID: String = row["endpoint_id"]
        let eventID: String = row["event_id"]
        guard
            let endpointRow = try connection.fetchOne(
                "SELECT * FROM webhook_endpoints WHERE environment_id = ? AND id = ?",
                [.text(environmentID), .text(endpointID)]
            )
        else {
            try self.fail(id: id, reason: Self.endpointDeletedReason, in: connection)
            return ClaimResult(claim: nil, hasMoreDue: true)
        }
        let endpoint = WebhookEndpoint(row: endpointRow)
        guard endpoint.status == .enabled else {
            try self.fail(id: id, reason: Self.endpointDisabledReason, in: connection)
            return ClaimResult(claim: nil, hasMoreDue: true)
        }
        guard
            let eventRow = try connection.fetchOne(
                "SELECT * FROM events WHERE environment_id = ? AND id = ?", [.text(environmentID), .text(eventID)]
            )
        else {
            try self.fail(id: id, reason: "the event no longer exists", in: connection)
            return ClaimResult(claim: nil, hasMoreDue: true)
        }
        // The body is the `/events` object itself (catalog-A §2), serialized once per attempt by the same code.
        let body = Array(Event(row: eventRow).json.serializedString.utf8)
        let claim = Claim(
            id: id, attempts: row["attempts"], url: endpoint.endpointURL, secret: endpoint.secret, body: body
        )
        return ClaimResult(claim: claim, hasMoreDue: free.count > 1)
    }

    /// When the earliest pending delivery that `isTaken` does not claim is due, in ms since the epoch; nil when none.
    func nextDueTime(isTaken: (String) -> Bool, takenCount: Int, in connection: Connection) throws -> Int64? {
        let rows = try connection.fetchAll(
            """
            SELECT id, next_attempt_at FROM webhook_deliveries
            WHERE status = 'pending' AND next_attempt_at IS NOT NULL
            ORDER BY next_attempt_at, id LIMIT ?
            """,
            [.integer(Int64(takenCount + 1))]
        )
        return rows.first { !isTaken($0["id"]) }.map { $0["next_attempt_at"] as Int64 }
    }

    /// What one attempt came to.
    enum Outcome: Sendable {
        /// A 2xx.
        case delivered(status: Int)
        /// Another status, or no response; `isPermanent` when no later attempt can do better (an https:// URL).
        case failed(status: Int?, error: String, isPermanent: Bool)
    }

    /// Records an attempt: delivered, pending with the next attempt scheduled by `policy`, or failed for good.
    func record(
        _ outcome: Outcome,
        of claim: Claim,
        policy: WebhookRetryPolicy,
        in connection: Connection
    ) throws {
        let now = self.services.clock.now()
        let attempts = claim.attempts + 1
        switch outcome {
        case .delivered(let status):
            try connection.execute(
                """
                UPDATE webhook_deliveries SET status = 'delivered', attempts = ?, response_status = ?,
                    last_error = NULL, next_attempt_at = NULL, url = ?, updated_at = ?, delivered_at = ?
                WHERE id = ? AND status = 'pending'
                """,
                [
                    .integer(Int64(attempts)), .integer(Int64(status)), .text(claim.url), .text(now.iso8601),
                    .text(now.iso8601), .text(claim.id),
                ]
            )
        case .failed(let status, let error, let isPermanent):
            let delay = isPermanent ? nil : policy.delayMilliseconds(afterAttempts: attempts)
            try connection.execute(
                """
                UPDATE webhook_deliveries SET status = ?, attempts = ?, response_status = ?, last_error = ?,
                    next_attempt_at = ?, url = ?, updated_at = ?
                WHERE id = ? AND status = 'pending'
                """,
                [
                    .text(delay == nil ? "failed" : "pending"), .integer(Int64(attempts)),
                    status.map { .integer(Int64($0)) } ?? .null, .text(error),
                    delay.map { .integer(now.milliseconds + $0) } ?? .null, .text(claim.url), .text(now.iso8601),
                    .text(claim.id),
                ]
            )
        }
    }

    private func fail(id: String, reason: String, in connection: Connection) throws {
        try connection.execute(
            """
            UPDATE webhook_deliveries SET status = 'failed', last_error = ?, next_attempt_at = NULL, updated_at = ?
            WHERE id = ?
            """,
            [.text(reason), .text(self.services.clock.now().iso8601), .text(id)]
        )
    }
}

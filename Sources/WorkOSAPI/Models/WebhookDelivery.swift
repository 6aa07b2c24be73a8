// workos-emulator — one delivery of an event to a webhook endpoint, as `GET /_emulator/webhook_deliveries` lists it
// (emulator.md "Control API").
// Licensed MIT.

import JSONCodec
import SQLite

/// `{object, id, endpoint_id, url, event_id, event, status, attempts, response_status, last_error, created_at,
/// delivered_at}`; `response_status`, `last_error` and `delivered_at` are null until they apply.
public struct WebhookDelivery: Sendable, Equatable, JSONRepresentable {
    /// Where the delivery stands.
    public enum Status: String, Sendable {
        /// Not yet answered with a 2xx; another attempt is due at `nextAttemptAt`.
        case pending
        /// A 2xx answered an attempt.
        case delivered
        /// Every attempt failed, or the endpoint went away.
        case failed
    }

    /// `webhook_delivery_…`.
    public var id: String
    /// The endpoint it goes to.
    public var endpointID: String
    /// The URL of the last attempt (the endpoint's at creation until then).
    public var url: String
    /// The event delivered.
    public var eventID: String
    /// The event's type.
    public var event: String
    /// pending, delivered or failed.
    public var status: Status
    /// Attempts made so far.
    public var attempts: Int
    /// The HTTP status of the last answered attempt.
    public var responseStatus: Int?
    /// Why the last attempt failed.
    public var lastError: String?
    /// When the next attempt is due, while pending.
    public var nextAttemptAt: Timestamp?
    /// When the event was recorded for delivery.
    public var createdAt: Timestamp
    /// When a 2xx came back.
    public var deliveredAt: Timestamp?

    /// Decodes a row of `webhook_deliveries`.
    public init(row: Row) {
        self.id = row["id"]
        self.endpointID = row["endpoint_id"]
        self.url = row["url"]
        self.eventID = row["event_id"]
        self.event = row["event"]
        self.status = Status(rawValue: row["status"]) ?? .failed
        self.attempts = row["attempts"]
        self.responseStatus = row["response_status"]
        self.lastError = row["last_error"]
        self.nextAttemptAt = (row["next_attempt_at"] as Int64?).map(Timestamp.init(milliseconds:))
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.deliveredAt = (row["delivered_at"] as String?).flatMap(Timestamp.init(iso8601:))
    }

    /// The wire form.
    public var json: JSON {
        [
            "object": "webhook_delivery",
            "id": .string(self.id),
            "endpoint_id": .string(self.endpointID),
            "url": .string(self.url),
            "event_id": .string(self.eventID),
            "event": .string(self.event),
            "status": .string(self.status.rawValue),
            "attempts": .int(self.attempts),
            "response_status": self.responseStatus.map(JSON.int) ?? .null,
            "last_error": self.lastError.map(JSON.string) ?? .null,
            "created_at": .string(self.createdAt.iso8601),
            "delivered_at": self.deliveredAt.map { .string($0.iso8601) } ?? .null,
        ]
    }
}

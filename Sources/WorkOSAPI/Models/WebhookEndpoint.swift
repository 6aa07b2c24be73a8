// workos-emulator — the webhook endpoint object (https://workos.com/docs/reference/webhooks; spec
// `WebhookEndpointJson`; Python SDK workos 10.6.0 `workos/webhooks/models/webhook_endpoint.py`).
// Licensed MIT.

import JSONCodec
import SQLite

/// A webhook endpoint, `we_…`: `{object, id, endpoint_url, secret, status, events, created_at, updated_at}`.
public struct WebhookEndpoint: Sendable, Equatable, JSONRepresentable {
    /// Whether deliveries are made (spec `WebhookEndpointJson.status`).
    public enum Status: String, Sendable {
        /// Matching events are delivered.
        case enabled
        /// Nothing is delivered; pending deliveries fail at their next attempt.
        case disabled
    }

    /// `we_…`.
    public var id: String
    /// Where deliveries are POSTed.
    public var endpointURL: String
    /// The key of the `WorkOS-Signature` HMAC; the spec's object carries it in every response.
    public var secret: String
    /// Enabled or disabled.
    public var status: Status
    /// The event types delivered; empty means every event (only the control API creates such endpoints).
    public var events: [String]
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Decodes a row of `webhook_endpoints`.
    public init(row: Row) {
        self.id = row["id"]
        self.endpointURL = row["endpoint_url"]
        self.secret = row["secret"]
        self.status = Status(rawValue: row["status"]) ?? .disabled
        let events = (try? JSON.parse(row["events"] as String))?.arrayValue ?? []
        self.events = events.compactMap(\.stringValue)
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
        self.updatedAt = Timestamp(iso8601: row["updated_at"]) ?? Timestamp(milliseconds: 0)
    }

    /// True when an event of type `name` goes to this endpoint (status aside).
    public func isSubscribed(to name: String) -> Bool {
        self.events.isEmpty || self.events.contains(name)
    }

    /// The wire form.
    public var json: JSON {
        [
            "object": "webhook_endpoint",
            "id": .string(self.id),
            "endpoint_url": .string(self.endpointURL),
            "secret": .string(self.secret),
            "status": .string(self.status.rawValue),
            "events": self.events.json,
            "created_at": .string(self.createdAt.iso8601),
            "updated_at": .string(self.updatedAt.iso8601),
        ]
    }
}

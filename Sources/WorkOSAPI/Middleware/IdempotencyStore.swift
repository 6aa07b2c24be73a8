// workos-emulator — `Idempotency-Key` on POST: the same key on the same path within 24 h replays the first
// response (catalog-B §1.2; Python 10 sends a fresh key on every POST, Node on every retried POST).
// Licensed MIT.

import HTTP1
import SQLite
import Synchronization

/// Stores successful POST responses by (environment, key, path) and replays them.
final class IdempotencyStore: Sendable {
    /// How long a key is remembered (WorkOS: "expires after 24 hours").
    static let lifetimeSeconds: Int64 = 24 * 60 * 60
    /// Expired keys are swept once every this many stored responses.
    static let sweepInterval = 512

    private let services: Services
    private let inFlight = Mutex<Set<String>>([])
    private let storedCount = Mutex<Int>(0)

    init(services: Services) {
        self.services = services
    }

    /// Replays the stored response for this key and path, or runs `body` and stores its response when it is a 2xx.
    /// A second request with a key whose first request is still running gets a 409 instead of a second write.
    func perform(key: String, context: RequestContext, _ body: () throws -> HTTPResponse) throws -> HTTPResponse {
        let environmentID = context.environment.id
        let path = context.request.path
        let now = self.services.clock.now()
        let cutoff = now.adding(seconds: -Self.lifetimeSeconds).iso8601
        if let row = try self.services.database.read({ connection in
            try connection.fetchOne(
                """
                SELECT status, content_type, body FROM idempotency_keys
                WHERE environment_id = ? AND key = ? AND path = ? AND created_at >= ?
                """,
                [.text(environmentID), .text(key), .text(path), .text(cutoff)]
            )
        }) {
            var headers = HTTPHeaders()
            if let contentType: String = row["content_type"] { headers.add(name: "Content-Type", value: contentType) }
            headers.add(name: "Idempotent-Replayed", value: "true")
            let status: Int = row["status"]
            return HTTPResponse(status: HTTPStatus(code: status, reasonPhrase: ""), headers: headers, body: row["body"])
        }
        let slot = environmentID + "\u{0}" + key + "\u{0}" + path
        guard self.inFlight.withLock({ $0.insert(slot).inserted }) else {
            throw APIError.conflict(
                .idempotencyKeyInUse, "A request with this Idempotency-Key is still being processed."
            )
        }
        defer { _ = self.inFlight.withLock { $0.remove(slot) } }
        let response = try body()
        guard (200..<300).contains(response.status.code) else { return response }
        let shouldSweep = self.storedCount.withLock { count -> Bool in
            count += 1
            return count % Self.sweepInterval == 0
        }
        try self.services.database.write { connection in
            try connection.execute(
                """
                INSERT OR REPLACE INTO idempotency_keys (environment_id, key, path, status, content_type, body, \
                created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(environmentID), .text(key), .text(path), .integer(Int64(response.status.code)),
                    SQLValue(response.headers["Content-Type"]), .blob(response.body), .text(now.iso8601),
                ]
            )
            if shouldSweep {
                try connection.execute("DELETE FROM idempotency_keys WHERE created_at < ?", [.text(cutoff)])
            }
        }
        return response
    }
}

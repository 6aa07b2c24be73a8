// workos-emulator — run-time settings (emulator.md "Command line").
// Licensed MIT.

/// Everything the emulator needs to start.
public struct Configuration: Sendable {
    /// Address to bind (`127.0.0.1`; `0.0.0.0` in the Docker image).
    public var host = "127.0.0.1"
    /// Port; 0 picks a free one.
    public var port = 8484
    /// SQLite file, or `:memory:`.
    public var databasePath = "workos-emulator.sqlite"
    /// Seed file; nil means the bundled `seed/default.json`.
    public var seedPath: String?
    /// API key of the default environment, overriding the seed's.
    public var apiKey: String?
    /// Client id of the default environment, overriding the seed's.
    public var clientID: String?
    /// The token that opens `GET /_emulator/inspector` to clients that are not on loopback (16–256 cookie-safe
    /// characters, see `InspectorAccess.problem(withToken:)`); nil keeps the page loopback-only.
    public var inspectorToken: String?
    /// **Test-only hook**: treat every client of the inspector as remote (not on loopback), so tests, whose clients
    /// are all on 127.0.0.1, can exercise the remote rules end to end. No flag or environment variable sets it.
    public var inspectorTreatsEveryPeerAsRemote = false
    /// Largest request body accepted (413 beyond).
    public var maxBodyBytes = 1 << 20
    /// Most simultaneous connections (503 beyond).
    public var maxConnections = 1024
    /// Webhook deliveries: attempts and backoff (`--webhook-max-attempts`, `--webhook-retry-delay-ms`).
    public var webhookRetryPolicy = WebhookRetryPolicy()
    /// Webhook deliveries: the limit on connecting, and on sending and getting the status line once connected.
    public var webhookTimeout: Duration = .seconds(5)
    /// Webhook deliveries: how many are sent at once (one thread each). **Test hook** at 0: deliveries are queued
    /// and never sent (no flag sets it).
    public var webhookConcurrency = 4
    /// Where log lines go (standard error by default).
    public var log: @Sendable (String) -> Void = { Log.standardError($0) }

    /// Defaults.
    public init() {}
}

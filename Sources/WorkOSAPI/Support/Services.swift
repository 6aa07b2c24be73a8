// workos-emulator — what every handler and repository shares.
// Licensed MIT.

import SQLite

/// The shared services of a running emulator: the store, ids, time, API keys and the log.
public struct Services: Sendable {
    /// The SQLite store.
    public let database: Database
    /// Id generator (ULIDs).
    public let ids: IDGenerator
    /// The one clock.
    public let clock: any EmulatorClock
    /// API key → environment, compared in constant time.
    public let keys: KeyRing
    /// Writes one line to the log (standard error).
    public let log: @Sendable (String) -> Void
    /// Signing keys parsed once.
    public let signingKeys: SigningKeyCache
    /// Rung when a write queues a webhook delivery (`EventLog.record`), waking the delivery worker.
    public let webhookDoorbell: WebhookDoorbell

    /// Bundles the services.
    public init(
        database: Database,
        ids: IDGenerator,
        clock: any EmulatorClock,
        keys: KeyRing,
        log: @escaping @Sendable (String) -> Void,
        signingKeys: SigningKeyCache = SigningKeyCache(),
        webhookDoorbell: WebhookDoorbell = WebhookDoorbell()
    ) {
        self.database = database
        self.ids = ids
        self.clock = clock
        self.keys = keys
        self.log = log
        self.signingKeys = signingKeys
        self.webhookDoorbell = webhookDoorbell
    }
}

// workos-emulator — an emulator environment (emulator.md "Environments and credentials").
// Licensed MIT.

import JSONCodec
import SQLite

/// What WorkOS calls an environment: API keys, a client id, redirect URIs and all data created with its keys.
public struct Environment: Sendable, Equatable {
    /// `env_…`.
    public var id: String
    /// Display name.
    public var name: String
    /// The client id (`client_…`).
    public var clientID: String
    /// True for the environment the command line's `--api-key` belongs to.
    public var isDefault: Bool
    /// Creation time.
    public var createdAt: Timestamp

    /// Decodes a row of `environments`.
    public init(row: Row) {
        self.id = row["id"]
        self.name = row["name"]
        self.clientID = row["client_id"]
        self.isDefault = row["is_default"]
        self.createdAt = Timestamp(iso8601: row["created_at"]) ?? Timestamp(milliseconds: 0)
    }
}

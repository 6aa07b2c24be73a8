// workos-emulator: SQLite store.
// One schema migration: a numbered SQL script that never changes once shipped.

/// One migration: `version` orders it and is recorded in `schema_migrations`; `sql` is a script of statements.
///
/// Once shipped, a migration is never edited: fix forward with a new one (GRDB, Migrations.md). The script must not
/// contain BEGIN/COMMIT: the migrator runs it inside its own transaction.
public struct Migration: Sendable, Hashable {
    /// The number that orders migrations, the `NNNN` of `NNNN_name.sql`.
    public let version: Int
    /// The descriptive part of the file name, recorded alongside the version.
    public let name: String
    /// The SQL script.
    public let sql: String

    /// Makes a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

// workos-emulator: SQLite store.
// Applies numbered SQL migrations in order, each in one transaction with its schema_migrations row
// (GRDB `DatabaseMigrator`).

import Foundation

/// An ordered set of migrations and the code that applies the ones a database has not recorded yet.
public struct Migrator: Sendable {
    /// The migrations, by ascending version.
    public let migrations: [Migration]

    /// The table that records applied migrations; its shape never changes.
    static let createTableSQL = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """

    /// Makes a migrator from migrations written in code; two with the same version is a programmer error.
    public init(migrations: [Migration]) {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (previous, next) in zip(sorted, sorted.dropFirst()) {
            precondition(
                previous.version != next.version,
                "migration version \(next.version) is used twice: \(previous.name), \(next.name)"
            )
        }
        self.migrations = sorted
    }

    /// Reads every `NNNN_name.sql` file of a directory, ordered by number; other files and hidden ones are ignored.
    ///
    /// Throws `MigratorError.invalidFileName` for a `.sql` file named otherwise and `.duplicateVersion` when two
    /// files share a number (`0002_a.sql`, `002_b.sql`).
    public init(directory: URL) throws {
        let urls = try FileManager.default.contentsOfDirectory(
            at: directory,
            includingPropertiesForKeys: nil,
            options: [.skipsHiddenFiles]
        )
        var loaded: [(fileName: String, migration: Migration)] = []
        for url in urls where url.pathExtension == "sql" {
            let fileName = url.lastPathComponent
            guard let (version, name) = Self.parseFileName(fileName) else {
                throw MigratorError.invalidFileName(fileName)
            }
            let sql = try String(contentsOf: url, encoding: .utf8)
            loaded.append((fileName, Migration(version: version, name: name, sql: sql)))
        }
        loaded.sort { ($0.migration.version, $0.fileName) < ($1.migration.version, $1.fileName) }
        for (previous, next) in zip(loaded, loaded.dropFirst())
        where previous.migration.version == next.migration.version {
            let names = loaded.filter { $0.migration.version == next.migration.version }.map(\.fileName)
            throw MigratorError.duplicateVersion(next.migration.version, names: names)
        }
        self.migrations = loaded.map(\.migration)
    }

    /// Splits `0001_initial.sql` into (1, "initial"); nil unless it is digits, `_`, then `[A-Za-z0-9_-]+`, `.sql`.
    static func parseFileName(_ fileName: String) -> (version: Int, name: String)? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(".sql".count)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }), let version = Int(digits) else {
            return nil
        }
        let allowed: (Character) -> Bool = { character in
            character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == "-")
        }
        guard !name.isEmpty, name.allSatisfy(allowed) else { return nil }
        return (version, String(name))
    }

    /// Creates `schema_migrations` if needed and applies each migration not recorded there, in version order.
    ///
    /// Each migration runs in its own transaction together with its `schema_migrations` row, so a failing one
    /// leaves neither its schema changes nor its row behind. Returns the versions applied by this call.
    @discardableResult
    public func migrate(_ database: Database) throws -> [Int] {
        try database.write { connection in
            try connection.execute(Self.createTableSQL)
        }
        let recorded = Set(try self.appliedVersions(in: database))
        var applied: [Int] = []
        for migration in self.migrations where !recorded.contains(migration.version) {
            if try self.apply(migration, to: database) {
                applied.append(migration.version)
            }
        }
        return applied
    }

    /// The versions recorded in `schema_migrations`, ascending; empty when the table does not exist yet.
    public func appliedVersions(in database: Database) throws -> [Int] {
        try database.read { connection in
            let tableExists = try connection.fetchOne(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"
            )
            guard tableExists != nil else { return [] }
            return try connection.fetchAll("SELECT version FROM schema_migrations ORDER BY version").map { row in
                row["version"] as Int
            }
        }
    }

    /// Applies one migration unless another process recorded it meanwhile; returns whether it ran.
    private func apply(_ migration: Migration, to database: Database) throws -> Bool {
        // On the writer, outside a transaction: `transaction` below opens one, after the PRAGMA.
        try database.writeWithoutTransaction { connection in
            // The procedure of https://sqlite.org/lang_altertable.html#otheralter: foreign keys off (the pragma is
            // a no-op inside a transaction), change the schema in a transaction, run foreign_key_check, commit.
            // With enforcement on, a DROP TABLE while rebuilding a parent would cascade into its children.
            let enforcesForeignKeys = try connection.isForeignKeyEnforcementOn()
            if enforcesForeignKeys {
                try connection.execute("PRAGMA foreign_keys = OFF")
            }
            defer {
                if enforcesForeignKeys {
                    try? connection.execute("PRAGMA foreign_keys = ON")
                }
            }
            return try connection.transaction {
                let versionValue = SQLValue(migration.version)
                let isRecorded = try connection.fetchOne(
                    "SELECT 1 FROM schema_migrations WHERE version = ?",
                    [versionValue]
                )
                guard isRecorded == nil else { return false }
                do {
                    try connection.executeScript(migration.sql)
                } catch let error as SQLiteError {
                    throw MigratorError.migrationFailed(version: migration.version, name: migration.name, error: error)
                }
                let violations = try connection.foreignKeyCheck()
                guard violations.isEmpty else {
                    throw MigratorError.foreignKeyViolations(
                        version: migration.version,
                        name: migration.name,
                        violations: violations
                    )
                }
                try connection.execute(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                    """,
                    [versionValue, SQLValue(migration.name)]
                )
                return true
            }
        }
    }
}

// workos-emulator: SQLite store.
// Why a set of migrations could not be loaded or applied.

/// A migration set that cannot be loaded, or a migration that failed and was rolled back.
public enum MigratorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A `.sql` file whose name is not `NNNN_name.sql` (digits, underscore, then letters, digits, `_` or `-`).
    case invalidFileName(String)
    /// Two migrations share a version number.
    case duplicateVersion(Int, names: [String])
    /// A migration's SQL failed; its transaction, schema_migrations row included, was rolled back.
    case migrationFailed(version: Int, name: String, error: SQLiteError)
    /// A migration left rows that break foreign keys; it was rolled back.
    case foreignKeyViolations(version: Int, name: String, violations: [ForeignKeyViolation])

    /// One line naming the file or migration and what went wrong.
    public var description: String {
        switch self {
        case .invalidFileName(let fileName):
            return "migration file '\(fileName)' is not named NNNN_name.sql"
        case .duplicateVersion(let version, let names):
            return "migration version \(version) is used more than once: \(names.joined(separator: ", "))"
        case .migrationFailed(let version, let name, let error):
            return "migration \(version) \(name) failed and was rolled back: \(error)"
        case .foreignKeyViolations(let version, let name, let violations):
            let list = violations.map(\.description).joined(separator: "; ")
            return "migration \(version) \(name) broke foreign keys and was rolled back: \(list)"
        }
    }
}

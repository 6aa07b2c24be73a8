// workos-emulator — `?, ?, …` lists for `IN (…)` clauses, the one sanctioned way to build SQL text from a count.
// Licensed MIT.

/// Placeholder lists for SQL `IN (…)` clauses: the values themselves are always bound.
enum SQLPlaceholders {
    /// `count` comma-separated `?` placeholders, e.g. `"?, ?, ?"`.
    static func list(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

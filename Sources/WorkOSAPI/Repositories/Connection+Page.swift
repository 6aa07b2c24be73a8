// workos-emulator — one page of a list query, shared by every list endpoint.
// Licensed MIT.

import SQLite

extension Connection {
    /// Fetches one page of rows of `table` that match every fragment of `filters` (SQL with `?` placeholders,
    /// joined by AND, bound to `arguments`), ordered by id. Ids are ULIDs, so id order is creation order.
    ///
    /// Cursor rules (catalog-A §1.7): `after=X` returns the items that come after X in the chosen order, `before=X`
    /// the ones before it; `list_metadata.after` is the last item's id when more follow, `before` the first item's
    /// id when items precede it. `order=normal` is descending with the two cursors swapped (spec `PaginationOrder`).
    /// `table` is always a constant of the caller, never client input.
    func fetchPage(
        from table: String,
        where filters: [String],
        _ arguments: [SQLValue],
        pagination: Pagination
    ) throws -> Page<Row> {
        var before = pagination.before
        var after = pagination.after
        let isNormal = pagination.order == .normal
        if isNormal { swap(&before, &after) }
        let descending = pagination.order != .asc
        let isForward = before == nil || after != nil
        let cursor = isForward ? after : before
        // "Comes after X" in display order: a smaller id when descending, a larger one when ascending.
        let followsOperator = descending ? "<" : ">"
        let precedesOperator = descending ? ">" : "<"

        var clauses = filters
        var values = arguments
        if let cursor {
            clauses.append("id \(isForward ? followsOperator : precedesOperator) ?")
            values.append(.text(cursor))
        }
        let direction = descending == isForward ? "DESC" : "ASC"
        let condition = clauses.isEmpty ? "1" : clauses.joined(separator: " AND ")
        var rows = try self.fetchAll(
            "SELECT * FROM \(table) WHERE \(condition) ORDER BY id \(direction) LIMIT ?",
            values + [.integer(Int64(pagination.limit + 1))]
        )
        let hasMore = rows.count > pagination.limit
        if hasMore { rows.removeLast(rows.count - pagination.limit) }
        if !isForward { rows.reverse() }

        func exists(_ op: String, _ id: String) throws -> Bool {
            let sql = "SELECT 1 FROM \(table) WHERE \((filters + ["id \(op) ?"]).joined(separator: " AND ")) LIMIT 1"
            return try self.fetchOne(sql, arguments + [.text(id)]) != nil
        }
        let firstID: String? = rows.first?["id"]
        let lastID: String? = rows.last?["id"]
        var pageBefore: String?
        var pageAfter: String?
        if isForward {
            pageAfter = hasMore ? lastID : nil
            if cursor != nil, let firstID, try exists(precedesOperator, firstID) { pageBefore = firstID }
        } else {
            pageBefore = hasMore ? firstID : nil
            if let lastID, try exists(followsOperator, lastID) { pageAfter = lastID }
        }
        if isNormal { swap(&pageBefore, &pageAfter) }
        return Page(items: rows, before: pageBefore, after: pageAfter)
    }
}

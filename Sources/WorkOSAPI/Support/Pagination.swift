// workos-emulator — the cursor pagination every WorkOS list shares (catalog-A §1.7, catalog-B §1.5).
// Licensed MIT.

import HTTP1

/// The pagination parameters of a list request: `limit`, `before`, `after`, `order`.
public struct Pagination: Sendable, Equatable {
    /// Sort order by creation time.
    public enum Order: String, Sendable {
        /// Oldest first.
        case asc
        /// Newest first (the default).
        case desc
        /// Newest first, with reversed cursors: `before` fetches older records, `after` newer ones (spec
        /// `PaginationOrder`).
        case normal
    }

    /// Page size, 1–100, default 10.
    public var limit: Int
    /// Return the items that come before this id in the chosen order.
    public var before: String?
    /// Return the items that come after this id in the chosen order.
    public var after: String?
    /// Sort order, default `desc`.
    public var order: Order

    /// Page size when the request names none.
    public static let defaultLimit = 10
    /// Largest page a request may ask for.
    public static let maximumLimit = 100

    /// Explicit parameters.
    public init(
        limit: Int = Pagination.defaultLimit, before: String? = nil, after: String? = nil, order: Order = .desc
    ) {
        self.limit = limit
        self.before = before
        self.after = after
        self.order = order
    }

    /// Reads the parameters from a query string; a bad `limit` or `order` is a 422 naming the field.
    public init(query: QueryItems) throws(APIError) {
        var errors: [FieldError] = []
        var limit = Self.defaultLimit
        if let text = query["limit"], !text.isEmpty {
            if let value = Int(text), (1...Self.maximumLimit).contains(value) {
                limit = value
            } else {
                errors.append(.invalid("limit", "limit must be an integer between 1 and \(Self.maximumLimit)."))
            }
        }
        var order = Order.desc
        if let text = query["order"], !text.isEmpty {
            if let value = Order(rawValue: text) {
                order = value
            } else {
                errors.append(.invalid("order", "order must be one of asc, desc, normal."))
            }
        }
        if !errors.isEmpty { throw .validation(errors) }
        self.init(
            limit: limit,
            before: query["before"].flatMap { $0.isEmpty ? nil : $0 },
            after: query["after"].flatMap { $0.isEmpty ? nil : $0 },
            order: order
        )
    }
}

/// One page of a list: the items in display order and the cursors of `list_metadata`.
public struct Page<Item: Sendable>: Sendable {
    /// The items, in the requested order.
    public var items: [Item]
    /// Id of the first item when items precede it, else nil.
    public var before: String?
    /// Id of the last item when items follow it, else nil.
    public var after: String?

    /// A page.
    public init(items: [Item], before: String?, after: String?) {
        self.items = items
        self.before = before
        self.after = after
    }

    /// The same page with every item transformed.
    public func map<T: Sendable>(_ transform: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(items: try self.items.map(transform), before: self.before, after: self.after)
    }
}

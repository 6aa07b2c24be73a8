// workos-emulator — the list envelope `{"object":"list","data":[…],"list_metadata":{…}}` (catalog-A §1.7).
// Licensed MIT.

import HTTP1
import JSONCodec

/// Renders lists in the WorkOS envelope. `list_metadata` always carries both keys, null when absent
/// (Node dereferences it and Python 5 requires it); `/events` carries only `after`.
public enum ListResponse {
    /// The standard envelope with `before` and `after`.
    public static func make<Item: JSONRepresentable>(_ page: Page<Item>) -> HTTPResponse {
        .json([
            "object": "list",
            "data": .array(page.items.map(\.json)),
            "list_metadata": ["before": page.before.json, "after": page.after.json],
        ])
    }

    /// The `/events` envelope: `list_metadata` has only `after`.
    public static func makeAfterOnly<Item: JSONRepresentable>(_ page: Page<Item>) -> HTTPResponse {
        .json([
            "object": "list",
            "data": .array(page.items.map(\.json)),
            "list_metadata": ["after": page.after.json],
        ])
    }

    /// An unpaginated list `{"object":"list","data":[…]}` (roles endpoints).
    public static func makeUnpaginated<Item: JSONRepresentable>(_ items: [Item]) -> HTTPResponse {
        .json(["object": "list", "data": .array(items.map(\.json))])
    }
}

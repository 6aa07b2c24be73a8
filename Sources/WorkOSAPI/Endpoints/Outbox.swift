// workos-emulator — `GET /_emulator/emails`, the e-mail outbox (emulator.md "Control API").
// Licensed MIT.

import HTTP1

/// The outbox: every e-mail the real service would have sent (magic auth, email verification, password reset,
/// invitations, …), for tests to read codes and links from.
enum Outbox {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/_emulator/emails", self.list)
    }

    /// `GET /_emulator/emails?to=&limit=&after=&before=&order=`: the caller's environment only, newest first, in the
    /// standard list envelope.
    @Sendable static func list(_ context: RequestContext) throws -> HTTPResponse {
        let pagination = try Pagination(query: context.request.query)
        let to = context.request.query["to"]
        let page = try context.read { connection in
            try context.outbox.list(to: to, pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }
}

// workos-emulator — Events (https://workos.com/docs/reference/events; catalog-A §2).
// Licensed MIT.

import HTTP1

/// `GET /events`.
enum Events {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/events", self.list)
    }

    /// `GET /events`: `events` is required (SDKs always send it; 422 `required` otherwise), `organization_id`
    /// must name an existing organization (400 "Organization not found: '…'." as in the spec), `range_start` and
    /// `range_end` are ISO 8601; `list_metadata` carries only `after`.
    @Sendable static func list(_ context: RequestContext) throws -> HTTPResponse {
        let query = context.request.query
        var errors: [FieldError] = []
        var filter = EventLog.Filter()
        filter.events = query.array("events")
        if filter.events.isEmpty { errors.append(.required("events")) }
        for name in ["range_start", "range_end"] {
            guard let text = query[name], !text.isEmpty else { continue }
            guard let instant = Timestamp(iso8601: text) else {
                errors.append(.invalid(name, "\(name) must be an ISO 8601 date-time."))
                continue
            }
            if name == "range_start" { filter.rangeStart = instant } else { filter.rangeEnd = instant }
        }
        var pagination = Pagination()
        do {
            pagination = try Pagination(query: query)
        } catch {
            errors += error.fieldErrors
        }
        if !errors.isEmpty { throw APIError.validation(errors) }
        if let organizationID = query["organization_id"], !organizationID.isEmpty {
            filter.organizationID = organizationID
        }
        let page = try context.read { connection in
            if let organizationID = filter.organizationID,
                try context.organizations.fetchOne(id: organizationID, in: connection) == nil
            {
                throw APIError.badRequest("Organization not found: '\(organizationID)'.")
            }
            return try context.events.list(filter, pagination: pagination, in: connection)
        }
        return ListResponse.makeAfterOnly(page)
    }
}

// workos-emulator — Directory Sync (https://workos.com/docs/reference/directory-sync; catalog-B §3): directories,
// their users and groups, and the control calls that stand in for the directory provider (emulator.md "Control API").
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// `/directories`, `/directory_users`, `/directory_groups`: read, delete a directory, request a sync;
/// `/_emulator/directories…`, `/_emulator/directory_users/…`, `/_emulator/directory_groups/…`: what a SCIM or
/// HRIS provider would push (DirectorySync+Control.swift).
enum DirectorySync {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.get, "/directories", self.listDirectories)
        routes.add(.get, "/directories/:id", self.getDirectory)
        routes.add(.delete, "/directories/:id", self.deleteDirectory)
        routes.add(.post, "/directories/:id/sync", self.syncDirectory)
        routes.add(.get, "/directory_users", self.listUsers)
        routes.add(.get, "/directory_users/:id", self.getUser)
        routes.add(.get, "/directory_groups", self.listGroups)
        routes.add(.get, "/directory_groups/:id", self.getGroup)
        routes.add(.post, "/_emulator/directories", self.createDirectory)
        routes.add(.post, "/_emulator/directories/:id/users", self.createUser)
        routes.add(.put, "/_emulator/directory_users/:id", self.updateUser)
        routes.add(.delete, "/_emulator/directory_users/:id", self.deleteUser)
        routes.add(.post, "/_emulator/directories/:id/groups", self.createGroup)
        routes.add(.put, "/_emulator/directory_groups/:id", self.updateGroup)
        routes.add(.delete, "/_emulator/directory_groups/:id", self.deleteGroup)
    }

    // MARK: Directories

    /// `GET /directories`: pagination, `organization_id`, `domain` (deprecated), `search` (name contains,
    /// case-insensitive).
    @Sendable static func listDirectories(_ context: RequestContext) throws -> HTTPResponse {
        let query = context.request.query
        let pagination = try Pagination(query: query)
        var filter = DirectoryRepository.Filter()
        filter.organizationID = self.nonEmpty(query["organization_id"])
        filter.domain = self.nonEmpty(query["domain"])
        filter.search = query["search"]
        let page = try context.read { connection in
            try context.directories.list(filter, pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    /// `GET /directories/{id}`.
    @Sendable static func getDirectory(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        return .json(try context.read { connection in try context.directories.require(id: id, in: connection) })
    }

    /// `DELETE /directories/{id}` → 202 with no body (the spec's status for this operation, catalog-B §3; no JSON
    /// content type on an empty body, catalog-A §1.5); its users and groups go with it; emits `dsync.deleted`.
    @Sendable static func deleteDirectory(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        try context.write { connection in try context.directories.delete(id: id, in: connection) }
        return HTTPResponse(status: .accepted)
    }

    /// `POST /directories/{id}/sync` → 202 `{"status":"queued"}` (Python SDK 10.6.0 `create_directory_sync`,
    /// catalog-B §3): Google Workspace directories only (422 otherwise), one request per five minutes (429
    /// `directory_sync_rate_limited` with `retry_after_seconds`).
    @Sendable static func syncDirectory(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        try context.write { connection in try context.directories.requestSync(id: id, in: connection) }
        return .json(["status": "queued"], status: .accepted)
    }

    // MARK: Users

    /// `GET /directory_users`: pagination and `directory`, `group`, `idp_id`, `email`. One of `directory` or `group`
    /// is required and `idp_id`/`email` require `directory` (catalog-B §3: "One of `directory`, `group` or `user` is
    /// normally required. Behaviour with no filter is undocumented; a safe choice is 422"). An unknown directory or
    /// group is a 404 (the spec lists 404 for this list).
    @Sendable static func listUsers(_ context: RequestContext) throws -> HTTPResponse {
        let query = context.request.query
        let pagination = try Pagination(query: query)
        var filter = DirectoryUserRepository.Filter()
        filter.directoryID = self.nonEmpty(query["directory"])
        filter.groupID = self.nonEmpty(query["group"])
        filter.idpID = self.nonEmpty(query["idp_id"])
        filter.email = self.nonEmpty(query["email"])
        var errors: [FieldError] = []
        if filter.directoryID == nil {
            if filter.groupID == nil {
                errors.append(
                    FieldError(field: "directory", code: "required", message: "One of directory or group is required.")
                )
            }
            for (key, value) in [("idp_id", filter.idpID), ("email", filter.email)] where value != nil {
                errors.append(
                    FieldError(
                        field: "directory",
                        code: "required",
                        message: "\(key) requires the directory parameter."
                    )
                )
            }
        }
        if !errors.isEmpty { throw APIError.validation(errors) }
        let page = try context.read { connection in
            if let directoryID = filter.directoryID {
                _ = try context.directories.require(id: directoryID, in: connection)
            }
            if let groupID = filter.groupID { _ = try context.directoryGroups.require(id: groupID, in: connection) }
            return try context.directoryUsers.list(filter, pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    /// `GET /directory_users/{id}`: the user with its `groups`.
    @Sendable static func getUser(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        return .json(try context.read { connection in try context.directoryUsers.require(id: id, in: connection) })
    }

    // MARK: Groups

    /// `GET /directory_groups`: pagination and `directory`, `user`; one of them is required (as for users, catalog-B
    /// §3); an unknown directory or user is a 404.
    @Sendable static func listGroups(_ context: RequestContext) throws -> HTTPResponse {
        let query = context.request.query
        let pagination = try Pagination(query: query)
        var filter = DirectoryGroupRepository.Filter()
        filter.directoryID = self.nonEmpty(query["directory"])
        filter.userID = self.nonEmpty(query["user"])
        if filter.directoryID == nil, filter.userID == nil {
            throw APIError.validation([
                FieldError(field: "directory", code: "required", message: "One of directory or user is required.")
            ])
        }
        let page = try context.read { connection in
            if let directoryID = filter.directoryID {
                _ = try context.directories.require(id: directoryID, in: connection)
            }
            if let userID = filter.userID { _ = try context.directoryUsers.require(id: userID, in: connection) }
            return try context.directoryGroups.list(filter, pagination: pagination, in: connection)
        }
        return ListResponse.make(page)
    }

    /// `GET /directory_groups/{id}`.
    @Sendable static func getGroup(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("id")
        return .json(try context.read { connection in try context.directoryGroups.require(id: id, in: connection) })
    }

    /// A query value, nil when absent or empty.
    private static func nonEmpty(_ value: String?) -> String? {
        value.flatMap { $0.isEmpty ? nil : $0 }
    }
}

extension RequestContext {
    /// The directories repository of this environment.
    var directories: DirectoryRepository {
        DirectoryRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The directory users repository of this environment.
    var directoryUsers: DirectoryUserRepository {
        DirectoryUserRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The directory groups repository of this environment.
    var directoryGroups: DirectoryGroupRepository {
        DirectoryGroupRepository(environmentID: self.environment.id, services: self.services)
    }
}

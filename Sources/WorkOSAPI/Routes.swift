// workos-emulator — the one table that mounts every Endpoints file.
// Licensed MIT.

import HTTP1
import JSONCodec

/// Builds the router: every implemented area, the coverage report, then 501 for the rest of the WorkOS API.
enum Routes {
    /// The complete router; `inspector` is the access rule of `GET /_emulator/inspector`.
    static func make(services: Services, inspector: InspectorAccess = InspectorAccess()) -> Router {
        var routes = RouteTable(services: services)
        Emulator.register(on: &routes)
        Events.register(on: &routes)
        Organizations.register(on: &routes)
        OrganizationDomains.register(on: &routes)
        Roles.register(on: &routes)
        Permissions.register(on: &routes)
        OrganizationMemberships.register(on: &routes)
        Invitations.register(on: &routes)
        Outbox.register(on: &routes)
        Inspector.register(on: &routes, access: inspector)
        Users.register(on: &routes)
        EmailVerifications.register(on: &routes)
        EmailChanges.register(on: &routes)
        PasswordResets.register(on: &routes)
        MagicAuths.register(on: &routes)
        RedirectURIs.register(on: &routes)
        CORSOrigins.register(on: &routes)
        JWTTemplates.register(on: &routes)
        Sessions.register(on: &routes)
        JWKS.register(on: &routes)
        Authorize.register(on: &routes)
        HostedPages.register(on: &routes)
        Authenticate.register(on: &routes)
        DeviceAuthorization.register(on: &routes)
        AuthFactors.register(on: &routes)
        MFA.register(on: &routes)
        AdminPortal.register(on: &routes)
        PortalPages.register(on: &routes)
        Widgets.register(on: &routes)
        Connections.register(on: &routes)
        SSO.register(on: &routes)
        DirectorySync.register(on: &routes)
        AuditLogs.register(on: &routes)
        Webhooks.register(on: &routes)
        FGA.register(on: &routes)

        let coverage: [JSON] = OperationCatalog.all.map { operation in
            [
                "method": .string(operation.method),
                "path": .string(operation.path),
                "area": .string(operation.area),
                "name": .string(operation.name),
                "legacy": .bool(operation.isLegacy),
                "state": routes.isEmulated(operation.method, operation.path) ? "emulated" : "not_emulated",
            ]
        }
        routes.add(.get, "/_emulator/coverage", Emulator.coverageHandler(coverage))
        routes.addNotEmulated(OperationCatalog.all.map { ($0.method, $0.path) })
        return routes.router
    }
}

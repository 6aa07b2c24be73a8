// workos-emulator — the WorkOS operations the emulator knows of.
// Licensed MIT.

/// One WorkOS API operation: method, path template and the area it belongs to.
struct APIOperation: Sendable, Hashable {
    /// HTTP method, upper case ("GET", "POST", "PUT", "PATCH", "DELETE").
    let method: String
    /// Path template with `:name` parameters, e.g. "/organizations/:id".
    let path: String
    /// WorkOS API area, e.g. "Organizations", "SSO", "Directory Sync", "FGA (v1)".
    let area: String
    /// Short name of our own, e.g. "List organizations".
    let name: String
    /// True for operations only older SDKs call (not in the current spec).
    let isLegacy: Bool
}

/// Every operation of the WorkOS API: the current spec, the legacy FGA v1 API and legacy paths old SDKs still call.
enum OperationCatalog {
    /// All operations, grouped by area.
    static let all: [APIOperation] = [
        // MARK: Events
        .init(method: "GET", path: "/events", area: "Events", name: "List events", isLegacy: false),

        // MARK: Organizations
        .init(
            method: "GET", path: "/organizations", area: "Organizations", name: "List organizations", isLegacy: false
        ),
        .init(
            method: "POST", path: "/organizations", area: "Organizations", name: "Create organization", isLegacy: false
        ),
        .init(
            method: "GET", path: "/organizations/external_id/:external_id", area: "Organizations",
            name: "Get organization by external ID", isLegacy: false
        ),
        .init(
            method: "GET", path: "/organizations/:id", area: "Organizations", name: "Get organization", isLegacy: false
        ),
        .init(
            method: "PUT", path: "/organizations/:id", area: "Organizations", name: "Update organization",
            isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/organizations/:id", area: "Organizations", name: "Delete organization",
            isLegacy: false
        ),

        // MARK: Organization Domains
        .init(
            method: "POST", path: "/organization_domains", area: "Organization Domains",
            name: "Create organization domain", isLegacy: false
        ),
        .init(
            method: "GET", path: "/organization_domains/:id", area: "Organization Domains",
            name: "Get organization domain", isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/organization_domains/:id", area: "Organization Domains",
            name: "Delete organization domain", isLegacy: false
        ),
        .init(
            method: "POST", path: "/organization_domains/:id/verify", area: "Organization Domains",
            name: "Verify organization domain", isLegacy: false
        ),

        // MARK: Roles & Permissions
        // Environment roles
        .init(
            method: "GET", path: "/authorization/roles", area: "Roles & Permissions", name: "List environment roles",
            isLegacy: false
        ),
        .init(
            method: "POST", path: "/authorization/roles", area: "Roles & Permissions", name: "Create environment role",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/authorization/roles/:slug", area: "Roles & Permissions",
            name: "Get environment role", isLegacy: false
        ),
        .init(
            method: "PATCH", path: "/authorization/roles/:slug", area: "Roles & Permissions",
            name: "Update environment role", isLegacy: false
        ),
        .init(
            method: "PUT", path: "/authorization/roles/:slug/permissions", area: "Roles & Permissions",
            name: "Set environment role permissions", isLegacy: false
        ),
        .init(
            method: "POST", path: "/authorization/roles/:slug/permissions", area: "Roles & Permissions",
            name: "Add environment role permission", isLegacy: false
        ),
        // Organization roles
        .init(
            method: "GET", path: "/authorization/organizations/:organizationId/roles", area: "Roles & Permissions",
            name: "List organization roles", isLegacy: false
        ),
        .init(
            method: "POST", path: "/authorization/organizations/:organizationId/roles", area: "Roles & Permissions",
            name: "Create organization role", isLegacy: false
        ),
        .init(
            method: "GET", path: "/authorization/organizations/:organizationId/roles/:slug",
            area: "Roles & Permissions", name: "Get organization role", isLegacy: false
        ),
        .init(
            method: "PATCH", path: "/authorization/organizations/:organizationId/roles/:slug",
            area: "Roles & Permissions", name: "Update organization role", isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/authorization/organizations/:organizationId/roles/:slug",
            area: "Roles & Permissions", name: "Delete organization role", isLegacy: false
        ),
        .init(
            method: "PUT", path: "/authorization/organizations/:organizationId/roles/:slug/permissions",
            area: "Roles & Permissions", name: "Set organization role permissions", isLegacy: false
        ),
        .init(
            method: "POST", path: "/authorization/organizations/:organizationId/roles/:slug/permissions",
            area: "Roles & Permissions", name: "Add organization role permission", isLegacy: false
        ),
        .init(
            method: "DELETE",
            path: "/authorization/organizations/:organizationId/roles/:slug/permissions/:permissionSlug",
            area: "Roles & Permissions", name: "Remove organization role permission", isLegacy: false
        ),
        .init(
            method: "GET", path: "/organizations/:id/roles", area: "Roles & Permissions",
            name: "List organization roles (old path)", isLegacy: true
        ),
        // Permissions
        .init(
            method: "GET", path: "/authorization/permissions", area: "Roles & Permissions", name: "List permissions",
            isLegacy: false
        ),
        .init(
            method: "POST", path: "/authorization/permissions", area: "Roles & Permissions", name: "Create permission",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/authorization/permissions/:slug", area: "Roles & Permissions",
            name: "Get permission", isLegacy: false
        ),
        .init(
            method: "PATCH", path: "/authorization/permissions/:slug", area: "Roles & Permissions",
            name: "Update permission", isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/authorization/permissions/:slug", area: "Roles & Permissions",
            name: "Delete permission", isLegacy: false
        ),

        // MARK: User Management
        // Users
        .init(
            method: "GET", path: "/user_management/users", area: "User Management", name: "List users", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/users", area: "User Management", name: "Create user",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/users/external_id/:external_id", area: "User Management",
            name: "Get user by external ID", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/users/:id", area: "User Management", name: "Get user",
            isLegacy: false
        ),
        .init(
            method: "PUT", path: "/user_management/users/:id", area: "User Management", name: "Update user",
            isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/user_management/users/:id", area: "User Management", name: "Delete user",
            isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/users/:id/email_change/send", area: "User Management",
            name: "Start email change", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/users/:id/email_change/confirm", area: "User Management",
            name: "Confirm email change", isLegacy: false
        ),
        // Identities
        .init(
            method: "GET", path: "/user_management/users/:id/identities", area: "User Management",
            name: "List user identities", isLegacy: false
        ),
        // Authenticate and authorize
        .init(
            method: "POST", path: "/user_management/authenticate", area: "User Management", name: "Authenticate",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/authorize", area: "User Management",
            name: "AuthKit authorize redirect", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/authorize/device", area: "User Management",
            name: "Start device authorization", isLegacy: false
        ),
        // Sessions
        .init(
            method: "GET", path: "/user_management/users/:id/sessions", area: "User Management",
            name: "List user sessions", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/sessions/revoke", area: "User Management", name: "Revoke session",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/sessions/logout", area: "User Management",
            name: "Session logout redirect", isLegacy: false
        ),
        // JWKS and access-token template
        .init(method: "GET", path: "/sso/jwks/:clientId", area: "User Management", name: "Get JWKS", isLegacy: false),
        .init(
            method: "GET", path: "/user_management/jwt_template", area: "User Management", name: "Get JWT template",
            isLegacy: false
        ),
        .init(
            method: "PUT", path: "/user_management/jwt_template", area: "User Management", name: "Update JWT template",
            isLegacy: false
        ),
        // Magic Auth
        .init(
            method: "POST", path: "/user_management/magic_auth", area: "User Management",
            name: "Create magic auth code", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/magic_auth/:id", area: "User Management",
            name: "Get magic auth code", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/magic_auth/send", area: "User Management",
            name: "Send magic auth code (old path)", isLegacy: true
        ),
        // Email verification
        .init(
            method: "POST", path: "/user_management/users/:id/email_verification/send", area: "User Management",
            name: "Send verification email", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/users/:id/email_verification/confirm", area: "User Management",
            name: "Confirm email verification", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/email_verification/:id", area: "User Management",
            name: "Get email verification", isLegacy: false
        ),
        // Password reset
        .init(
            method: "POST", path: "/user_management/password_reset", area: "User Management",
            name: "Create password reset", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/password_reset/confirm", area: "User Management",
            name: "Reset password", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/password_reset/:id", area: "User Management",
            name: "Get password reset", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/password_reset/send", area: "User Management",
            name: "Send password reset email (old path)", isLegacy: true
        ),
        // Organization memberships
        .init(
            method: "GET", path: "/user_management/organization_memberships", area: "User Management",
            name: "List organization memberships", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/organization_memberships", area: "User Management",
            name: "Create organization membership", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/organization_memberships/:id", area: "User Management",
            name: "Get organization membership", isLegacy: false
        ),
        .init(
            method: "PUT", path: "/user_management/organization_memberships/:id", area: "User Management",
            name: "Update organization membership", isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/user_management/organization_memberships/:id", area: "User Management",
            name: "Delete organization membership", isLegacy: false
        ),
        .init(
            method: "PUT", path: "/user_management/organization_memberships/:id/deactivate", area: "User Management",
            name: "Deactivate organization membership", isLegacy: false
        ),
        .init(
            method: "PUT", path: "/user_management/organization_memberships/:id/reactivate", area: "User Management",
            name: "Reactivate organization membership", isLegacy: false
        ),
        // Invitations
        .init(
            method: "GET", path: "/user_management/invitations", area: "User Management", name: "List invitations",
            isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/invitations", area: "User Management", name: "Send invitation",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/invitations/by_token/:token", area: "User Management",
            name: "Find invitation by token", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/invitations/:id", area: "User Management", name: "Get invitation",
            isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/invitations/:id/accept", area: "User Management",
            name: "Accept invitation", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/invitations/:id/resend", area: "User Management",
            name: "Resend invitation", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/invitations/:id/revoke", area: "User Management",
            name: "Revoke invitation", isLegacy: false
        ),
        // Auth factors
        .init(
            method: "GET", path: "/user_management/users/:userlandUserId/auth_factors", area: "User Management",
            name: "List user auth factors", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/users/:userlandUserId/auth_factors", area: "User Management",
            name: "Enroll user auth factor", isLegacy: false
        ),
        // Radar challenges
        .init(
            method: "POST", path: "/user_management/radar_challenges", area: "User Management",
            name: "Send Radar SMS challenge", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/radar_challenges/:id", area: "User Management",
            name: "Get Radar challenge", isLegacy: false
        ),
        // Redirect URIs and CORS origins
        .init(
            method: "GET", path: "/user_management/redirect_uris", area: "User Management", name: "List redirect URIs",
            isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/redirect_uris", area: "User Management", name: "Add redirect URI",
            isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/user_management/redirect_uris/:id", area: "User Management",
            name: "Remove redirect URI", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/cors_origins", area: "User Management", name: "List CORS origins",
            isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/cors_origins", area: "User Management", name: "Add CORS origin",
            isLegacy: false
        ),

        // MARK: SSO
        .init(method: "GET", path: "/sso/authorize", area: "SSO", name: "SSO authorize redirect", isLegacy: false),
        .init(
            method: "POST", path: "/sso/token", area: "SSO", name: "Exchange code for profile and token",
            isLegacy: false
        ),
        .init(method: "GET", path: "/sso/profile", area: "SSO", name: "Get profile", isLegacy: false),
        .init(
            method: "POST", path: "/sso/logout/authorize", area: "SSO", name: "Authorize SSO logout", isLegacy: false
        ),
        .init(method: "GET", path: "/sso/logout", area: "SSO", name: "SSO logout redirect", isLegacy: false),
        .init(method: "GET", path: "/connections", area: "SSO", name: "List connections", isLegacy: false),
        .init(method: "GET", path: "/connections/:id", area: "SSO", name: "Get connection", isLegacy: false),
        .init(method: "DELETE", path: "/connections/:id", area: "SSO", name: "Delete connection", isLegacy: false),

        // MARK: Directory Sync
        .init(method: "GET", path: "/directories", area: "Directory Sync", name: "List directories", isLegacy: false),
        .init(method: "GET", path: "/directories/:id", area: "Directory Sync", name: "Get directory", isLegacy: false),
        .init(
            method: "DELETE", path: "/directories/:id", area: "Directory Sync", name: "Delete directory",
            isLegacy: false
        ),
        // Called by the Python SDK 10 (`create_directory_sync`); newer than the spec release the table was read from.
        .init(
            method: "POST", path: "/directories/:id/sync", area: "Directory Sync", name: "Request directory sync",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/directory_users", area: "Directory Sync", name: "List directory users",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/directory_users/:id", area: "Directory Sync", name: "Get directory user",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/directory_groups", area: "Directory Sync", name: "List directory groups",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/directory_groups/:id", area: "Directory Sync", name: "Get directory group",
            isLegacy: false
        ),

        // MARK: Admin Portal
        .init(
            method: "POST", path: "/portal/generate_link", area: "Admin Portal", name: "Generate portal link",
            isLegacy: false
        ),
        // Called by the Python SDK 10 (`portal.revoke_link`); newer than the spec release the table was read from.
        .init(
            method: "POST", path: "/portal/revoke_link", area: "Admin Portal", name: "Revoke portal links",
            isLegacy: false
        ),

        // MARK: Widgets
        .init(method: "POST", path: "/widgets/token", area: "Widgets", name: "Issue widget token", isLegacy: false),

        // MARK: Audit Logs
        .init(
            method: "POST", path: "/audit_logs/events", area: "Audit Logs", name: "Create audit log event",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/audit_logs/actions", area: "Audit Logs", name: "List audit log actions",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/audit_logs/actions/:actionName/schemas", area: "Audit Logs",
            name: "List action schemas", isLegacy: false
        ),
        .init(
            method: "POST", path: "/audit_logs/actions/:actionName/schemas", area: "Audit Logs",
            name: "Create action schema", isLegacy: false
        ),
        .init(
            method: "POST", path: "/audit_logs/exports", area: "Audit Logs", name: "Create audit log export",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/audit_logs/exports/:auditLogExportId", area: "Audit Logs",
            name: "Get audit log export", isLegacy: false
        ),
        .init(
            method: "GET", path: "/organizations/:id/audit_logs_retention", area: "Audit Logs",
            name: "Get audit log retention", isLegacy: false
        ),
        .init(
            method: "PUT", path: "/organizations/:id/audit_logs_retention", area: "Audit Logs",
            name: "Update audit log retention", isLegacy: false
        ),
        .init(
            method: "GET", path: "/organizations/:id/audit_log_configuration", area: "Audit Logs",
            name: "Get audit log configuration", isLegacy: false
        ),

        // MARK: MFA
        .init(method: "POST", path: "/auth/factors/enroll", area: "MFA", name: "Enroll factor", isLegacy: false),
        .init(method: "GET", path: "/auth/factors/:id", area: "MFA", name: "Get factor", isLegacy: false),
        .init(method: "DELETE", path: "/auth/factors/:id", area: "MFA", name: "Delete factor", isLegacy: false),
        .init(
            method: "POST", path: "/auth/factors/:id/challenge", area: "MFA", name: "Challenge factor", isLegacy: false
        ),
        .init(
            method: "POST", path: "/auth/challenges/:id/verify", area: "MFA", name: "Verify challenge", isLegacy: false
        ),
        .init(
            method: "POST", path: "/auth/factors/challenge", area: "MFA", name: "Challenge factor (old path)",
            isLegacy: true
        ),
        .init(
            method: "POST", path: "/auth/factors/verify", area: "MFA", name: "Verify challenge (old path)",
            isLegacy: true
        ),

        // MARK: FGA
        // Resources
        .init(method: "GET", path: "/authorization/resources", area: "FGA", name: "List resources", isLegacy: false),
        .init(method: "POST", path: "/authorization/resources", area: "FGA", name: "Create resource", isLegacy: false),
        .init(
            method: "GET", path: "/authorization/resources/:resource_id", area: "FGA", name: "Get resource",
            isLegacy: false
        ),
        .init(
            method: "PATCH", path: "/authorization/resources/:resource_id", area: "FGA", name: "Update resource",
            isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/authorization/resources/:resource_id", area: "FGA", name: "Delete resource",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/authorization/resources/:resource_id/organization_memberships", area: "FGA",
            name: "List memberships with access to resource", isLegacy: false
        ),
        .init(
            method: "GET", path: "/authorization/resources/:resource_id/role_assignments", area: "FGA",
            name: "List role assignments on resource", isLegacy: false
        ),
        // Resources addressed by external ID
        .init(
            method: "GET",
            path: "/authorization/organizations/:organization_id/resources/:resource_type_slug/:external_id",
            area: "FGA", name: "Get resource by external ID", isLegacy: false
        ),
        .init(
            method: "PATCH",
            path: "/authorization/organizations/:organization_id/resources/:resource_type_slug/:external_id",
            area: "FGA", name: "Update resource by external ID", isLegacy: false
        ),
        .init(
            method: "DELETE",
            path: "/authorization/organizations/:organization_id/resources/:resource_type_slug/:external_id",
            area: "FGA", name: "Delete resource by external ID", isLegacy: false
        ),
        .init(
            method: "GET",
            path: "/authorization/organizations/:organization_id/resources/:resource_type_slug/:external_id"
                + "/organization_memberships",
            area: "FGA", name: "List memberships with access to resource by external ID", isLegacy: false
        ),
        .init(
            method: "GET",
            path: "/authorization/organizations/:organization_id/resources/:resource_type_slug/:external_id"
                + "/role_assignments",
            area: "FGA", name: "List role assignments on resource by external ID", isLegacy: false
        ),
        // Membership checks and role assignments
        .init(
            method: "POST", path: "/authorization/organization_memberships/:organization_membership_id/check",
            area: "FGA", name: "Check membership access", isLegacy: false
        ),
        .init(
            method: "GET", path: "/authorization/organization_memberships/:organization_membership_id/resources",
            area: "FGA", name: "List resources for membership", isLegacy: false
        ),
        .init(
            method: "GET",
            path: "/authorization/organization_memberships/:organization_membership_id/resources/:resource_id"
                + "/permissions",
            area: "FGA", name: "List effective permissions", isLegacy: false
        ),
        .init(
            method: "GET",
            path: "/authorization/organization_memberships/:organization_membership_id/resources/:resource_type_slug"
                + "/:external_id/permissions",
            area: "FGA", name: "List effective permissions by external ID", isLegacy: false
        ),
        .init(
            method: "GET", path: "/authorization/organization_memberships/:organization_membership_id/role_assignments",
            area: "FGA", name: "List membership role assignments", isLegacy: false
        ),
        .init(
            method: "POST",
            path: "/authorization/organization_memberships/:organization_membership_id/role_assignments", area: "FGA",
            name: "Assign role to membership", isLegacy: false
        ),
        .init(
            method: "DELETE",
            path: "/authorization/organization_memberships/:organization_membership_id/role_assignments", area: "FGA",
            name: "Remove membership role assignment by role and resource", isLegacy: false
        ),
        .init(
            method: "DELETE",
            path: "/authorization/organization_memberships/:organization_membership_id/role_assignments"
                + "/:role_assignment_id",
            area: "FGA", name: "Remove membership role assignment", isLegacy: false
        ),
        // Group role assignments
        .init(
            method: "GET", path: "/authorization/groups/:group_id/role_assignments", area: "FGA",
            name: "List group role assignments", isLegacy: false
        ),
        .init(
            method: "POST", path: "/authorization/groups/:group_id/role_assignments", area: "FGA",
            name: "Assign role to group", isLegacy: false
        ),
        .init(
            method: "PUT", path: "/authorization/groups/:group_id/role_assignments", area: "FGA",
            name: "Replace group role assignments", isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/authorization/groups/:group_id/role_assignments", area: "FGA",
            name: "Remove group role assignments", isLegacy: false
        ),
        .init(
            method: "GET", path: "/authorization/groups/:group_id/role_assignments/:role_assignment_id", area: "FGA",
            name: "Get group role assignment", isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/authorization/groups/:group_id/role_assignments/:role_assignment_id", area: "FGA",
            name: "Remove group role assignment", isLegacy: false
        ),

        // MARK: FGA (v1)
        // Resource types and schema
        .init(
            method: "GET", path: "/fga/v1/resource-types", area: "FGA (v1)", name: "List resource types", isLegacy: true
        ),
        .init(
            method: "POST", path: "/fga/v1/resource-types", area: "FGA (v1)", name: "Create resource type",
            isLegacy: true
        ),
        .init(
            method: "PUT", path: "/fga/v1/resource-types", area: "FGA (v1)", name: "Apply resource types",
            isLegacy: true
        ),
        .init(
            method: "GET", path: "/fga/v1/resource-types/:type", area: "FGA (v1)", name: "Get resource type",
            isLegacy: true
        ),
        .init(
            method: "PUT", path: "/fga/v1/resource-types/:type", area: "FGA (v1)", name: "Update resource type",
            isLegacy: true
        ),
        .init(
            method: "DELETE", path: "/fga/v1/resource-types/:type", area: "FGA (v1)", name: "Delete resource type",
            isLegacy: true
        ),
        .init(method: "GET", path: "/fga/v1/schema", area: "FGA (v1)", name: "Get schema", isLegacy: true),
        .init(method: "POST", path: "/fga/v1/schema", area: "FGA (v1)", name: "Update schema", isLegacy: true),
        .init(
            method: "POST", path: "/fga/v1/schemas/convert", area: "FGA (v1)", name: "Convert schema", isLegacy: true
        ),
        // Resources
        .init(method: "GET", path: "/fga/v1/resources", area: "FGA (v1)", name: "List resources", isLegacy: true),
        .init(method: "POST", path: "/fga/v1/resources", area: "FGA (v1)", name: "Create resource", isLegacy: true),
        .init(
            method: "POST", path: "/fga/v1/resources/batch", area: "FGA (v1)", name: "Batch write resources",
            isLegacy: true
        ),
        .init(
            method: "GET", path: "/fga/v1/resources/:resource_type/:resource_id", area: "FGA (v1)",
            name: "Get resource", isLegacy: true
        ),
        .init(
            method: "PUT", path: "/fga/v1/resources/:resource_type/:resource_id", area: "FGA (v1)",
            name: "Update resource", isLegacy: true
        ),
        .init(
            method: "DELETE", path: "/fga/v1/resources/:resource_type/:resource_id", area: "FGA (v1)",
            name: "Delete resource", isLegacy: true
        ),
        // Warrants, check and query
        .init(method: "GET", path: "/fga/v1/warrants", area: "FGA (v1)", name: "List warrants", isLegacy: true),
        .init(
            method: "POST", path: "/fga/v1/warrants", area: "FGA (v1)", name: "Write warrant or warrant batch",
            isLegacy: true
        ),
        .init(
            method: "POST", path: "/fga/v1/check", area: "FGA (v1)", name: "Check, multi-check or check batch",
            isLegacy: true
        ),
        .init(method: "GET", path: "/fga/v1/query", area: "FGA (v1)", name: "Query", isLegacy: true),

        // MARK: Groups
        .init(
            method: "GET", path: "/organizations/:organizationId/groups", area: "Groups", name: "List groups",
            isLegacy: false
        ),
        .init(
            method: "POST", path: "/organizations/:organizationId/groups", area: "Groups", name: "Create group",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/organizations/:organizationId/groups/:groupId", area: "Groups", name: "Get group",
            isLegacy: false
        ),
        .init(
            method: "PATCH", path: "/organizations/:organizationId/groups/:groupId", area: "Groups",
            name: "Update group", isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/organizations/:organizationId/groups/:groupId", area: "Groups",
            name: "Delete group", isLegacy: false
        ),
        .init(
            method: "GET", path: "/organizations/:organizationId/groups/:groupId/organization-memberships",
            area: "Groups", name: "List group members", isLegacy: false
        ),
        .init(
            method: "POST", path: "/organizations/:organizationId/groups/:groupId/organization-memberships",
            area: "Groups", name: "Add group member", isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/organizations/:organizationId/groups/:groupId/organization-memberships/:omId",
            area: "Groups", name: "Remove group member", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/organization_memberships/:omId/groups", area: "Groups",
            name: "List groups of membership", isLegacy: false
        ),

        // MARK: Radar
        .init(method: "POST", path: "/radar/attempts", area: "Radar", name: "Assess attempt", isLegacy: false),
        .init(method: "PUT", path: "/radar/attempts/:id", area: "Radar", name: "Update attempt", isLegacy: false),
        .init(
            method: "POST", path: "/radar/lists/:type/:action", area: "Radar", name: "Add list entry", isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/radar/lists/:type/:action", area: "Radar", name: "Remove list entry",
            isLegacy: false
        ),

        // MARK: API Keys
        .init(
            method: "POST", path: "/api_keys/validations", area: "API Keys", name: "Validate API key", isLegacy: false
        ),
        .init(method: "DELETE", path: "/api_keys/:id", area: "API Keys", name: "Delete API key", isLegacy: false),
        .init(method: "POST", path: "/api_keys/:id/expire", area: "API Keys", name: "Expire API key", isLegacy: false),
        .init(
            method: "GET", path: "/organizations/:organizationId/api_keys", area: "API Keys",
            name: "List organization API keys", isLegacy: false
        ),
        .init(
            method: "POST", path: "/organizations/:organizationId/api_keys", area: "API Keys",
            name: "Create organization API key", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/users/:userId/api_keys", area: "API Keys",
            name: "List user API keys", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/users/:userId/api_keys", area: "API Keys",
            name: "Create user API key", isLegacy: false
        ),

        // MARK: Feature Flags
        .init(
            method: "GET", path: "/feature-flags", area: "Feature Flags", name: "List feature flags", isLegacy: false
        ),
        .init(
            method: "GET", path: "/feature-flags/:slug", area: "Feature Flags", name: "Get feature flag",
            isLegacy: false
        ),
        .init(
            method: "PUT", path: "/feature-flags/:slug/enable", area: "Feature Flags", name: "Enable feature flag",
            isLegacy: false
        ),
        .init(
            method: "PUT", path: "/feature-flags/:slug/disable", area: "Feature Flags", name: "Disable feature flag",
            isLegacy: false
        ),
        .init(
            method: "POST", path: "/feature-flags/:slug/targets/:resourceId", area: "Feature Flags",
            name: "Add flag target", isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/feature-flags/:slug/targets/:resourceId", area: "Feature Flags",
            name: "Remove flag target", isLegacy: false
        ),
        .init(
            method: "GET", path: "/organizations/:organizationId/feature-flags", area: "Feature Flags",
            name: "List organization feature flags", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/users/:userId/feature-flags", area: "Feature Flags",
            name: "List user feature flags", isLegacy: false
        ),

        // MARK: Webhooks
        .init(
            method: "GET", path: "/webhook_endpoints", area: "Webhooks", name: "List webhook endpoints", isLegacy: false
        ),
        .init(
            method: "POST", path: "/webhook_endpoints", area: "Webhooks", name: "Create webhook endpoint",
            isLegacy: false
        ),
        .init(
            method: "PATCH", path: "/webhook_endpoints/:id", area: "Webhooks", name: "Update webhook endpoint",
            isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/webhook_endpoints/:id", area: "Webhooks", name: "Delete webhook endpoint",
            isLegacy: false
        ),

        // MARK: Connect
        .init(
            method: "GET", path: "/connect/applications", area: "Connect", name: "List applications", isLegacy: false
        ),
        .init(
            method: "POST", path: "/connect/applications", area: "Connect", name: "Create application", isLegacy: false
        ),
        .init(
            method: "GET", path: "/connect/applications/:id", area: "Connect", name: "Get application", isLegacy: false
        ),
        .init(
            method: "PUT", path: "/connect/applications/:id", area: "Connect", name: "Update application",
            isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/connect/applications/:id", area: "Connect", name: "Delete application",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/connect/applications/:id/client_secrets", area: "Connect",
            name: "List client secrets", isLegacy: false
        ),
        .init(
            method: "POST", path: "/connect/applications/:id/client_secrets", area: "Connect",
            name: "Create client secret", isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/connect/client_secrets/:id", area: "Connect", name: "Delete client secret",
            isLegacy: false
        ),
        .init(
            method: "POST", path: "/authkit/oauth2/complete", area: "Connect", name: "Complete external login",
            isLegacy: false
        ),
        .init(
            method: "GET", path: "/organizations/:organization_id/authorized_applications", area: "Connect",
            name: "List organization authorized applications", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/users/:user_id/authorized_applications", area: "Connect",
            name: "List user authorized applications", isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/user_management/users/:user_id/authorized_applications/:application_id",
            area: "Connect", name: "Revoke user authorized application", isLegacy: false
        ),

        // MARK: Pipes
        .init(
            method: "GET", path: "/data-integrations", area: "Pipes", name: "List data integrations", isLegacy: false
        ),
        .init(
            method: "POST", path: "/data-integrations", area: "Pipes", name: "Create data integration", isLegacy: false
        ),
        .init(
            method: "GET", path: "/data-integrations/:slug", area: "Pipes", name: "Get data integration",
            isLegacy: false
        ),
        .init(
            method: "PUT", path: "/data-integrations/:slug", area: "Pipes", name: "Update data integration",
            isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/data-integrations/:slug", area: "Pipes", name: "Delete data integration",
            isLegacy: false
        ),
        .init(
            method: "PUT", path: "/data-integrations/:slug/api-key", area: "Pipes", name: "Set integration API key",
            isLegacy: false
        ),
        .init(
            method: "PUT", path: "/data-integrations/:slug/client-credentials", area: "Pipes",
            name: "Set integration client credentials", isLegacy: false
        ),
        .init(
            method: "POST", path: "/data-integrations/:slug/authorize", area: "Pipes",
            name: "Get integration authorize URL", isLegacy: false
        ),
        .init(
            method: "POST", path: "/data-integrations/:slug/token", area: "Pipes",
            name: "Get connected account access token", isLegacy: false
        ),
        .init(
            method: "POST", path: "/data-integrations/:slug/credentials", area: "Pipes",
            name: "Vend connected account credentials", isLegacy: false
        ),
        .init(
            method: "GET", path: "/organizations/:organizationId/data_integration_configurations", area: "Pipes",
            name: "List organization integration configurations", isLegacy: false
        ),
        .init(
            method: "PUT", path: "/organizations/:organizationId/data_integration_configurations/:slug", area: "Pipes",
            name: "Configure organization integration", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/users/:user_id/data_providers", area: "Pipes",
            name: "List user data providers", isLegacy: false
        ),
        .init(
            method: "GET", path: "/user_management/users/:user_id/connected_accounts/:slug", area: "Pipes",
            name: "Get connected account", isLegacy: false
        ),
        .init(
            method: "POST", path: "/user_management/users/:user_id/connected_accounts/:slug", area: "Pipes",
            name: "Create connected account", isLegacy: false
        ),
        .init(
            method: "PUT", path: "/user_management/users/:user_id/connected_accounts/:slug", area: "Pipes",
            name: "Update connected account", isLegacy: false
        ),
        .init(
            method: "DELETE", path: "/user_management/users/:user_id/connected_accounts/:slug", area: "Pipes",
            name: "Delete connected account", isLegacy: false
        ),

        // MARK: Vault
        .init(method: "GET", path: "/vault/v1/kv", area: "Vault", name: "List objects", isLegacy: false),
        .init(method: "POST", path: "/vault/v1/kv", area: "Vault", name: "Create object", isLegacy: false),
        .init(
            method: "GET", path: "/vault/v1/kv/name/:name", area: "Vault", name: "Get object by name", isLegacy: false
        ),
        .init(method: "GET", path: "/vault/v1/kv/:id", area: "Vault", name: "Get object", isLegacy: false),
        .init(method: "PUT", path: "/vault/v1/kv/:id", area: "Vault", name: "Update object", isLegacy: false),
        .init(method: "DELETE", path: "/vault/v1/kv/:id", area: "Vault", name: "Delete object", isLegacy: false),
        .init(
            method: "GET", path: "/vault/v1/kv/:id/metadata", area: "Vault", name: "Describe object", isLegacy: false
        ),
        .init(
            method: "GET", path: "/vault/v1/kv/:id/versions", area: "Vault", name: "List object versions",
            isLegacy: false
        ),
        .init(method: "POST", path: "/vault/v1/keys/data-key", area: "Vault", name: "Create data key", isLegacy: false),
        .init(method: "POST", path: "/vault/v1/keys/decrypt", area: "Vault", name: "Decrypt data key", isLegacy: false),
        .init(method: "POST", path: "/vault/v1/keys/rekey", area: "Vault", name: "Rekey", isLegacy: false),

        // MARK: Client API
        .init(
            method: "POST", path: "/client/token", area: "Client API", name: "Issue client API token", isLegacy: false
        ),

        // MARK: Agents
        .init(
            method: "GET", path: "/agents/registrations/:id", area: "Agents", name: "Get agent registration",
            isLegacy: false
        ),
        .init(
            method: "POST", path: "/agents/credentials/validate", area: "Agents", name: "Validate agent credential",
            isLegacy: false
        ),
        .init(
            method: "PATCH", path: "/agents/claims/attempts", area: "Agents", name: "Link claim attempt to user",
            isLegacy: false
        ),
    ]
}

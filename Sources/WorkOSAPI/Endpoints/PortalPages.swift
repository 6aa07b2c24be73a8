// workos-emulator — the page an Admin Portal link opens: it does what the link's intent says in the simplest real
// way, then goes to the link's success URL (https://workos.com/docs/admin-portal; catalog-A §7).
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// `GET /portal/{token}` shows the page, `POST` submits it. No API key: the unguessable token in the path is the
/// credential and the form's CSRF protection (as on the AuthKit page), so a script needs no other field.
///
/// The scripted protocol: POST form-encoded (or JSON) to the exact link `generate_link` answered →
/// 302 `success_url` (or 200, a done page, without one); the link is then used up. Fields by intent:
/// - `sso`: `connection_type` (a SAML or OIDC type, default `GenericSAML`), `name` (default: the organization's name)
///   → an active connection with the organization's domains; `connection.activated`.
/// - `dsync`: `type` (a directory type, default `generic scim v2.0`), `name` (default: the organization's name),
///   `domain` (optional) → a `linked` directory; `dsync.activated`.
/// - `domain_verification`: `domain` → the domain added and verified (`organization_domain.created`, `.verified`);
///   or `domain_id` → that pending domain of the organization verified.
/// - `audit_logs`, `log_streams`, `certificate_renewal`, `bring_your_own_key`: nothing to configure; the submission
///   just finishes.
/// - a link generated without `intent`: `intent` picks one of the above (`GET …?intent=sso` shows its page).
///
/// A bad submission re-renders the page with a 4xx and a message, and does not use the link up. An unknown link is
/// a 404 page; an expired, used or revoked one a 410 page.
enum PortalPages {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.addPublic(.get, PortalLink.pagePathPrefix + ":token", self.show)
        routes.addPublic(.post, PortalLink.pagePathPrefix + ":token", self.submit)
    }

    /// The product named in the pages' top line.
    static let brand = "Admin Portal"
    /// The connection types the `sso` page offers: the SAML and OpenID Connect ones (OAuth providers belong to the
    /// environment, not to an organization, and the meta values are no identity provider).
    static var ssoConnectionTypes: [String] {
        SSOConnection.ConnectionType.all.map(\.rawValue).filter {
            $0.hasSuffix("SAML") || $0.hasSuffix("OIDC") || $0.hasSuffix("Oidc")
        }
    }
    /// The `sso` page's preselected connection type.
    static let defaultConnectionType = "GenericSAML"
    /// The `dsync` page's preselected directory type.
    static let defaultDirectoryType = "generic scim v2.0"

    /// A usable link with what its page shows.
    struct Page {
        var link: PortalLink
        var token: String
        var organization: Organization
        var services: Services

        /// The page's own path (the forms' action).
        var path: String { PortalLink.pagePathPrefix + self.token }
        /// The environment the link belongs to.
        var environmentID: String { self.link.environmentID }
    }

    /// What a form submission carries.
    struct Form {
        var fields: JSONObject

        /// A non-blank field, trimmed.
        func string(_ key: String) -> String? {
            guard let text = self.fields[key]?.stringValue?.trimmingWhitespace(), !text.isEmpty else { return nil }
            return text
        }
    }

    /// A page, or the response that replaces it.
    enum Loaded {
        case page(Page)
        case response(HTTPResponse)
    }

    // MARK: Routes

    /// `GET /portal/{token}[?intent=…]`: opening the link starts its portal session.
    @Sendable static func show(_ http: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let page: Page
        switch try self.load(http, services, opening: true) {
        case .response(let response): return response
        case .page(let loaded): page = loaded
        }
        let intent = page.link.intent ?? http.query["intent"].flatMap(PortalLink.Intent.init(rawValue:))
        return try self.render(page, intent: intent, message: nil, status: .ok)
    }

    /// `POST /portal/{token}`.
    @Sendable static func submit(_ http: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let page: Page
        switch try self.load(http, services, opening: false) {
        case .response(let response): return response
        case .page(let loaded): page = loaded
        }
        let form = Form(fields: try BodyReader(http).object)
        var intent = page.link.intent
        if let asked = form.string("intent") {
            guard let known = PortalLink.Intent(rawValue: asked), intent == nil || intent == known else {
                let message =
                    page.link.intent.map { "This link is for \($0.title)." } ?? "Choose one of the options below."
                return try self.render(page, intent: page.link.intent, message: message, status: .badRequest)
            }
            intent = known
        }
        guard let intent else {
            return try self.render(page, intent: nil, message: "Choose what to set up.", status: .badRequest)
        }
        do {
            switch intent {
            case .sso: return try self.createConnection(page, form)
            case .dsync: return try self.createDirectory(page, form)
            case .domainVerification: return try self.verifyDomain(page, form)
            case .auditLogs, .logStreams, .certificateRenewal, .bringYourOwnKey:
                return try self.finish(page, intent: intent) { _ in "Nothing needed configuring." }
            }
        } catch let error as APIError {
            return try self.render(page, intent: intent, message: error.message, status: error.status)
        }
    }

    /// The link of this token, its organization, and whether it can be used: a 404 page for an unknown token, a 410
    /// page for an expired, used or revoked one. `opening` starts the link's portal session.
    static func load(_ http: HTTPRequest, _ services: Services, opening: Bool) throws -> Loaded {
        let token = http.parameters["token"] ?? ""
        let repository = PortalLinkRepository(services: services)
        let found = try services.database.write { connection -> (PortalLink, Organization)? in
            guard var link = try repository.fetchOne(token: token, in: connection),
                let organization = try OrganizationRepository(environmentID: link.environmentID, services: services)
                    .fetchOne(id: link.organizationID, in: connection)
            else { return nil }
            if opening, link.openedAt == nil, link.status(at: services.clock.now()) == .usable {
                link = try repository.open(link, in: connection)
            }
            return (link, organization)
        }
        guard let (link, organization) = found else {
            return .response(
                HostedPageRenderer.errorPage(
                    status: .notFound, title: "Admin Portal link not found",
                    message: "This Admin Portal link does not exist. Ask the application for a new one.",
                    brand: self.brand
                )
            )
        }
        switch link.status(at: services.clock.now()) {
        case .usable:
            return .page(Page(link: link, token: token, organization: organization, services: services))
        case .expired:
            return .response(
                self.gone(
                    "Admin Portal link expired",
                    "This Admin Portal link has expired: a link works for five minutes after it is generated. "
                        + "Ask the application for a new one."
                )
            )
        case .used: return .response(self.usedPage())
        case .revoked:
            return .response(
                self.gone("Admin Portal link revoked", "This Admin Portal link was revoked by the application.")
            )
        }
    }

    // MARK: Actions

    /// `sso`: an active connection of the chosen type with the organization's domains (`connection.activated`).
    static func createConnection(_ page: Page, _ form: Form) throws -> HTTPResponse {
        let type = form.string("connection_type") ?? self.defaultConnectionType
        guard self.ssoConnectionTypes.contains(type) else {
            return try self.render(
                page, intent: .sso, message: "Choose a SAML or OpenID Connect connection type.", status: .badRequest
            )
        }
        let name = form.string("name") ?? page.organization.name
        var creation = ConnectionRepository.Creation(
            organizationID: page.organization.id, connectionType: SSOConnection.ConnectionType(rawValue: type),
            name: name
        )
        creation.domains = page.organization.domains.map(\.domain)
        return try self.finish(page, intent: .sso) { connection in
            let created = try ConnectionRepository(environmentID: page.environmentID, services: page.services)
                .create(creation, in: connection)
            return "Created the \(type) connection \(created.name) (\(created.id))."
        }
    }

    /// `dsync`: a `linked` directory of the chosen type (`dsync.activated`).
    static func createDirectory(_ page: Page, _ form: Form) throws -> HTTPResponse {
        let type = form.string("type") ?? self.defaultDirectoryType
        guard Directory.types.contains(type) else {
            return try self.render(page, intent: .dsync, message: "Choose a directory type.", status: .badRequest)
        }
        var domain: String?
        if let text = form.string("domain") {
            guard let normalized = DomainName.normalized(text) else {
                return try self.render(
                    page, intent: .dsync, message: "Enter a valid domain, such as example.com.", status: .badRequest
                )
            }
            domain = normalized
        }
        var creation = DirectoryRepository.Creation(
            organizationID: page.organization.id, name: form.string("name") ?? page.organization.name, type: type
        )
        creation.domain = domain
        return try self.finish(page, intent: .dsync) { connection in
            let directory = try DirectoryRepository(environmentID: page.environmentID, services: page.services)
                .create(creation, in: connection)
            return "Created the \(type) directory \(directory.name) (\(directory.id))."
        }
    }

    /// `domain_verification`: `domain` is added and verified at once (the emulator has no DNS to look at), or
    /// `domain_id` — a pending domain of the organization — is verified. A domain another organization verified is
    /// refused with 409 and nothing is written.
    static func verifyDomain(_ page: Page, _ form: Form) throws -> HTTPResponse {
        let domains = OrganizationDomainRepository(environmentID: page.environmentID, services: page.services)
        if let id = form.string("domain_id") {
            guard page.organization.domains.contains(where: { $0.id == id }) else {
                return try self.render(
                    page, intent: .domainVerification, message: "That domain is not one of this organization's.",
                    status: .badRequest
                )
            }
            return try self.finish(page, intent: .domainVerification) { connection in
                let verified = try domains.verify(id: id, in: connection)
                try self.checkVerified(verified)
                return "Verified \(verified.domain)."
            }
        }
        guard let text = form.string("domain") else {
            return try self.render(
                page, intent: .domainVerification, message: "Enter the domain to verify.", status: .badRequest
            )
        }
        guard let name = DomainName.normalized(text) else {
            return try self.render(
                page, intent: .domainVerification, message: "Enter a valid domain, such as example.com.",
                status: .badRequest
            )
        }
        return try self.finish(page, intent: .domainVerification) { connection in
            let created = try domains.create(organizationID: page.organization.id, domain: name, in: connection)
            let verified = try domains.verify(id: created.id, in: connection)
            try self.checkVerified(verified)
            return "Added and verified \(verified.domain)."
        }
    }

    /// Refuses (and so rolls back) a verification that failed because another organization holds the domain.
    private static func checkVerified(_ domain: OrganizationDomain) throws {
        guard domain.state == .verified else {
            throw APIError.conflict("Another organization has already verified \(domain.domain).")
        }
    }

    /// Uses the link up and does `work` in one transaction (a refusal inside `work` leaves the link usable), then
    /// goes to the success URL, or shows the done page with `work`'s summary.
    static func finish(
        _ page: Page, intent: PortalLink.Intent, _ work: (Connection) throws -> String
    ) throws -> HTTPResponse {
        let repository = PortalLinkRepository(services: page.services)
        let summary = try page.services.database.write { connection -> String? in
            guard try repository.complete(page.link, in: connection) else { return nil }
            return try work(connection)
        }
        guard let summary else { return self.usedPage() }
        if let successURL = page.link.successURL { return .redirect(to: successURL) }
        var body = HostedPageRenderer.paragraph("You can close this page.")
        if let returnURL = page.link.returnURL {
            body += HostedPageRenderer.link(returnURL, "Back to the application")
        }
        return HostedPageRenderer.page(
            title: "\(intent.title): done", brand: self.brand, message: summary, body: body
        )
    }

    // MARK: Rendering

    /// The page of `intent` for the link's organization (the intent menu when nil).
    static func render(
        _ page: Page, intent: PortalLink.Intent?, message: String?, status: HTTPStatus
    ) throws -> HTTPResponse {
        var body = HostedPageRenderer.paragraph("Organization: \(page.organization.name)")
        if !page.link.itContactEmails.isEmpty {
            body += HostedPageRenderer.paragraph("IT contacts: " + page.link.itContactEmails.joined(separator: ", "))
        }
        switch intent {
        case nil: body += self.menu(page)
        case .sso?: body += try self.ssoSection(page)
        case .dsync?: body += try self.dsyncSection(page)
        case .domainVerification?: body += self.domainSection(page)
        case .auditLogs?:
            body += HostedPageRenderer.paragraph(
                "This page shows no audit log events: the emulator's portal does not list them "
                    + "(export them with POST /audit_logs/exports)."
            )
            body += self.doneForm(page, intent: .auditLogs)
        case .logStreams?:
            body += HostedPageRenderer.paragraph(
                "Log streams are not emulated: there is no destination to configure in the emulator, and no audit "
                    + "log events to stream."
            )
            body += self.doneForm(page, intent: .logStreams)
        case .certificateRenewal?:
            body += HostedPageRenderer.paragraph(
                "The emulator's connections have no SAML certificates that expire: nothing to configure in the "
                    + "emulator."
            )
            body += self.doneForm(page, intent: .certificateRenewal)
        case .bringYourOwnKey?:
            body += HostedPageRenderer.paragraph(
                "Bring Your Own Key is not emulated: the emulator holds no encryption keys, so there is nothing to "
                    + "configure in the emulator."
            )
            body += self.doneForm(page, intent: .bringYourOwnKey)
        }
        if let returnURL = page.link.returnURL {
            body += HostedPageRenderer.link(returnURL, "Back to the application")
        }
        return HostedPageRenderer.page(
            title: intent?.title ?? "Admin Portal", brand: self.brand, status: status, message: message,
            isError: status.code >= 400, body: body
        )
    }

    /// A link generated without an intent: one entry per intent.
    private static func menu(_ page: Page) -> String {
        var html = "<section aria-labelledby=\"menu\"><h2 id=\"menu\">What do you want to set up?</h2>\n<ul>\n"
        for intent in PortalLink.Intent.allCases {
            let href = page.path + "?intent=" + intent.rawValue
            html += "<li><a href=\"\(HTML.escape(href))\">\(HTML.escape(intent.title))</a></li>\n"
        }
        return html + "</ul></section>\n"
    }

    private static func ssoSection(_ page: Page) throws -> String {
        let existing = try page.services.database.read { connection in
            try ConnectionRepository(environmentID: page.environmentID, services: page.services)
                .fetchAll(organizationID: page.organization.id, in: connection)
        }
        var html = self.list(
            "Connections", existing.map { "\($0.name) · \($0.connectionType.rawValue) · \($0.state.rawValue)" },
            empty: "This organization has no SSO connection yet."
        )
        var fields = self.select(
            "Identity provider", name: "connection_type", options: self.ssoConnectionTypes,
            selected: self.defaultConnectionType
        )
        fields += self.textField("Connection name", name: "name", value: page.organization.name)
        if !page.organization.domains.isEmpty {
            fields += HostedPageRenderer.paragraph(
                "Domains: " + page.organization.domains.map(\.domain).joined(separator: ", ")
            )
        }
        html += self.form(page, intent: .sso, heading: "New connection", fields: fields, button: "Create connection")
        return html
    }

    private static func dsyncSection(_ page: Page) throws -> String {
        let existing = try page.services.database.read { connection in
            try DirectoryRepository(environmentID: page.environmentID, services: page.services)
                .fetchAll(organizationID: page.organization.id, in: connection)
        }
        var html = self.list(
            "Directories", existing.map { "\($0.name) · \($0.type) · \($0.state.rawValue)" },
            empty: "This organization has no directory yet."
        )
        var fields = self.select(
            "Directory provider", name: "type", options: Directory.types, selected: self.defaultDirectoryType
        )
        fields += self.textField("Directory name", name: "name", value: page.organization.name)
        fields += self.textField("Domain (optional)", name: "domain", placeholder: "example.com")
        html += self.form(page, intent: .dsync, heading: "New directory", fields: fields, button: "Create directory")
        return html
    }

    private static func domainSection(_ page: Page) -> String {
        var html = "<section aria-labelledby=\"domains\"><h2 id=\"domains\">Domains</h2>\n"
        if page.organization.domains.isEmpty {
            html += HostedPageRenderer.paragraph("This organization has no domain yet.")
        } else {
            html += "<ul class=\"accounts\">\n"
            for domain in page.organization.domains {
                let isVerified = domain.state == .verified || domain.state == .legacyVerified
                let label = HTML.escape(domain.domain)
                if isVerified {
                    html += "<li>\(label) · \(HTML.escape(domain.state.rawValue))</li>\n"
                    continue
                }
                html += """
                    <li><form method="post" action="\(HTML.escape(page.path))">
                    \(self.intentField(page, .domainVerification))<input type="hidden" name="domain_id" \
                    value="\(HTML.escape(domain.id))">
                    <button type="submit" class="account"><span class="name">\(label)</span>
                    <span class="details">\(HTML.escape(domain.state.rawValue)) · Verify</span></button></form></li>

                    """
            }
            html += "</ul>\n"
        }
        html += "</section>\n"
        html += self.form(
            page, intent: .domainVerification, heading: "Add a domain",
            fields: self.textField("Domain", name: "domain", placeholder: "example.com", isRequired: true),
            button: "Add and verify domain"
        )
        return html
    }

    /// A form that only finishes the link.
    private static func doneForm(_ page: Page, intent: PortalLink.Intent) -> String {
        self.form(page, intent: intent, heading: nil, fields: "", button: "Done")
    }

    // MARK: HTML pieces (every value escaped)

    private static func form(
        _ page: Page, intent: PortalLink.Intent, heading: String?, fields: String, button: String
    ) -> String {
        var html = ""
        if let heading { html += "<h2>\(HTML.escape(heading))</h2>\n" }
        html += "<form method=\"post\" action=\"\(HTML.escape(page.path))\">\n"
        html += self.intentField(page, intent) + fields
        html += "<button type=\"submit\">\(HTML.escape(button))</button>\n</form>\n"
        return html
    }

    /// The hidden `intent` field, which only a link generated without one needs.
    private static func intentField(_ page: Page, _ intent: PortalLink.Intent) -> String {
        guard page.link.intent == nil else { return "" }
        return "<input type=\"hidden\" name=\"intent\" value=\"\(HTML.escape(intent.rawValue))\">\n"
    }

    private static func textField(
        _ label: String, name: String, value: String = "", placeholder: String = "", isRequired: Bool = false
    ) -> String {
        let id = HTML.escape(name)
        return """
            <label for="\(id)">\(HTML.escape(label))</label>
            <input id="\(id)" name="\(id)" type="text" value="\(HTML.escape(value))" \
            placeholder="\(HTML.escape(placeholder))"\(isRequired ? " required" : "")>

            """
    }

    private static func select(_ label: String, name: String, options: [String], selected: String) -> String {
        let id = HTML.escape(name)
        var html = "<label for=\"\(id)\">\(HTML.escape(label))</label>\n<select id=\"\(id)\" name=\"\(id)\">\n"
        for option in options {
            let mark = option == selected ? " selected" : ""
            html += "<option value=\"\(HTML.escape(option))\"\(mark)>\(HTML.escape(option))</option>\n"
        }
        return html + "</select>\n"
    }

    private static func list(_ heading: String, _ items: [String], empty: String) -> String {
        var html = "<h2>\(HTML.escape(heading))</h2>\n"
        guard !items.isEmpty else { return html + HostedPageRenderer.paragraph(empty) }
        html += "<ul>\n"
        for item in items { html += "<li>\(HTML.escape(item))</li>\n" }
        return html + "</ul>\n"
    }

    private static func gone(_ title: String, _ message: String) -> HTTPResponse {
        HostedPageRenderer.errorPage(status: .gone, title: title, message: message, brand: self.brand)
    }

    private static func usedPage() -> HTTPResponse {
        self.gone(
            "Admin Portal link used",
            "This Admin Portal link was already used. Ask the application for a new one."
        )
    }
}

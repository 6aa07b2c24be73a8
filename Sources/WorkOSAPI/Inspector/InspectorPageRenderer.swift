// workos-emulator — the HTML of GET /_emulator/inspector: server-rendered tables, no JavaScript, no external assets,
// every value escaped with the hosted pages' `HTML.escape`.
// Licensed MIT.

import HTTP1
import JSONCodec

/// Renders the inspector page and its error pages. Every interpolated value goes through `HTML.escape`; links are
/// built with `URLQuery` and escaped too.
enum InspectorPageRenderer {
    /// Where the page lives (also its cookie's `Path`).
    static let path = "/_emulator/inspector"

    /// The headers every inspector response carries: never cached, never framed, no script, style only inline,
    /// no referrer (a `?token=` URL must not leak through links), no content sniffing.
    static var securityHeaders: [(String, String)] {
        [
            ("Cache-Control", "no-store"),
            ("X-Frame-Options", "DENY"),
            ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Content-Type-Options", "nosniff"),
        ]
    }

    /// The query parameters that make a link keep the page's current view.
    struct View: Sendable {
        /// The environment shown.
        var environmentID: String
        /// Rows per section.
        var limit: Int
        /// Whether `limit` was asked for (links repeat it only then, keeping them short).
        var isLimitExplicit: Bool

        /// The page URL for this view, with `extra` parameters (a section cursor).
        func url(_ extra: [(String, String?)] = [], environmentID: String? = nil) -> String {
            var items: [(String, String?)] = [("environment", environmentID ?? self.environmentID)]
            if self.isLimitExplicit { items.append(("limit", String(self.limit))) }
            return URLQuery.appending(items + extra, to: InspectorPageRenderer.path)
        }
    }

    // MARK: Pages

    /// The page for `snapshot`.
    static func page(_ snapshot: InspectorSnapshot, view: View) -> HTTPResponse {
        let environment = snapshot.environment
        var body = """
            <header>
            <p class="brand">WorkOS emulator · Inspector (read-only)</p>
            <h1>\(HTML.escape(environment.name))</h1>
            <p class="muted">\(HTML.escape(environment.id)) · client id <code>\(HTML.escape(environment.clientID))\
            </code>\(environment.isDefault ? " · default environment" : "") · up to \(view.limit) rows per section \
            (<code>?limit=1…100</code>)</p>
            <nav>\(self.navigation(snapshot))</nav>
            </header>

            """
        body += self.environments(snapshot, view: view)
        body += self.emails(snapshot.emails, view: view)
        body += self.events(snapshot.events, view: view)
        body += self.organizations(snapshot.organizations, view: view)
        body += self.users(snapshot.users, view: view)
        body += self.connections(snapshot.connections, view: view)
        body += self.sessions(snapshot.sessions, emails: snapshot.sessionUserEmails, view: view)
        return self.response(title: environment.name, body: body, status: .ok)
    }

    /// An error page (unknown environment, bad `limit`, 401) with `status`.
    static func errorPage(status: HTTPStatus, title: String, message: String) -> HTTPResponse {
        let body = """
            <header><p class="brand">WorkOS emulator · Inspector</p><h1>\(HTML.escape(title))</h1></header>
            <p class="error" role="alert">\(HTML.escape(message))</p>

            """
        return self.response(title: title, body: body, status: status)
    }

    // MARK: Sections

    private static func navigation(_ snapshot: InspectorSnapshot) -> String {
        let counts: [(InspectorSnapshot.SectionName, String, Int)] = [
            (.emails, "E-mails", snapshot.emails.total), (.events, "Events", snapshot.events.total),
            (.organizations, "Organizations", snapshot.organizations.total), (.users, "Users", snapshot.users.total),
            (.connections, "Connections", snapshot.connections.total),
            (.sessions, "Active sessions", snapshot.sessions.total),
            (.environments, "Environments", snapshot.environments.total),
        ]
        return counts.map { name, title, total in
            "<a href=\"#\(name.rawValue)\">\(HTML.escape(title)) <span class=\"count\">\(total)</span></a>"
        }.joined(separator: " · ")
    }

    private static func environments(_ snapshot: InspectorSnapshot, view: View) -> String {
        let section = snapshot.environments
        let rows = section.items.map { environment in
            let name: String
            if environment.id == snapshot.environment.id {
                name = "<strong>\(HTML.escape(environment.name))</strong> (shown)"
            } else {
                let url = view.url(environmentID: environment.id)
                name = "<a href=\"\(HTML.escape(url))\">\(HTML.escape(environment.name))</a>"
            }
            return [
                name + (environment.isDefault ? " · default" : ""), self.code(environment.id),
                self.code(environment.clientID), self.time(environment.createdAt),
            ]
        }
        return self.section(
            .environments,
            title: "Environments",
            total: section.total,
            after: section.after,
            view: view,
            headers: ["Name", "Id", "Client id", "Created"],
            rows: rows
        )
    }

    private static func emails(_ section: InspectorSnapshot.Section<OutboxEmail>, view: View) -> String {
        let rows = section.items.map { email in
            var carries: [String] = []
            if let code = email.code { carries.append("code <code class=\"secret\">\(HTML.escape(code))</code>") }
            if let url = email.url { carries.append("link " + self.link(url)) }
            if let token = email.token { carries.append("token " + self.code(token)) }
            return [
                self.time(email.createdAt), HTML.escape(email.to), self.code(email.type), HTML.escape(email.subject),
                carries.joined(separator: "<br>"),
            ]
        }
        return self.section(
            .emails,
            title: "E-mails (outbox)",
            total: section.total,
            after: section.after,
            view: view,
            headers: ["Sent", "To", "Kind", "Subject", "Code / link"],
            rows: rows,
            note: "What WorkOS would have e-mailed; the same data as <code>GET /_emulator/emails</code>."
        )
    }

    private static func events(_ section: InspectorSnapshot.Section<Event>, view: View) -> String {
        let rows = section.items.map { event in
            var details = "<details><summary>data</summary><pre>\(HTML.escape(event.data.prettyPrinted()))</pre>"
            if let context = event.context {
                details += "<p>context</p><pre>\(HTML.escape(context.prettyPrinted()))</pre>"
            }
            details += "</details>"
            return [self.time(event.createdAt), self.code(event.event.rawValue), self.code(event.id), details]
        }
        return self.section(
            .events,
            title: "Events",
            total: section.total,
            after: section.after,
            view: view,
            headers: ["Time", "Type", "Id", "Data"],
            rows: rows
        )
    }

    private static func organizations(_ section: InspectorSnapshot.Section<Organization>, view: View) -> String {
        let rows = section.items.map { organization in
            [
                HTML.escape(organization.name), self.code(organization.id),
                organization.externalID.map { HTML.escape($0) } ?? "",
                organization.domains.map { "\(HTML.escape($0.domain)) (\(HTML.escape($0.state.rawValue)))" }
                    .joined(separator: "<br>"),
                self.time(organization.createdAt),
            ]
        }
        return self.section(
            .organizations,
            title: "Organizations",
            total: section.total,
            after: section.after,
            view: view,
            headers: ["Name", "Id", "External id", "Domains", "Created"],
            rows: rows
        )
    }

    private static func users(_ section: InspectorSnapshot.Section<User>, view: View) -> String {
        let rows = section.items.map { user in
            [
                HTML.escape(user.email), HTML.escape(user.name ?? ""), self.code(user.id),
                user.emailVerified ? "yes" : "no", user.lastSignInAt.map(self.time) ?? "", self.time(user.createdAt),
            ]
        }
        return self.section(
            .users,
            title: "Users",
            total: section.total,
            after: section.after,
            view: view,
            headers: ["E-mail", "Name", "Id", "Verified", "Last sign-in", "Created"],
            rows: rows
        )
    }

    private static func connections(_ section: InspectorSnapshot.Section<SSOConnection>, view: View) -> String {
        let rows = section.items.map { connection in
            [
                HTML.escape(connection.name), self.code(connection.id), HTML.escape(connection.connectionType.rawValue),
                HTML.escape(connection.state.rawValue), connection.organizationID.map(self.code) ?? "",
                connection.domains.map { HTML.escape($0.domain) }.joined(separator: "<br>"),
            ]
        }
        return self.section(
            .connections,
            title: "Connections",
            total: section.total,
            after: section.after,
            view: view,
            headers: ["Name", "Id", "Type", "State", "Organization", "Domains"],
            rows: rows
        )
    }

    private static func sessions(
        _ section: InspectorSnapshot.Section<Session>,
        emails: [String: String],
        view: View
    ) -> String {
        let rows = section.items.map { session in
            [
                self.code(session.id), HTML.escape(emails[session.userID] ?? "") + "<br>" + self.code(session.userID),
                session.organizationID.map(self.code) ?? "", HTML.escape(session.authMethod.rawValue),
                HTML.escape(session.ipAddress ?? ""), self.time(session.createdAt), self.time(session.expiresAt),
            ]
        }
        return self.section(
            .sessions,
            title: "Active sessions",
            total: section.total,
            after: section.after,
            view: view,
            headers: ["Id", "User", "Organization", "Method", "IP", "Started", "Expires"],
            rows: rows
        )
    }

    // MARK: Building blocks

    /// A section: heading with its count, a table of already-escaped cells, and a link to the older rows.
    private static func section(
        _ name: InspectorSnapshot.SectionName,
        title: String,
        total: Int,
        after: String?,
        view: View,
        headers: [String],
        rows: [[String]],
        note: String? = nil
    ) -> String {
        var html = "<section id=\"\(name.rawValue)\">\n"
        html += "<h2>\(HTML.escape(title)) <span class=\"count\">\(total)</span></h2>\n"
        if let note { html += "<p class=\"muted\">\(note)</p>\n" }
        guard !rows.isEmpty else {
            return html + "<p class=\"muted\">None.</p>\n</section>\n"
        }
        html += "<table>\n<thead><tr>" + headers.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead>\n"
        html += "<tbody>\n"
        for row in rows {
            html += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        if let after {
            let url = view.url([("\(name.rawValue)_after", after)])
            html += "<p class=\"more\"><a href=\"\(HTML.escape(url + "#" + name.rawValue))\">Older →</a></p>\n"
        }
        return html + "</section>\n"
    }

    /// A value shown as code.
    private static func code(_ text: String) -> String {
        "<code>\(HTML.escape(text))</code>"
    }

    /// A time, ISO 8601 as the API sends it.
    private static func time(_ timestamp: Timestamp) -> String {
        "<time>\(HTML.escape(timestamp.iso8601))</time>"
    }

    /// A link for an http(s) URL; any other scheme (`javascript:`, …) is shown as text only.
    private static func link(_ url: String) -> String {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return self.code(url) }
        return "<a href=\"\(HTML.escape(url))\" rel=\"noreferrer\">\(HTML.escape(url))</a>"
    }

    /// The frame around a page body, with the security headers.
    private static func response(title: String, body: String, status: HTTPStatus) -> HTTPResponse {
        let html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <meta name="robots" content="noindex">
            <title>\(HTML.escape(title)) · Inspector · WorkOS emulator</title>
            <style>\(self.css)</style>
            </head>
            <body>
            <main>
            \(body)</main>
            </body>
            </html>

            """
        return HTTPResponse(
            status: status,
            headers: HTTPHeaders(self.securityHeaders),
            text: html,
            contentType: "text/html; charset=utf-8"
        )
    }

    private static let css = """
        :root{color-scheme:light dark;--fg:#1b1d21;--muted:#5b6170;--bg:#f6f7f9;--card:#fff;--line:#d9dce3;\
        --accent:#3a2fd6;--error:#a11a1a}
        @media (prefers-color-scheme:dark){:root{--fg:#eceef2;--muted:#a7adba;--bg:#15161a;--card:#1f2126;\
        --line:#393c45;--accent:#9d96ff;--error:#ff8a8a}}
        *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);\
        font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:90rem;margin:1.5rem auto;padding:0 1.5rem}
        h1{font-size:1.5rem;margin:.25rem 0;overflow-wrap:anywhere}h2{font-size:1.1rem;margin:2rem 0 .5rem}
        .brand,.muted{color:var(--muted);margin:.25rem 0}.brand{font-size:.85rem}
        .count{display:inline-block;min-width:1.5em;padding:0 .4em;border-radius:1em;background:var(--line);\
        font-size:.8em;text-align:center}
        nav{margin:1rem 0}a{color:var(--accent)}
        table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line)}
        th,td{padding:.4rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;\
        overflow-wrap:anywhere}
        th{font-size:.85rem;color:var(--muted)}
        code{font:.85em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        code.secret{font-size:1.1em;font-weight:700}
        pre{margin:.25rem 0;max-height:30rem;overflow:auto;font:.8rem ui-monospace,SFMono-Regular,Menlo,monospace}
        .error{color:var(--error);font-weight:600}.more{text-align:right}
        """
}

// workos-emulator — the HTML of the hosted sign-in pages: plain forms, no JavaScript, no external assets, every value
// escaped (emulator.md "Hosted sign-in pages").
// Licensed MIT.

import HTTP1

/// Renders the AuthKit-like pages. Every interpolated value goes through `HTML.escape`.
enum HostedPageRenderer {
    /// One account of the chooser.
    struct Account: Sendable {
        var name: String?
        var email: String
        var organizations: [String]
        var hasMFA: Bool
    }

    /// A page in the common frame, as a response with `status`; `brand` names the product in the top line.
    static func page(
        title: String,
        brand: String = "AuthKit",
        status: HTTPStatus = .ok,
        message: String? = nil,
        isError: Bool = false,
        body: String
    ) -> HTTPResponse {
        var html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>\(HTML.escape(title)) · WorkOS emulator</title>
            <style>\(self.css)</style>
            </head>
            <body>
            <main>
            <p class="brand">WorkOS emulator · \(HTML.escape(brand))</p>
            <h1>\(HTML.escape(title))</h1>

            """
        if let message {
            let role = isError ? "alert" : "status"
            html += "<p class=\"\(isError ? "error" : "notice")\" role=\"\(role)\">\(HTML.escape(message))</p>\n"
        }
        html += body
        html += "\n</main>\n</body>\n</html>\n"
        return HTTPResponse(
            status: status, headers: self.securityHeaders, text: html, contentType: "text/html; charset=utf-8"
        )
    }

    /// The headers of every page: pages carry codes and tokens, so nothing caches them (RFC 9111 §5.2.2.5), frames
    /// them (RFC 7034; CSP `frame-ancestors`), sends them on as a Referer (W3C Referrer Policy) or runs script in them
    /// (CSP: no script source at all; inline styles, and `data:` images for the MFA QR code, which `default-src
    /// 'none'` alone would block). `form-action *`: a form's answer redirects to the application's redirect URI.
    static var securityHeaders: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Cache-Control", value: "no-store")
        headers.add(name: "X-Frame-Options", value: "DENY")
        headers.add(
            name: "Content-Security-Policy",
            value: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action *; "
                + "frame-ancestors 'none'; base-uri 'none'"
        )
        headers.add(name: "Referrer-Policy", value: "no-referrer")
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        return headers
    }

    /// An error page (bad client id or redirect URI, an unknown or used page).
    static func errorPage(
        status: HTTPStatus, title: String, message: String, brand: String = "AuthKit"
    ) -> HTTPResponse {
        self.page(title: title, brand: brand, status: status, message: message, isError: true, body: "")
    }

    /// The account chooser: one form per account, submitting its e-mail.
    static func accountChooser(
        action: String,
        accounts: [Account],
        buttonLabel: String = "Continue as",
        step: String = "choose",
        hidden: [(String, String)] = []
    ) -> String {
        let extra = hidden.map {
            "<input type=\"hidden\" name=\"\(HTML.escape($0.0))\" value=\"\(HTML.escape($0.1))\">\n"
        }.joined()
        guard !accounts.isEmpty else { return "" }
        var html = "<section aria-labelledby=\"accounts\"><h2 id=\"accounts\">Choose an account</h2>\n"
            + "<ul class=\"accounts\">\n"
        for account in accounts {
            let name = account.name.map { HTML.escape($0) } ?? HTML.escape(account.email)
            var details = [HTML.escape(account.email)]
            if !account.organizations.isEmpty {
                details.append(
                    "Organizations: " + account.organizations.map { HTML.escape($0) }.joined(separator: ", ")
                )
            }
            if account.hasMFA { details.append("MFA enrolled") }
            html += """
                <li><form method="post" action="\(HTML.escape(action))">
                <input type="hidden" name="action" value="\(HTML.escape(step))">
                \(extra)<input type="hidden" name="email" value="\(HTML.escape(account.email))">
                <button type="submit" class="account" aria-label="\(HTML.escape(buttonLabel)) \(name)">
                <span class="name">\(name)</span>
                <span class="details">\(details.joined(separator: " · "))</span>
                </button></form></li>

                """
        }
        return html + "</ul></section>\n"
    }

    /// The e-mail + password form.
    static func passwordForm(action: String, email: String?) -> String {
        """
        <section aria-labelledby="password-sign-in"><h2 id="password-sign-in">Sign in with email</h2>
        <form method="post" action="\(HTML.escape(action))">
        <input type="hidden" name="action" value="password">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required \
        value="\(HTML.escape(email ?? ""))">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button>
        </form></section>

        """
    }

    /// The "e-mail me a code" form (Magic Auth).
    static func magicForm(action: String, email: String?) -> String {
        """
        <section aria-labelledby="magic"><h2 id="magic">Sign in with a code</h2>
        <form method="post" action="\(HTML.escape(action))">
        <input type="hidden" name="action" value="magic">
        <label for="magic-email">Email</label>
        <input id="magic-email" name="email" type="email" autocomplete="username" required \
        value="\(HTML.escape(email ?? ""))">
        <button type="submit" class="secondary">Email me a code</button>
        </form></section>

        """
    }

    /// The sign-up form.
    static func signUpForm(action: String, email: String?) -> String {
        """
        <form method="post" action="\(HTML.escape(action))">
        <input type="hidden" name="action" value="sign-up">
        <label for="first_name">First name</label>
        <input id="first_name" name="first_name" type="text" autocomplete="given-name">
        <label for="last_name">Last name</label>
        <input id="last_name" name="last_name" type="text" autocomplete="family-name">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required \
        value="\(HTML.escape(email ?? ""))">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required minlength="8">
        <button type="submit">Create account</button>
        </form>

        """
    }

    /// A one-time code form (`action` names the step: magic-code, verify-email, totp).
    static func codeForm(action: String, step: String, label: String, hidden: [(String, String)] = []) -> String {
        var html = "<form method=\"post\" action=\"\(HTML.escape(action))\">\n"
        html += "<input type=\"hidden\" name=\"action\" value=\"\(HTML.escape(step))\">\n"
        for (name, value) in hidden {
            html += "<input type=\"hidden\" name=\"\(HTML.escape(name))\" value=\"\(HTML.escape(value))\">\n"
        }
        html += """
            <label for="code">\(HTML.escape(label))</label>
            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" \
            pattern="[0-9]{6}" maxlength="6" required>
            <button type="submit">Continue</button>
            </form>

            """
        return html
    }

    /// Organization selection: one button per organization.
    static func organizationChooser(
        action: String,
        organizations: [(id: String, name: String)],
        step: String = "organization",
        hidden: [(String, String)] = []
    ) -> String {
        let extra = hidden.map {
            "<input type=\"hidden\" name=\"\(HTML.escape($0.0))\" value=\"\(HTML.escape($0.1))\">\n"
        }.joined()
        var html = "<ul class=\"accounts\">\n"
        for organization in organizations {
            html += """
                <li><form method="post" action="\(HTML.escape(action))">
                <input type="hidden" name="action" value="\(HTML.escape(step))">
                \(extra)<input type="hidden" name="organization_id" value="\(HTML.escape(organization.id))">
                <button type="submit" class="account"><span class="name">\(HTML.escape(organization.name))</span>
                <span class="details">\(HTML.escape(organization.id))</span></button></form></li>

                """
        }
        return html + "</ul>\n"
    }

    /// A link.
    static func link(_ href: String, _ text: String) -> String {
        "<p class=\"switch\"><a href=\"\(HTML.escape(href))\">\(HTML.escape(text))</a></p>\n"
    }

    /// A small paragraph of plain text.
    static func paragraph(_ text: String) -> String {
        "<p>\(HTML.escape(text))</p>\n"
    }

    private static let css = """
        :root{color-scheme:light dark;--fg:#1b1d21;--muted:#5b6170;--bg:#f6f7f9;--card:#fff;--line:#d9dce3;\
        --accent:#3a2fd6;--error:#a11a1a}
        @media (prefers-color-scheme:dark){:root{--fg:#eceef2;--muted:#a7adba;--bg:#15161a;--card:#1f2126;\
        --line:#393c45;--accent:#9d96ff;--error:#ff8a8a}}
        *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);\
        font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:28rem;margin:3rem auto;padding:2rem;background:var(--card);border:1px solid var(--line);\
        border-radius:12px}
        h1{font-size:1.5rem;margin:.25rem 0 1rem;overflow-wrap:anywhere}\
        h2{font-size:1rem;margin:1.5rem 0 .5rem;color:var(--muted)}
        .brand{margin:0;color:var(--muted);font-size:.85rem}
        label{display:block;margin:.75rem 0 .25rem;font-weight:600}
        input,select{width:100%;padding:.6rem .7rem;border:1px solid var(--line);border-radius:8px;font:inherit;\
        background:transparent;color:inherit}
        button{margin-top:1rem;width:100%;padding:.65rem;border:0;border-radius:8px;background:var(--accent);\
        color:#fff;font:inherit;font-weight:600;cursor:pointer}
        button.secondary{background:transparent;color:var(--accent);border:1px solid var(--accent)}
        button.deny{background:transparent;color:var(--muted);border:1px solid var(--line)}
        button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
        ul.accounts{list-style:none;margin:0;padding:0}ul.accounts li{margin:.5rem 0}
        button.account{margin:0;text-align:left;background:transparent;color:var(--fg);border:1px solid var(--line)}
        button.account:hover{border-color:var(--accent)}
        .account .name{display:block;font-weight:600}.account .details{display:block;color:var(--muted);\
        font-size:.85rem;font-weight:400;overflow-wrap:anywhere}
        .error{color:var(--error);font-weight:600}.notice{color:var(--muted)}
        .switch{margin-top:1.5rem;text-align:center}a{color:var(--accent)}
        """
}

/// HTML text escaping (HTML Standard §13.1.2.6 attribute values and §13.1.3 text: `&`, `<`, `>`, `"`, `'`).
enum HTML {
    /// `text` safe inside element content and double- or single-quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

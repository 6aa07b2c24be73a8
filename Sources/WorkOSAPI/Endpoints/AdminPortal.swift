// workos-emulator — Admin Portal links (https://workos.com/docs/reference/admin-portal; catalog-A §7).
// Licensed MIT.

import Foundation
import HTTP1
import JSONCodec

/// `/portal/*`: generate a link to a page the emulator serves (`PortalPages`), and revoke links.
enum AdminPortal {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        routes.add(.post, "/portal/generate_link", self.generateLink)
        routes.add(.post, "/portal/revoke_link", self.revokeLink)
    }

    /// `POST /portal/generate_link` `{organization, intent?, return_url?, success_url?, it_contact_emails?,
    /// external_user_id?}` → 201 `{"link": "<origin>/portal/<token>"}`, valid five minutes. The origin is the one the
    /// client reached the emulator at (its `Host` header), so a link generated through a compose service name opens
    /// there too. 422 for a bad field (an `intent` outside the spec's seven), then 404 for an unknown organization.
    /// Node's `intent_options` and `admin_emails` are accepted and ignored.
    @Sendable static func generateLink(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        var creation = PortalLinkRepository.Creation(organizationID: body.requiredString("organization"))
        if let intent = body.optionalString("intent").value {
            if let known = PortalLink.Intent(rawValue: intent) {
                creation.intent = known
            } else {
                let values = PortalLink.Intent.allCases.map(\.rawValue).joined(separator: ", ")
                body.fail(.invalid("intent", "intent must be one of: \(values)."))
            }
        }
        creation.returnURL = self.url("return_url", in: &body)
        creation.successURL = self.url("success_url", in: &body)
        creation.itContactEmails = self.itContactEmails(in: &body)
        creation.externalUserID = body.optionalString("external_user_id", maxLength: 255).value
        try body.validate()
        let (_, token) = try context.write { connection in
            try PortalLinkRepository(services: context.services)
                .create(creation, environmentID: context.environment.id, in: connection)
        }
        let link = context.request.origin + PortalLink.pagePathPrefix + token
        return .json(["link": .string(link)], status: .created)
    }

    /// `POST /portal/revoke_link` `{organization, external_user_id}` (Python SDK 10; not in spec v0.61): every link
    /// of the organization generated with that `external_user_id` stops working, opened ones included → 204. 422
    /// for a missing field, 404 for an unknown organization.
    @Sendable static func revokeLink(_ context: RequestContext) throws -> HTTPResponse {
        var body = try context.body()
        let organizationID = body.requiredString("organization")
        let externalUserID = body.requiredString("external_user_id")
        try body.validate()
        try context.write { connection in
            _ = try PortalLinkRepository(services: context.services).revoke(
                organizationID: organizationID, externalUserID: externalUserID,
                environmentID: context.environment.id, in: connection
            )
        }
        return .noContent
    }

    /// An optional absolute http(s) URL (anything else, `javascript:` included, is a 422: the page links to it).
    private static func url(_ key: String, in body: inout BodyReader) -> String? {
        guard let text = body.optionalString(key, maxLength: 2048).value else { return nil }
        guard self.isHTTPURL(text) else {
            body.fail(.invalid(key, "\(key) must be an absolute http or https URL."))
            return nil
        }
        return text
    }

    /// True for an absolute `http`/`https` URL with a host, written with URI characters only (a backslash, a space
    /// or non-ASCII would send browsers elsewhere than `URLComponents` reads: `URLQuery.isWellFormedURI`).
    static func isHTTPURL(_ text: String) -> Bool {
        guard URLQuery.isWellFormedURI(text), let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    /// `it_contact_emails`: at most 20 valid e-mail addresses, normalized.
    private static func itContactEmails(in body: inout BodyReader) -> [String] {
        guard let emails = body.optionalStringArray("it_contact_emails") else { return [] }
        if emails.count > PortalLink.maximumITContacts {
            body.fail(
                .invalid(
                    "it_contact_emails", "it_contact_emails accepts up to \(PortalLink.maximumITContacts) emails."
                )
            )
        }
        var normalized: [String] = []
        for (index, email) in emails.enumerated() {
            guard let address = EmailAddress.normalized(email) else {
                body.fail(.invalid("it_contact_emails[\(index)]", "'\(email)' is not a valid email address."))
                continue
            }
            normalized.append(address)
        }
        return normalized
    }
}

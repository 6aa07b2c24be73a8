// workos-emulator — the device flow: POST /user_management/authorize/device, the page that approves a user code, and
// the device_code grant's polling (RFC 8628; https://workos.com/docs/reference/authkit/cli-auth; catalog-A §6.4).
// Licensed MIT.

import HTTP1
import JSONCodec
import PasswordHashing
import SQLite
import TokenSigning

/// RFC 8628 device authorization: a CLI asks for a code, a person approves it on `/_emulator/device`, the CLI polls
/// `POST /user_management/authenticate` with `grant_type=urn:ietf:params:oauth:grant-type:device_code`.
enum DeviceAuthorization {
    /// Lifetime of a device code: 300 s, the spec's example `expires_in`.
    static let lifetimeSeconds: Int64 = 300
    /// Minimum polling interval: 5 s, the spec's example `interval` (RFC 8628 §3.2 default).
    static let intervalSeconds: Int64 = 5
    /// The verification page.
    static let pagePath = "/_emulator/device"
    /// RFC 8628 §6.1: user codes from 20 consonants (no vowels, so no words), shown as `BCDF-GHJK`.
    static let userCodeAlphabet = Array("BCDFGHJKLMNPQRSTVWXZ")

    /// The routes of this area (no API key).
    static func register(on routes: inout RouteTable) {
        routes.addPublic(.post, "/user_management/authorize/device", self.create)
        routes.addPublic(.get, self.pagePath, self.page)
        routes.addPublic(.post, self.pagePath, self.submit)
    }

    /// `POST /user_management/authorize/device` `{client_id}` (JSON or form) → 200 `{device_code, user_code,
    /// verification_uri, verification_uri_complete, expires_in, interval}`; 400 `invalid_client` for an unknown one.
    @Sendable static func create(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let body = try BodyReader.oauth(request)
        guard let clientID = body.object["client_id"]?.stringValue, !clientID.isEmpty else {
            throw APIError.oauth(.invalidRequest, "client_id is required.")
        }
        let deviceCode = RandomToken.alphanumeric(48)
        var generator = SystemRandomNumberGenerator()
        let letters = (0..<8).map { _ in self.userCodeAlphabet.randomElement(using: &generator)! }
        let userCode = String(letters[0..<4]) + "-" + String(letters[4..<8])
        try services.database.write { connection in
            guard
                let environment = try EnvironmentRepository(services: services).fetchOne(
                    clientID: clientID,
                    in: connection
                )
            else { throw APIError.oauth(.invalidClient, "The client_id '\(clientID)' is invalid.") }
            let now = services.clock.now()
            try connection.execute(
                """
                INSERT INTO device_authorizations (id, environment_id, client_id, device_code_hash, user_code, status,
                    interval_seconds, expires_at, created_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)
                """,
                [
                    .text(services.ids.make(.deviceAuthorization)), .text(environment.id), .text(clientID),
                    .text(TokenDigest.sha256Hex(deviceCode)), .text(userCode), .integer(self.intervalSeconds),
                    .text(now.adding(seconds: self.lifetimeSeconds).iso8601), .text(now.iso8601),
                ]
            )
        }
        let uri = request.origin + self.pagePath
        return .json([
            "device_code": .string(deviceCode),
            "user_code": .string(userCode),
            "verification_uri": .string(uri),
            "verification_uri_complete": .string(URLQuery.appending([("user_code", userCode)], to: uri)),
            "expires_in": .int(Int(self.lifetimeSeconds)),
            "interval": .int(Int(self.intervalSeconds)),
        ])
    }

    /// A pending device authorization found by its user code.
    struct Pending: Sendable {
        var id: String
        var environmentID: String
        var userCode: String
        /// Wrong TOTP codes entered while approving it (0017_step_up_attempts.sql).
        var failedAttempts: Int
    }

    /// The unexpired, pending authorization with this user code (case and hyphen insensitive), or nil.
    static func fetchPending(userCode: String, services: Services, in connection: Connection) throws -> Pending? {
        let letters = userCode.uppercased().filter { $0.isLetter }
        guard letters.count == 8 else { return nil }
        let normalized = String(letters.prefix(4)) + "-" + String(letters.suffix(4))
        guard
            let row = try connection.fetchOne(
                """
                SELECT id, environment_id, user_code, failed_attempts FROM device_authorizations
                WHERE user_code = ? AND status = 'pending' AND expires_at > ? ORDER BY id DESC LIMIT 1
                """,
                [.text(normalized), .text(services.clock.now().iso8601)]
            )
        else { return nil }
        return Pending(
            id: row["id"], environmentID: row["environment_id"], userCode: row["user_code"],
            failedAttempts: row["failed_attempts"]
        )
    }

    /// `GET /_emulator/device[?user_code=…]`: the code entry form, or the approval form for a valid code.
    @Sendable static func page(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        guard let userCode = request.query["user_code"], !userCode.isEmpty else { return self.codeEntry(message: nil) }
        return try self.approval(userCode: userCode, message: nil, status: .ok, services: services)
    }

    /// `POST /_emulator/device`: `user_code` with `action=approve` (as `email`, with `password` when given) or
    /// `action=deny`; without an action, the code entry form's submission.
    @Sendable static func submit(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let body = try BodyReader(request)
        func field(_ key: String) -> String? {
            guard let text = body.object[key]?.stringValue, !text.isEmpty else { return nil }
            return text
        }
        guard let userCode = field("user_code") else {
            return self.codeEntry(message: "Enter the code shown on your device.")
        }
        let action = field("action")
        if action == nil {
            return try self.approval(userCode: userCode, message: nil, status: .ok, services: services)
        }
        guard
            let pending = try services.database.read({
                try self.fetchPending(userCode: userCode, services: services, in: $0)
            })
        else { return self.codeEntry(message: "That code is unknown or has expired.", status: .badRequest) }
        if action == "deny" {
            try self.deny(pending, services: services)
            return HostedPageRenderer.page(
                title: "Device denied",
                body: HostedPageRenderer.paragraph("The device was not signed in. You can close this page.")
            )
        }
        guard let email = field("email") else {
            return try self.approval(
                userCode: userCode,
                message: "Choose an account.",
                status: .badRequest,
                services: services
            )
        }
        let users = UserRepository(environmentID: pending.environmentID, services: services)
        let found = try services.database.read { connection -> (User, String?)? in
            guard let user = try users.fetchOne(email: email, in: connection) else { return nil }
            return (user, try users.passwordHash(userID: user.id, in: connection))
        }
        guard let (user, hash) = found else {
            return try self.approval(
                userCode: userCode,
                message: "No account uses that email address.",
                status: .badRequest,
                services: services
            )
        }
        if let password = field("password") {
            guard let hash, PasswordHasher.verify(password, against: hash) else {
                return try self.approval(
                    userCode: userCode,
                    message: "Incorrect email or password.",
                    status: .badRequest,
                    services: services
                )
            }
        }
        let environment = try services.database.read { connection in
            try EnvironmentRepository(services: services).fetchOne(id: pending.environmentID, in: connection)
        }
        guard let environment else { throw APIError.internalError }
        guard pending.failedAttempts < OneTimeCode.maximumFailedAttempts else {
            // `OneTimeCode.maximumFailedAttempts` wrong codes end the approval: the device is denied and must start
            // over, even when the code entered now is right.
            try self.deny(pending, services: services)
            return self.stepPage(
                title: "Device denied", status: .badRequest,
                message: "Too many incorrect codes were entered. Start again on your device.", body: ""
            )
        }
        let stepUp = try self.stepUp(
            user: user, environment: environment, organizationID: field("organization_id"), code: field("code"),
            services: services
        )
        let organizationID: String?
        switch stepUp {
        case .approve(let chosen):
            organizationID = chosen
        case .chooseOrganization(let organizations, let status):
            return self.stepPage(
                title: "Choose an organization", status: status,
                message: status == .ok ? nil : "Choose one of your organizations.",
                body: HostedPageRenderer.organizationChooser(
                    action: self.pagePath, organizations: organizations, step: "approve",
                    hidden: [("user_code", pending.userCode), ("email", user.email)]
                )
            )
        case .enterCode(let chosen, let status):
            if status == .badRequest {
                try services.database.write { connection in
                    try connection.execute(
                        "UPDATE device_authorizations SET failed_attempts = failed_attempts + 1 WHERE id = ?",
                        [.text(pending.id)]
                    )
                }
            }
            var hidden = [("user_code", pending.userCode), ("email", user.email)]
            if let chosen { hidden.append(("organization_id", chosen)) }
            return self.stepPage(
                title: "Two-factor authentication", status: status,
                message: status == .ok ? nil : "That code is not valid. Try the current one.",
                body: HostedPageRenderer.codeForm(
                    action: self.pagePath, step: "approve", label: "Code from your authenticator app", hidden: hidden
                )
            )
        case .enrollmentRequired:
            return self.stepPage(
                title: "Two-factor authentication required", status: .forbidden,
                message: "This environment requires MFA and \(user.email) has no factor yet: sign in through AuthKit "
                    + "once to enroll one, then approve the device.",
                body: ""
            )
        }
        try services.database.write { connection in
            try connection.execute(
                """
                UPDATE device_authorizations SET status = 'approved', user_id = ?, organization_id = ?
                WHERE id = ? AND status = 'pending'
                """,
                [.text(user.id), SQLValue(organizationID), .text(pending.id)]
            )
        }
        return HostedPageRenderer.page(
            title: "Device approved",
            body: HostedPageRenderer.paragraph("Your device is signed in as \(user.email). You can close this page.")
        )
    }

    /// What approving a device as `user` still needs, in AuthKit's order (`SignInFlow`): choosing an organization
    /// when the user is an active member of several, then the user's MFA challenge (a current TOTP code of one of
    /// their factors), or MFA enrollment when the environment requires MFA and the user has no factor. The device is
    /// signed in as the user, so it must not skip a step the hosted sign-in page would ask for.
    private static func stepUp(
        user: User,
        environment: Environment,
        organizationID: String?,
        code: String?,
        services: Services
    ) throws -> DeviceApprovalStep {
        try services.database.read { connection in
            let flow = SignInFlow(environment: environment, services: services)
            let organizations = try flow.activeOrganizations(userID: user.id, in: connection)
            var chosen: String? = organizations.count == 1 ? organizations[0].id : nil
            if organizations.count > 1 {
                guard let organizationID else { return .chooseOrganization(organizations, status: .ok) }
                guard organizations.contains(where: { $0.id == organizationID }) else {
                    return .chooseOrganization(organizations, status: .badRequest)
                }
                chosen = organizationID
            }
            let factors = AuthenticationFactorRepository(environmentID: environment.id, services: services)
            if try factors.fetchAllTOTP(userID: user.id, in: connection).isEmpty {
                let settings = try EnvironmentRepository(services: services)
                    .signInSettings(of: environment.id, in: connection)
                return settings.requiresMFA ? .enrollmentRequired : .approve(organizationID: chosen)
            }
            guard let code else { return .enterCode(organizationID: chosen, status: .ok) }
            guard try factors.verifyAnyTOTP(userID: user.id, code: code, in: connection) else {
                return .enterCode(organizationID: chosen, status: .badRequest)
            }
            return .approve(organizationID: chosen)
        }
    }

    /// Denies a pending device authorization: its next poll answers `access_denied`.
    private static func deny(_ pending: Pending, services: Services) throws {
        try services.database.write { connection in
            try connection.execute(
                "UPDATE device_authorizations SET status = 'denied' WHERE id = ? AND status = 'pending'",
                [.text(pending.id)]
            )
        }
    }

    /// A step of the approval in the hosted pages' frame.
    private static func stepPage(title: String, status: HTTPStatus, message: String?, body: String) -> HTTPResponse {
        HostedPageRenderer.page(title: title, status: status, message: message, isError: status != .ok, body: body)
    }

    private static func codeEntry(message: String?, status: HTTPStatus = .ok) -> HTTPResponse {
        HostedPageRenderer.page(
            title: "Connect a device",
            status: status,
            message: message,
            isError: status != .ok,
            body: """
                <form method="post" action="\(self.pagePath)">
                <label for="user_code">Code shown on your device</label>
                <input id="user_code" name="user_code" type="text" autocomplete="off" autocapitalize="characters"
                 required placeholder="BCDF-GHJK">
                <button type="submit">Continue</button>
                </form>

                """
        )
    }

    private static func approval(
        userCode: String,
        message: String?,
        status: HTTPStatus,
        services: Services
    ) throws
        -> HTTPResponse
    {
        let found = try services.database.read { connection -> (Pending, [HostedPageRenderer.Account])? in
            guard let pending = try self.fetchPending(userCode: userCode, services: services, in: connection) else {
                return nil
            }
            return (
                pending,
                try HostedPages.accounts(
                    environmentID: pending.environmentID,
                    organizationID: nil,
                    services: services,
                    in: connection
                )
            )
        }
        guard let (pending, accounts) = found else {
            return self.codeEntry(message: "That code is unknown or has expired.", status: .badRequest)
        }
        let hidden = "<input type=\"hidden\" name=\"user_code\" value=\"\(HTML.escape(pending.userCode))\">\n"
        var body = HostedPageRenderer.paragraph("Approve the device showing the code \(pending.userCode).")
        body += HostedPageRenderer.accountChooser(
            action: self.pagePath,
            accounts: accounts,
            buttonLabel: "Approve as",
            step: "approve",
            hidden: [("user_code", pending.userCode)]
        )
        body += """
            <form method="post" action="\(self.pagePath)">
            \(hidden)<input type="hidden" name="action" value="deny">
            <button type="submit" class="deny">Deny</button>
            </form>

            """
        return HostedPageRenderer.page(
            title: "Approve device",
            status: status,
            message: message,
            isError: status != .ok,
            body: body
        )
    }

    /// The `device_code` grant (RFC 8628 §3.4–3.5): `authorization_pending` until approved, `slow_down` when polled
    /// within `interval` of the previous poll, `expired_token`, `access_denied`; an approved code signs the user in
    /// once (then `invalid_grant`). Polling timestamps commit even when the answer is an error.
    static func redeem(_ grant: Authenticate.Grant) throws -> Authenticate.Outcome {
        let deviceCode = try grant.require("device_code")
        let clientID = try grant.require("client_id")
        return try grant.services.database.write { connection in
            guard
                let row = try connection.fetchOne(
                    "SELECT * FROM device_authorizations WHERE environment_id = ? AND device_code_hash = ?",
                    [.text(grant.environment.id), .text(TokenDigest.sha256Hex(deviceCode))]
                ), (row["client_id"] as String) == clientID
            else { throw APIError.oauth(.invalidGrant, "The device code is invalid.") }
            let id: String = row["id"]
            let now = grant.services.clock.now()
            let status: String = row["status"]
            guard status != "redeemed" else {
                throw APIError.oauth(.invalidGrant, "The device code has already been used.")
            }
            guard let expiresAt = Timestamp(iso8601: row["expires_at"]), now < expiresAt else {
                return .rejected(APIError.oauth(.expiredToken, "The device code has expired."), nil)
            }
            if status == "denied" {
                return .rejected(APIError.oauth(.accessDenied, "The user denied the device authorization."), nil)
            }
            if status == "pending" {
                let last = (row["last_polled_at"] as String?).flatMap { Timestamp(iso8601: $0) }
                let interval: Int64 = row["interval_seconds"]
                try connection.execute(
                    "UPDATE device_authorizations SET last_polled_at = ? WHERE id = ?",
                    [.text(now.iso8601), .text(id)]
                )
                if let last, now < last.adding(seconds: interval) {
                    return .rejected(APIError.oauth(.slowDown, "Polling too fast; wait \(interval) seconds."), nil)
                }
                return .rejected(
                    APIError.oauth(.authorizationPending, "The user has not approved the device yet."),
                    nil
                )
            }
            guard let userID = row["user_id"] as String?,
                let user = try UserRepository(environmentID: grant.environment.id, services: grant.services)
                    .fetchOne(id: userID, in: connection)
            else { throw APIError.oauth(.invalidGrant, "The device code is invalid.") }
            try connection.execute("UPDATE device_authorizations SET status = 'redeemed' WHERE id = ?", [.text(id)])
            return .success(
                try SignIn.complete(
                    user: user,
                    organizationID: row["organization_id"],
                    method: .deviceCode,
                    provider: nil,
                    ipAddress: grant.ipAddress,
                    userAgent: grant.userAgent,
                    impersonator: nil,
                    oauthTokens: nil,
                    environment: grant.environment,
                    services: grant.services,
                    in: connection,
                    firstFactor: .password
                )
            )
        }
    }
}

// workos-emulator — the JWT template language: a JSON object with `{{ … }}` tags rendered with the signed-in user,
// organization and membership (https://workos.com/docs/authkit/jwt-templates; spec `JwtTemplate.content`, "a Liquid
// template string").
// Licensed MIT.

import JSONCodec

/// A parsed JWT template. What the WorkOS guide documents, and nothing more:
/// - `{{ user.email }}`, `{{ organization.metadata.tier }}`, `{{ organization.domains.0.domain }}`: dotted paths into
///   the `user`, `organization` and `organization_membership` objects (numbers index arrays);
/// - `{{ user.metadata.nickname || user.email || 'Guest' }}`: the first value that is not null or missing, string
///   literals in single or double quotes as the last resort;
/// - outside a JSON string a tag is replaced by the value as JSON (objects and arrays included); inside a string by its
///   text, where an object or array is an error ("not allowed inside string literals").
/// Liquid filters (`| upcase`) and `{% … %}` tags are not in the guide and are refused, so a template that works here
/// does not silently behave differently in production.
public struct ClaimTemplate: Sendable {
    /// Why a template cannot be saved or rendered; `code` is the field error code of the PUT's 422.
    public struct Problem: Error, Sendable, Equatable {
        /// Machine-readable reason.
        public var code: String
        /// A sentence for humans.
        public var message: String
    }

    /// One choice of a `||` chain.
    enum Alternative: Sendable, Equatable {
        /// A dotted path, first segment a root variable.
        case path([String])
        /// A quoted string.
        case literal(String)
    }

    /// Literal template text, or a tag and whether it sits inside a JSON string.
    enum Piece: Sendable, Equatable {
        /// Template text, copied to the output as is.
        case text(String)
        /// A `{{ … }}` tag: its `||` chain, and whether the text before it left a JSON string open.
        case tag([Alternative], isInsideString: Bool)
    }

    /// The longest template accepted, in UTF-8 bytes. WorkOS documents no limit; 4 KiB keeps a token's custom claims
    /// far below common header limits (the emulator's own request head limit is 16 KiB).
    public static let maximumLength = 4096

    /// Claims the emulator sets itself; a template cannot override them (RFC 7519 §4.1 registered claims the token
    /// carries, and the AuthKit claims the SDKs read, catalog-A §6.6). `aud` is not among them: WorkOS shows templates
    /// that set the audience (https://workos.com/blog/custom-objects).
    public static let reservedClaims: Set<String> = [
        "iss", "sub", "sid", "jti", "iat", "exp", "nbf", "org_id", "role", "roles", "permissions", "entitlements",
        "feature_flags", "act",
    ]

    /// The variables a template may name, with the fields each has (the keys of the emulator's `User`,
    /// `Organization` and `OrganizationMembership` objects, as in the guide's context example). Below these, any path
    /// is allowed (metadata keys, array indexes) and a missing one renders as null.
    static let fields: [String: Set<String>] = [
        "user": [
            "object", "id", "email", "first_name", "last_name", "name", "profile_picture_url", "email_verified",
            "external_id", "metadata", "locale", "last_sign_in_at", "created_at", "updated_at",
        ],
        "organization": [
            "object", "id", "name", "allow_profiles_outside_organization", "domains", "metadata", "external_id",
            "stripe_customer_id", "created_at", "updated_at",
        ],
        "organization_membership": [
            "object", "id", "user_id", "organization_id", "status", "directory_managed", "custom_attributes", "role",
            "roles", "created_at", "updated_at",
        ],
    ]

    /// The parsed pieces, in order.
    let pieces: [Piece]

    /// Parses `content` and checks every tag's syntax and variables.
    public init(content: String) throws(Problem) {
        guard content.utf8.count <= Self.maximumLength else {
            throw Problem(
                code: "too_long", message: "The JWT template must be at most \(Self.maximumLength) bytes."
            )
        }
        var pieces: [Piece] = []
        var text = ""
        var isInsideString = false
        var isEscaped = false
        var rest = Substring(content)
        while !rest.isEmpty {
            if rest.hasPrefix("{{") {
                guard let close = rest.range(of: "}}") else {
                    throw Problem(code: "invalid_syntax", message: "A '{{' tag of the JWT template is never closed.")
                }
                if !text.isEmpty { pieces.append(.text(text)) }
                text = ""
                let expression = rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound]
                pieces.append(.tag(try Self.parse(expression: expression), isInsideString: isInsideString))
                rest = rest[close.upperBound...]
                continue
            }
            if rest.hasPrefix("{%") {
                throw Problem(
                    code: "invalid_syntax",
                    message: "'{% … %}' tags are not supported in JWT templates; use '{{ … }}' with '||' fallbacks."
                )
            }
            let character = rest.removeFirst()
            text.append(character)
            // JSON string state (RFC 8259 §7): a quote toggles it unless escaped by a backslash.
            if isInsideString {
                if isEscaped {
                    isEscaped = false
                } else if character == "\\" {
                    isEscaped = true
                } else if character == "\"" {
                    isInsideString = false
                }
            } else if character == "\"" {
                isInsideString = true
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    /// Checks a template before it is saved: it parses, and rendered with a sample user, organization and membership
    /// it is a JSON object that sets no reserved claim.
    public static func validate(_ content: String) throws(Problem) {
        let template = try ClaimTemplate(content: content)
        let claims = try template.renderObject(context: Self.sampleContext)
        if let reserved = claims.keys.first(where: { Self.reservedClaims.contains($0) }) {
            throw Problem(
                code: "reserved_claim",
                message: "The JWT template cannot set the reserved claim '\(reserved)'; reserved claims: "
                    + Self.reservedClaims.sorted().joined(separator: ", ") + "."
            )
        }
    }

    /// The claims for one token: the template rendered with `context` (`user`, `organization`,
    /// `organization_membership`; absent ones are null), reserved claims left out.
    public func render(context: JSONObject) throws(Problem) -> JSONObject {
        var claims = try self.renderObject(context: context)
        for key in claims.keys where Self.reservedClaims.contains(key) { _ = claims.removeValue(forKey: key) }
        return claims
    }

    /// The template rendered with `context`, parsed: every claim it sets.
    private func renderObject(context: JSONObject) throws(Problem) -> JSONObject {
        var output = ""
        for piece in self.pieces {
            switch piece {
            case .text(let text):
                output += text
            case .tag(let alternatives, let isInsideString):
                let value = Self.evaluate(alternatives, context: context)
                output += try Self.interpolate(value, isInsideString: isInsideString)
            }
        }
        guard let parsed = try? JSON.parse(output) else {
            throw Problem(code: "invalid_json", message: "The JWT template does not render to valid JSON.")
        }
        guard case .object(let claims) = parsed else {
            throw Problem(code: "invalid_json", message: "The JWT template must render to a JSON object.")
        }
        return claims
    }

    // MARK: Parsing

    /// `alternative ('||' alternative)*`, each a dotted path or a quoted string.
    private static func parse(expression: Substring) throws(Problem) -> [Alternative] {
        var alternatives: [Alternative] = []
        var rest = expression.drop { $0.isWhitespace }
        while true {
            guard let first = rest.first else {
                throw Problem(
                    code: "invalid_syntax", message: "A '{{ }}' tag of the JWT template is empty or ends in '||'.")
            }
            if first == "'" || first == "\"" {
                let body = rest.dropFirst()
                guard let end = body.firstIndex(of: first) else {
                    throw Problem(code: "invalid_syntax", message: "A string in a JWT template tag is never closed.")
                }
                alternatives.append(.literal(String(body[..<end])))
                rest = body[body.index(after: end)...]
            } else {
                let path = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
                guard !path.isEmpty else {
                    throw Problem(
                        code: "invalid_syntax",
                        message: "Unexpected '\(first)' in a JWT template tag; use variables, quoted strings and '||'."
                    )
                }
                alternatives.append(.path(try Self.checkedPath(path)))
                rest = rest[path.endIndex...]
            }
            rest = rest.drop { $0.isWhitespace }
            if rest.isEmpty { return alternatives }
            guard rest.hasPrefix("||") else {
                throw Problem(
                    code: "invalid_syntax",
                    message: "Unexpected '\(rest.prefix(10))' in a JWT template tag; Liquid filters are not supported."
                )
            }
            rest = rest.dropFirst(2).drop { $0.isWhitespace }
        }
    }

    /// The segments of a path whose root variable and first field exist.
    private static func checkedPath(_ path: Substring) throws(Problem) -> [String] {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !segments.contains(where: \.isEmpty) else {
            throw Problem(code: "invalid_syntax", message: "'\(path)' is not a valid JWT template variable.")
        }
        guard let fields = Self.fields[segments[0]] else {
            throw Problem(
                code: "unknown_variable",
                message: "Unknown variable '\(segments[0])' in the JWT template; available: organization, "
                    + "organization_membership, user."
            )
        }
        if segments.count > 1, !fields.contains(segments[1]) {
            throw Problem(
                code: "unknown_variable",
                message: "Unknown variable '\(segments[0]).\(segments[1])' in the JWT template."
            )
        }
        return segments
    }

    // MARK: Rendering

    /// The first alternative that is present and not null; null when none is.
    private static func evaluate(_ alternatives: [Alternative], context: JSONObject) -> JSON {
        for alternative in alternatives {
            switch alternative {
            case .literal(let text):
                return .string(text)
            case .path(let segments):
                if let value = self.resolve(segments, in: context), value != .null { return value }
            }
        }
        return .null
    }

    /// Walks a path: object keys, and decimal indexes into arrays.
    private static func resolve(_ segments: [String], in context: JSONObject) -> JSON? {
        var current: JSON = .object(context)
        for segment in segments {
            switch current {
            case .object(let object):
                guard let next = object[segment] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(segment), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    /// A value as template output: JSON outside a string; inside one, its text JSON-escaped (null is empty).
    private static func interpolate(_ value: JSON, isInsideString: Bool) throws(Problem) -> String {
        guard isInsideString else { return value.serializedString }
        switch value {
        case .null:
            return ""
        case .string:
            let quoted = value.serializedString
            return String(quoted.dropFirst().dropLast())
        case .bool, .int, .double:
            return value.serializedString
        case .array, .object:
            throw Problem(
                code: "invalid_interpolation",
                message: "Objects and arrays can be interpolated only outside string literals in a JWT template."
            )
        }
    }

    /// A user, organization and membership with every documented field set, for `validate`.
    static let sampleContext: JSONObject = [
        "user": [
            "object": "user", "id": "user_01", "email": "user@example.com", "first_name": "Sample",
            "last_name": "User", "name": "Sample User", "profile_picture_url": "https://example.com/p.png",
            "email_verified": true, "external_id": "ext", "metadata": [:], "locale": "en",
            "last_sign_in_at": "2026-01-15T12:00:00.000Z", "created_at": "2026-01-15T12:00:00.000Z",
            "updated_at": "2026-01-15T12:00:00.000Z",
        ],
        "organization": [
            "object": "organization", "id": "org_01", "name": "Sample", "allow_profiles_outside_organization": false,
            "domains": [["object": "organization_domain", "id": "org_domain_01", "domain": "example.com"]],
            "metadata": [:], "external_id": "ext", "stripe_customer_id": "cus_01",
            "created_at": "2026-01-15T12:00:00.000Z", "updated_at": "2026-01-15T12:00:00.000Z",
        ],
        "organization_membership": [
            "object": "organization_membership", "id": "om_01", "user_id": "user_01", "organization_id": "org_01",
            "status": "active", "directory_managed": false, "custom_attributes": [:], "role": ["slug": "member"],
            "roles": [["slug": "member"]], "created_at": "2026-01-15T12:00:00.000Z",
            "updated_at": "2026-01-15T12:00:00.000Z",
        ],
    ]
}

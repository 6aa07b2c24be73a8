// workos-emulator — the Profile wire object of SSO (catalog-B §2.4).
// Licensed MIT.

import JSONCodec
import SQLite

/// A user as a connection's identity provider describes them, `prof_…`.
public struct Profile: Sendable, Equatable, JSONRepresentable {
    /// `prof_…`.
    public var id: String
    public var connectionID: String
    /// The connection's organization.
    public var organizationID: String?
    public var connectionType: SSOConnection.ConnectionType
    /// The user's id at the identity provider.
    public var idpID: String
    /// Lower-case.
    public var email: String
    public var firstName: String?
    public var lastName: String?
    /// The role slug the identity provider assigns, if any.
    public var roleSlug: String?
    /// Group names at the identity provider.
    public var groups: [String]
    /// The attribute-map output (an object).
    public var customAttributes: JSON
    /// Every claim as the identity provider sent it (an object).
    public var rawAttributes: JSON

    /// Decodes a row of `sso_profiles` joined with its connection's `organization_id` and `connection_type`.
    public init(row: Row) {
        self.id = row["id"]
        self.connectionID = row["connection_id"]
        self.organizationID = row["organization_id"]
        self.connectionType = SSOConnection.ConnectionType(rawValue: row["connection_type"])
        self.idpID = row["idp_id"]
        self.email = row["email"]
        self.firstName = row["first_name"]
        self.lastName = row["last_name"]
        self.roleSlug = row["role_slug"]
        self.groups = (try? JSON.parse(row["groups"] as String))?.arrayValue?.compactMap(\.stringValue) ?? []
        self.customAttributes = Self.object(row["custom_attributes"])
        self.rawAttributes = Self.object(row["raw_attributes"])
    }

    private static func object(_ text: String) -> JSON {
        guard let parsed = try? JSON.parse(text), parsed.objectValue != nil else { return .object(JSONObject()) }
        return parsed
    }

    /// "First Last", or whichever is known, or nil.
    public var name: String? {
        let parts = [self.firstName, self.lastName].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// The wire form: every key present, `null` or `{}` rather than missing (the Python SDK reads `organization_id`,
    /// the names and `raw_attributes` with hard keys).
    public var json: JSON {
        let role: JSON = self.roleSlug.map { ["slug": .string($0)] } ?? .null
        return [
            "object": "profile",
            "id": .string(self.id),
            "organization_id": self.organizationID.json,
            "connection_id": .string(self.connectionID),
            "connection_type": .string(self.connectionType.rawValue),
            "idp_id": .string(self.idpID),
            "email": .string(self.email),
            "first_name": self.firstName.json,
            "last_name": self.lastName.json,
            "name": self.name.json,
            "role": role,
            "roles": role.isNull ? .null : [role],
            "groups": self.groups.json,
            "custom_attributes": self.customAttributes,
            "raw_attributes": self.rawAttributes,
        ]
    }
}

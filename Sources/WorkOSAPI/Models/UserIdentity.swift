// workos-emulator — an OAuth identity linked to a user (catalog-A §6.2).
// Licensed MIT.

import JSONCodec
import SQLite

/// An item of `GET /user_management/users/{id}/identities`: `{"idp_id", "type": "OAuth", "provider"}`.
public struct UserIdentity: Sendable, Equatable, JSONRepresentable {
    /// The user's id at the provider.
    public var idpID: String
    /// `OAuth` (the only type WorkOS reports so far).
    public var type: String
    /// `GoogleOAuth`, `GithubOAuth` (the API's spelling), `MicrosoftOAuth`, …
    public var provider: String

    /// Decodes a row of `user_identities`.
    public init(row: Row) {
        self.idpID = row["idp_id"]
        self.type = row["type"]
        self.provider = row["provider"]
    }

    /// The wire form.
    public var json: JSON {
        ["idp_id": .string(self.idpID), "type": .string(self.type), "provider": .string(self.provider)]
    }
}

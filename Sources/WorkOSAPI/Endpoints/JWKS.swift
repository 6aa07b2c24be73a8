// workos-emulator — the key set access tokens verify against
// (https://workos.com/docs/reference/authkit/session-tokens/jwks; catalog-A §6.6).
// Licensed MIT.

import HTTP1
import JSONCodec
import SQLite

/// `GET /sso/jwks/{client_id}`: public, no API key (PyJWKClient and jose fetch it without one).
enum JWKS {
    /// The routes of this area.
    static func register(on routes: inout RouteTable) {
        // Browsers may fetch the key set from the environment's CORS origins (`CORSPolicy`).
        let clientID: CORSPolicy.ClientIDLookup = { $0.parameters["clientId"] }
        routes.addPublic(.get, "/sso/jwks/:clientId", CORSPolicy.allowing(self.get, clientID: clientID))
        routes.addPublic(.options, "/sso/jwks/:clientId", CORSPolicy.preflight(methods: [.get], clientID: clientID))
    }

    /// `{"keys":[{alg, kty, use, n, e, kid, x5c, "x5t#S256"}]}` with every key of the client id's environment (one is
    /// generated on the first fetch, so an app may load the key set before anyone signs in); 404 for an unknown
    /// client id.
    @Sendable static func get(_ request: HTTPRequest, _ services: Services) throws -> HTTPResponse {
        let clientID = request.parameters["clientId"] ?? ""
        let environment = try services.database.read { connection in
            try EnvironmentRepository(services: services).fetchOne(clientID: clientID, in: connection)
        }
        guard let environment else { throw APIError.notFound("Client", id: clientID) }
        let keys = try SigningKeyRepository.ensureKeys(of: environment, services: services)
        return .json(["keys": .array(keys.map(\.jwk))])
    }
}

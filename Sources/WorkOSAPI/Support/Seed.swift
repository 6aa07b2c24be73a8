// workos-emulator — the seed document: the default environment and its starting data (README "Seed format").
// Licensed MIT.

import Foundation
import JSONCodec

/// A seed file: `{"environment": {name, api_key, client_id, redirect_uris}, "organizations": [<create bodies>]}`.
/// Organizations use exactly the body of `POST /organizations`, validated the same way.
public struct Seed: Sendable {
    /// Environment name.
    public var name: String
    /// API key of the environment created from it.
    public var apiKey: String
    /// Client id of the environment created from it.
    public var clientID: String
    /// Redirect URIs allowed besides `http://localhost:*` and `http://127.0.0.1:*`.
    public var redirectURIs: [String]
    /// Organizations to create, as `POST /organizations` bodies.
    public var organizations: [JSONObject]
    /// The document as read, stored with each environment so that a reset re-applies it.
    public var document: JSON

    /// What is wrong with a seed file.
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        /// The problem, naming the file or field.
        public var description: String
    }

    /// Parses a seed document.
    public init(json document: JSON) throws(Seed.Error) {
        guard case .object(let root) = document else { throw Error(description: "the seed must be a JSON object") }
        let environment = root["environment"]?.objectValue ?? JSONObject()
        func string(_ key: String, default value: String) throws(Seed.Error) -> String {
            switch environment[key] {
            case nil, .null?: return value
            case .string(let text)? where !text.isEmpty: return text
            default: throw Error(description: "environment.\(key) must be a non-empty string")
            }
        }
        self.name = try string("name", default: "Default")
        self.apiKey = try string("api_key", default: "sk_test_emulator")
        self.clientID = try string("client_id", default: "client_emulator")
        switch environment["redirect_uris"] {
        case nil, .null?: self.redirectURIs = []
        case .array(let items)?:
            self.redirectURIs = try items.map { item throws(Seed.Error) in
                guard let text = item.stringValue, !text.isEmpty else {
                    throw Error(description: "environment.redirect_uris must be strings")
                }
                return text
            }
        default: throw Error(description: "environment.redirect_uris must be an array of strings")
        }
        switch root["organizations"] {
        case nil, .null?: self.organizations = []
        case .array(let items)?:
            self.organizations = try items.enumerated().map { index, item throws(Seed.Error) in
                guard let object = item.objectValue else {
                    throw Error(description: "organizations[\(index)] must be an object")
                }
                return object
            }
        default: throw Error(description: "organizations must be an array")
        }
        self.document = document
    }

    /// Reads and parses a seed file.
    public init(contentsOf path: String) throws(Seed.Error) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Error(description: "cannot read seed file '\(path)'")
        }
        let document: JSON
        do {
            document = try JSON.parse(Array(data))
        } catch {
            throw Error(description: "seed file '\(path)' is not valid JSON: \(error.reason) at byte \(error.offset)")
        }
        do {
            try self.init(json: document)
        } catch {
            throw Error(description: "seed file '\(path)': \(error.description)")
        }
    }

    /// The bundled `seed/default.json`.
    public static func bundled() throws(Seed.Error) -> Seed {
        guard let url = Bundle.module.url(forResource: "default", withExtension: "json", subdirectory: "seed") else {
            throw Error(description: "the bundled seed/default.json is missing from the resources")
        }
        return try Seed(contentsOf: url.path)
    }
}

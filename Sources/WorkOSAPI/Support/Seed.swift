// workos-emulator — the seed document: the default environment and its starting data (README "Seed format").
// Licensed MIT.

import Foundation
import JSONCodec

/// A seed file: `{"environment": {name, api_key, client_id, redirect_uris}, "organizations": [<create bodies>], …}`.
/// Every other top-level key is a data section (an array of objects) that an area applies; organizations use exactly
/// the body of `POST /organizations`, validated the same way.
public struct Seed: Sendable {
    /// Environment name.
    public var name: String
    /// API key of the environment created from it.
    public var apiKey: String
    /// Client id of the environment created from it.
    public var clientID: String
    /// Redirect URIs allowed besides `http://localhost:*` and `http://127.0.0.1:*`.
    public var redirectURIs: [String]
    /// The document as read, stored with each environment so that a reset re-applies it.
    public var document: JSON

    /// The entries of a top-level data section (`organizations`, `users`, …); empty when absent.
    public func section(_ name: String) -> [JSONObject] {
        self.document[name]?.arrayValue?.compactMap(\.objectValue) ?? []
    }

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
        for (key, value) in root where key != "environment" {
            switch value {
            case .null: continue
            case .array(let items):
                for (index, item) in items.enumerated() where item.objectValue == nil {
                    throw Error(description: "\(key)[\(index)] must be an object")
                }
            default: throw Error(description: "\(key) must be an array of objects")
            }
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

// workos-emulator — bringing a database up to the current schema, with the SQL functions its migrations use.
// Licensed MIT.

import Foundation
import SQLite
import TokenSigning

/// The emulator's schema: the bundled migrations and the Swift functions they call.
enum Store {
    /// A migration called one of the functions with an argument it does not take.
    struct ArgumentError: Error, CustomStringConvertible {
        let description: String
    }

    /// Registers the migrations' functions on the writer, then applies every migration the database lacks.
    /// Returns the versions applied.
    @discardableResult
    static func migrate(_ database: Database) throws -> [Int] {
        try database.writeWithoutTransaction { connection in
            try self.registerFunctions(on: connection)
        }
        return try Migrator(directory: try Application.resourceDirectory("migrations")).migrate(database)
    }

    /// `emulator_sha256_hex(text)`: the lower-case hex SHA-256 of the text's UTF-8 bytes, as `TokenDigest` makes it
    /// for every secret stored only as a digest (0010_api_key_digests.sql); NULL stays NULL.
    static func registerFunctions(on connection: Connection) throws {
        try connection.createFunction("emulator_sha256_hex", argumentCount: 1) { arguments in
            switch arguments[0] {
            case .null:
                return .null
            case .text(let text):
                return .text(TokenDigest.sha256Hex(text))
            default:
                throw ArgumentError(description: "emulator_sha256_hex() takes text")
            }
        }
    }
}

// workos-emulator — the RSA keys an environment signs access tokens with (catalog-A §6.6).
// Licensed MIT.

import Foundation
import JSONCodec
import SQLite
import TokenSigning

/// Reads and stores the signing keys of one environment. A key is generated the first time one is needed (a sign-in
/// or a JWKS fetch) and stored, so tokens keep verifying across restarts; the seed may pin one
/// (`environment.signing_key_pem`). The newest key signs; the JWKS lists them all.
public struct SigningKeyRepository: Sendable {
    /// The environment this repository is scoped to.
    public let environmentID: String
    /// Id and time source.
    public let services: Services

    /// A repository scoped to one environment.
    public init(environmentID: String, services: Services) {
        self.environmentID = environmentID
        self.services = services
    }

    /// Every key of the environment, oldest first.
    public func fetchAll(in connection: Connection) throws -> [SigningKey] {
        try connection.fetchAll(
            """
            SELECT kid, private_key_pem, certificate_der FROM signing_keys WHERE environment_id = ?
            ORDER BY created_at, rowid
            """,
            [.text(self.environmentID)]
        ).map { row in
            try self.services.signingKeys.key(environmentID: self.environmentID, kid: row["kid"]) {
                try Self.key(row: row)
            }
        }
    }

    /// The key that signs new tokens: the newest one, generated (certificate `CN=<commonName>`) and stored when the
    /// environment has none yet. Generating takes a moment; `ensureKeys` does it outside the store lock.
    public func current(commonName: String, in connection: Connection) throws -> SigningKey {
        if let key = try self.fetchAll(in: connection).last { return key }
        let key = try SigningKey.generate(commonName: commonName, now: self.services.clock.now().date)
        try self.insert(key, in: connection)
        return key
    }

    /// Stores a key unless the environment has one with its `kid` already.
    public func insert(_ key: SigningKey, in connection: Connection) throws {
        try connection.execute(
            """
            INSERT OR IGNORE INTO signing_keys (environment_id, kid, private_key_pem, certificate_der, created_at)
            VALUES (?, ?, ?, ?, ?)
            """,
            [
                .text(self.environmentID), .text(key.kid), .text(key.pkcs8PEM), .blob(key.certificateDER),
                .text(self.services.clock.now().iso8601),
            ]
        )
    }

    /// Every key of an environment, generating the first one when it has none. The generation runs before the write
    /// transaction, so the store is not held while BoringSSL searches for primes.
    public static func ensureKeys(of environment: Environment, services: Services) throws -> [SigningKey] {
        let repository = SigningKeyRepository(environmentID: environment.id, services: services)
        let existing = try services.database.read { connection in try repository.fetchAll(in: connection) }
        guard existing.isEmpty else { return existing }
        let key = try SigningKey.generate(commonName: environment.clientID, now: services.clock.now().date)
        return try services.database.write { connection in
            // Another request may have stored one meanwhile: keep the first.
            if try repository.fetchAll(in: connection).isEmpty { try repository.insert(key, in: connection) }
            return try repository.fetchAll(in: connection)
        }
    }

    /// Stores the seed's pinned key (`environment.signing_key_pem`, PKCS#8 or PKCS#1 PEM) with a new certificate for
    /// the environment's client id; a seed without one leaves keys to be generated on first use.
    @Sendable static func applySeed(
        _ seed: Seed, environmentID: String, services: Services, connection: Connection
    )
        throws
    {
        guard let value = seed.document["environment"]?["signing_key_pem"], !value.isNull else { return }
        guard let pem = value.stringValue else {
            throw Seed.Error(description: "environment.signing_key_pem must be a PEM string")
        }
        let clientID: String =
            try connection.fetchScalar("SELECT client_id FROM environments WHERE id = ?", [.text(environmentID)])
            ?? environmentID
        let key: SigningKey
        do {
            key = try SigningKey.importing(pem: pem, commonName: clientID, now: services.clock.now().date)
        } catch {
            throw Seed.Error(description: "environment.signing_key_pem: \(error.description)")
        }
        try SigningKeyRepository(environmentID: environmentID, services: services).insert(key, in: connection)
    }

    private static func key(row: Row) throws -> SigningKey {
        try SigningKey(
            privateKey: SigningKey.privateKey(pem: row["private_key_pem"]), certificateDER: row["certificate_der"])
    }
}

// workos-emulator — user passwords: the strength rules, the create/update body fields, and the one place that hands
// passwords to PasswordHasher (catalog-A §6.1).
// Licensed MIT.

import PasswordHashing

/// A password given in a create or update body, already checked for the combination rules.
public enum PasswordInput: Sendable {
    /// `password`: a plaintext password, hashed before it is stored.
    case plaintext(String)
    /// `password_hash` + `password_hash_type` (+ `password_salt_position`): a hash migrated from another system.
    case imported(hash: String, type: String, saltPosition: String?)
}

/// The emulator's password rules and the bridge to `PasswordHasher`. A password or hash never appears in a response,
/// an event, a log line or the outbox: only `storedHash(for:)` sees it, and only its output is written.
///
/// Strength rules (WorkOS's own policy is configurable in its dashboard and not part of the API; these are the
/// emulator's): at least 8 and at most 1024 characters. A violation is 400 `password_strength_error` whose `errors`
/// items have the codes `password_too_short` / `password_too_long`.
enum UserPassword {
    /// Fewest characters a password may have.
    static let minimumLength = 8
    /// Most characters a password may have.
    static let maximumLength = 1024
    /// `password_hash_type` values (spec `CreateUserlandUserDto.password_hash_type`).
    static let hashTypes = ["bcrypt", "firebase-scrypt", "ssha", "ssha256", "scrypt", "pbkdf2", "argon2"]
    /// `password_salt_position` values.
    static let saltPositions = ["prefix", "suffix"]

    /// What is wrong with a plaintext password; empty when it is strong enough.
    static func strengthProblems(of password: String) -> [APIError.Detail] {
        if password.count < self.minimumLength {
            return [
                .init(
                    code: "password_too_short",
                    message: "Password must be at least \(self.minimumLength) characters long."
                )
            ]
        }
        if password.count > self.maximumLength {
            return [
                .init(
                    code: "password_too_long",
                    message: "Password must be at most \(self.maximumLength) characters long.")
            ]
        }
        return []
    }

    /// 400 `password_strength_error` unless the password follows the rules.
    static func checkStrength(of password: String) throws(APIError) {
        let problems = self.strengthProblems(of: password)
        if !problems.isEmpty {
            throw .badRequest(.passwordStrengthError, "Password does not meet strength requirements.", errors: problems)
        }
    }

    /// Reads `password`, `password_hash`, `password_hash_type` and `password_salt_position` from a create or update
    /// body. The combination errors are 400s with their own codes (spec `CreateUserlandUserDto` oneOf); a missing
    /// partner or an unknown enum value is recorded as a field error for the 422; a weak password is 400
    /// `password_strength_error`. Nil when the body sets no password.
    static func input(from body: inout BodyReader) throws(APIError) -> PasswordInput? {
        let password = body.optionalString("password").value
        let hash = body.optionalString("password_hash").value
        let type = body.optionalString("password_hash_type").value
        let saltPosition = body.optionalString("password_salt_position").value
        if password != nil, hash != nil {
            throw .badRequest(
                .passwordAndPasswordHashProvided, "Only one of password or password_hash can be provided."
            )
        }
        if password != nil, type != nil {
            throw .badRequest(
                .passwordAndPasswordHashTypeProvided, "password_hash_type can only be provided with password_hash."
            )
        }
        if saltPosition != nil, hash == nil {
            throw .badRequest(
                .passwordSaltPositionRequiresPasswordHash, "password_salt_position requires password_hash."
            )
        }
        if let password {
            try self.checkStrength(of: password)
            return .plaintext(password)
        }
        if let type, !self.hashTypes.contains(type) {
            body.fail(
                .invalid(
                    "password_hash_type", "password_hash_type must be one of \(self.hashTypes.joined(separator: ", "))."
                ))
        }
        if let saltPosition, !self.saltPositions.contains(saltPosition) {
            body.fail(.invalid("password_salt_position", "password_salt_position must be one of prefix, suffix."))
        }
        switch (hash, type) {
        case (let hash?, let type?): return .imported(hash: hash, type: type, saltPosition: saltPosition)
        case (_?, nil):
            body.fail(.required("password_hash_type"))
            return nil
        case (nil, _?):
            body.fail(.required("password_hash"))
            return nil
        case (nil, nil): return nil
        }
    }

    /// The stored form of a password: `PasswordHasher.hash` for plaintext, `PasswordHasher.importHash` for a migrated
    /// hash (400 `invalid_password_hash` when it is not a valid hash of its type; the message never repeats it).
    static func storedHash(for input: PasswordInput) throws(APIError) -> String {
        switch input {
        case .plaintext(let password):
            return PasswordHasher.hash(password)
        case .imported(let hash, let typeName, let positionName):
            guard let type = PasswordHashType(rawValue: typeName) else {
                throw .badRequest(.invalidPasswordHash, "password_hash_type '\(typeName)' is not supported.")
            }
            let position = positionName.flatMap { SaltPosition(rawValue: $0) }
            do {
                return try PasswordHasher.importHash(hash, type: type, saltPosition: position)
            } catch {
                throw .badRequest(.invalidPasswordHash, "password_hash is not a valid \(typeName) hash.")
            }
        }
    }

    /// True when `password` matches the stored hash.
    static func verify(_ password: String, against stored: String) -> Bool {
        PasswordHasher.verify(password, against: stored)
    }
}

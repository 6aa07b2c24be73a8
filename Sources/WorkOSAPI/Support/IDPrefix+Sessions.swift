// workos-emulator — id prefixes of AuthKit sessions (catalog-A §1.9).
// Licensed MIT.

extension IDPrefix {
    /// `session_`: a user session (the access token's `sid`).
    public static let session = IDPrefix(rawValue: "session")
}

// workos-emulator — id prefixes of SSO objects (catalog-B §1.4).
// Licensed MIT.

extension IDPrefix {
    /// `conn_`: an SSO connection.
    public static let connection = IDPrefix(rawValue: "conn")
    /// `prof_`: an SSO profile.
    public static let profile = IDPrefix(rawValue: "prof")
}

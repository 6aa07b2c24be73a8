// workos-emulator — id prefixes of Admin Portal links and directories (catalog-A §1.9, catalog-B §1.4).
// Licensed MIT.

extension IDPrefix {
    /// `portal_link_`: an Admin Portal link (internal: the API only shows the link's URL).
    public static let portalLink = IDPrefix(rawValue: "portal_link")
    /// `directory_`: a directory (Directory Sync).
    public static let directory = IDPrefix(rawValue: "directory")
}

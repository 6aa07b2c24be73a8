// workos-emulator — id prefixes of directory users and groups (catalog-B §1.4).
// Licensed MIT.

extension IDPrefix {
    /// `directory_user_`: a user a directory provisioned.
    public static let directoryUser = IDPrefix(rawValue: "directory_user")
    /// `directory_group_`: a group a directory provisioned.
    public static let directoryGroup = IDPrefix(rawValue: "directory_group")
}

// workos-emulator — internal id prefixes of FGA v1 rows (catalog-B §6: FGA objects have no WorkOS id).
// Licensed MIT.

extension IDPrefix {
    /// `fga_rt_`: a stored resource type (list cursor only).
    public static let fgaResourceType = IDPrefix(rawValue: "fga_rt")
    /// `fga_policy_`: a stored schema policy.
    public static let fgaPolicy = IDPrefix(rawValue: "fga_policy")
    /// `fga_resource_`: a stored resource (list and query cursor only).
    public static let fgaResource = IDPrefix(rawValue: "fga_resource")
    /// `fga_warrant_`: a stored warrant (list cursor only).
    public static let fgaWarrant = IDPrefix(rawValue: "fga_warrant")
}

// workos-emulator — what the FGA v1 checker and query engine read: the schema and the warrants.
// Licensed MIT.

/// The schema and warrants of one environment, as the checker sees them. The store implements it over SQLite
/// (`FGAStoreGraph`); unit tests implement it over literal arrays.
public protocol FGAGraph {
    /// The resource type of this name, or nil.
    func resourceType(_ name: String) throws -> FGAResourceType?
    /// The schema policy of this name, or nil.
    func policy(_ name: String) throws -> FGAPolicy?
    /// The warrants on `type:id#relation` and on the wildcard `type:*#relation`, oldest first.
    func warrants(on resourceType: String, _ resourceID: String, _ relation: String) throws -> [FGAWarrant]
    /// The warrants whose subject is exactly `type:id` (no subject relation), oldest first (explicit queries).
    func warrants(forSubject subjectType: String, _ subjectID: String) throws -> [FGAWarrant]
    /// The resource `type:id`, or nil.
    func resource(_ type: String, _ id: String) throws -> FGAResource?
    /// Up to `limit` resources of these types (all types when nil), oldest first: a query's candidates.
    func resources(ofTypes types: [String]?, limit: Int) throws -> [FGAResource]
}

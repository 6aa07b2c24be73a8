// workos-emulator — an FGA v1 warrant: `resource#relation@subject`, optionally under a policy (catalog-B §6.3).
// Licensed MIT.

import JSONCodec
import SQLite

/// A warrant `{resource_type, resource_id, relation, subject:{resource_type, resource_id, relation?}, policy?}`.
public struct FGAWarrant: Sendable, Equatable, Hashable, JSONRepresentable {
    public var resourceType: String
    /// May be `*` (a wildcard warrant: every resource of the type).
    public var resourceID: String
    public var relation: String
    public var subjectType: String
    public var subjectID: String
    /// The subject's relation for a userset subject (`team:eng#member`), "" when none.
    public var subjectRelation: String
    /// The policy expression, "" when none.
    public var policy: String

    /// A warrant.
    public init(
        _ resourceType: String, _ resourceID: String, _ relation: String,
        subject subjectType: String, _ subjectID: String, _ subjectRelation: String = "", policy: String = ""
    ) {
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.relation = relation
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.subjectRelation = subjectRelation
        self.policy = policy
    }

    /// Decodes a row of `fga_warrants`.
    init(row: Row) {
        self.init(
            row["resource_type"], row["resource_id"], row["relation"],
            subject: row["subject_type"], row["subject_id"], row["subject_relation"], policy: row["policy"]
        )
    }

    /// The subject object; `relation` only when set (Node drops it, PY5 reads it as optional).
    public var subjectJSON: JSON {
        var subject: JSONObject = ["resource_type": .string(self.subjectType), "resource_id": .string(self.subjectID)]
        if !self.subjectRelation.isEmpty { subject["relation"] = .string(self.subjectRelation) }
        return .object(subject)
    }

    /// The wire form; `policy` only when set.
    public var json: JSON {
        var object: JSONObject = [
            "resource_type": .string(self.resourceType), "resource_id": .string(self.resourceID),
            "relation": .string(self.relation), "subject": self.subjectJSON,
        ]
        if !self.policy.isEmpty { object["policy"] = .string(self.policy) }
        return .object(object)
    }

    /// `type:id#relation@subject_type:subject_id[#subject_relation]`, for messages and 404 keys.
    public var key: String {
        let subject =
            "\(self.subjectType):\(self.subjectID)" + (self.subjectRelation.isEmpty ? "" : "#\(self.subjectRelation)")
        return "\(self.resourceType):\(self.resourceID)#\(self.relation)@\(subject)"
    }
}

// workos-emulator — one check of FGA v1: does `subject` hold `relation` on `resource` (catalog-B §6.4, item C)?
// Licensed MIT.

import JSONCodec

/// A check item `{resource_type, resource_id, relation, subject:{resource_type, resource_id, relation?}, context?}`.
public struct FGACheck: Sendable, Equatable {
    public var resourceType: String
    public var resourceID: String
    public var relation: String
    public var subjectType: String
    public var subjectID: String
    /// "" when the subject has no relation (absent, `null` from PY5, or omitted by Node: catalog-B §7.11).
    public var subjectRelation: String
    /// The policy context (Node always sends `{}`).
    public var context: JSONObject

    /// A check.
    public init(
        _ resourceType: String, _ resourceID: String, _ relation: String,
        subject subjectType: String, _ subjectID: String, _ subjectRelation: String = "", context: JSONObject = [:]
    ) {
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.relation = relation
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.subjectRelation = subjectRelation
        self.context = context
    }

    /// The wire form, as the decision tree's `check` (PY5 `WarrantCheck`).
    public var json: JSON {
        var subject: JSONObject = ["resource_type": .string(self.subjectType), "resource_id": .string(self.subjectID)]
        if !self.subjectRelation.isEmpty { subject["relation"] = .string(self.subjectRelation) }
        return [
            "resource_type": .string(self.resourceType), "resource_id": .string(self.resourceID),
            "relation": .string(self.relation), "subject": .object(subject), "context": .object(self.context),
        ]
    }

    /// Reads a check item; `parameter` prefixes error names (`checks[0]`).
    static func parse(_ json: JSON, parameter: String) throws(APIError) -> FGACheck {
        guard case .object(let object) = json else {
            throw .fgaInvalidParameter(parameter, "\(parameter) must be an object.")
        }
        func name(_ value: JSON?, _ field: String) throws(APIError) -> String {
            guard case .string(let text)? = value, FGAName.isValidName(text) else {
                throw .fgaInvalidParameter(field, "\(field) is required: a name of letters, digits, '_' and '-'.")
            }
            return text
        }
        func id(_ value: JSON?, _ field: String) throws(APIError) -> String {
            guard case .string(let text)? = value, FGAName.isValidID(text) else {
                throw .fgaInvalidParameter(field, "\(field) is required: letters, digits and _ - . @ | : +.")
            }
            return text
        }
        guard case .object(let subject)? = object["subject"] else {
            throw .fgaInvalidParameter("\(parameter).subject", "\(parameter).subject must be an object.")
        }
        var subjectRelation = ""
        if let relation = subject["relation"], !relation.isNull {
            subjectRelation = try name(relation, "\(parameter).subject.relation")
        }
        var context: JSONObject = [:]
        switch object["context"] {
        case nil, .null?: break
        case .object(let value)?: context = value
        default: throw .fgaInvalidParameter("\(parameter).context", "\(parameter).context must be an object.")
        }
        return FGACheck(
            try name(object["resource_type"], "\(parameter).resource_type"),
            try id(object["resource_id"], "\(parameter).resource_id"),
            try name(object["relation"], "\(parameter).relation"),
            subject: try name(subject["resource_type"], "\(parameter).subject.resource_type"),
            try id(subject["resource_id"], "\(parameter).subject.resource_id"),
            subjectRelation,
            context: context
        )
    }
}

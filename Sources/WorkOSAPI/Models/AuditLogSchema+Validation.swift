// workos-emulator — checking an audit log event against a version of its action's schema (catalog-B §4, §7 item 9:
// "Validate against the action schema when one exists").
// Licensed MIT.

import JSONCodec

extension AuditLogSchema {
    /// Every way `event` fails this schema, as ajv-style violations with JSON Pointers into the event (spec 400
    /// example: `{"instancePath": "/targets"}`); empty when it passes.
    ///
    /// - every target type the schema lists must appear among the event's targets (`/targets`, `contains`);
    /// - a target of a type the schema does not list fails at its `type` (`/targets/1/type`, `enum`);
    /// - the metadata of the event, the actor and each target must match the schema's metadata descriptions
    ///   (`/metadata/cost`, `/actor/metadata/role`, `/targets/0/metadata/cost`; see `AuditLogMetadataSchema`).
    func violations(of event: AuditLogEvent) -> [AuditLogSchemaViolation] {
        var found: [AuditLogSchemaViolation] = []
        let types = self.targetTypes
        for type in types where !event.targets.contains(where: { $0.type == type }) {
            found.append(
                AuditLogSchemaViolation(
                    instancePath: "/targets", keyword: "contains", message: "must contain a target of type '\(type)'"
                )
            )
        }
        for (index, target) in event.targets.enumerated() {
            guard types.contains(target.type) else {
                found.append(
                    AuditLogSchemaViolation(
                        instancePath: "/targets/\(index)/type", keyword: "enum",
                        message: "must be equal to one of the allowed values (\(types.joined(separator: ", ")))"
                    )
                )
                continue
            }
            if let schema = self.targetMetadata(ofType: target.type) {
                found += schema.violations(of: target.metadata, under: "/targets/\(index)")
            }
        }
        if let schema = AuditLogMetadataSchema.stored(self.actor?["metadata"]) {
            found += schema.violations(of: event.actor.metadata, under: "/actor")
        }
        if let schema = AuditLogMetadataSchema.stored(self.metadata) {
            found += schema.violations(of: event.metadata, under: "")
        }
        return found
    }
}

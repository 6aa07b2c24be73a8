// workos-emulator — a schema policy of FGA v1 (catalog-B §6.1, `POST /fga/v1/schema` `policies`).
// Licensed MIT.

import JSONCodec

/// A named policy `{name, language:"expr", description?, parameters:[{name,type}], expression}`, referenced from a
/// rule as `{"policy": name}` ([GO6]) and evaluated against the check's `context`.
public struct FGAPolicy: Sendable, Equatable {
    /// The policy name (the key of the `policies` map).
    public var name: String
    /// The definition as sent, returned unchanged.
    public var definition: JSONObject
    /// The parsed expression.
    public var expression: FGAExpression

    /// Most policies a schema may hold.
    static let maximumPolicies = 100

    /// Reads one entry of the `policies` map.
    static func parse(name: String, _ json: JSON, parameter: String) throws(APIError) -> FGAPolicy {
        guard FGAName.isValidName(name) else {
            throw .fgaInvalidParameter(parameter, "Policy name '\(name)' is not a valid name.")
        }
        guard case .object(var object) = json else {
            throw .fgaInvalidParameter(parameter, "\(parameter) must be an object.")
        }
        guard case .string(let source)? = object["expression"], !source.isEmpty else {
            throw .fgaInvalidParameter("\(parameter).expression", "\(parameter).expression is required.")
        }
        if let language = object["language"], !language.isNull, language != .string("expr") {
            throw .fgaInvalidParameter("\(parameter).language", "\(parameter).language must be \"expr\".")
        }
        object["name"] = .string(name)
        if object["language"] == nil { object["language"] = "expr" }
        if object["parameters"] == nil { object["parameters"] = .array([]) }
        let expression = try FGAExpression(source, parameter: "\(parameter).expression")
        return FGAPolicy(name: name, definition: object, expression: expression)
    }
}

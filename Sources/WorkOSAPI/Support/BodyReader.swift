// workos-emulator — reading and validating request bodies, collecting every field error for one 422.
// Licensed MIT.

import HTTP1
import JSONCodec

/// The fields of a request body, read with type checks that collect `FieldError`s; `validate()` throws one 422
/// listing them all.
public struct BodyReader {
    /// The body as a JSON object.
    public let object: JSONObject
    /// The field errors found so far.
    public private(set) var errors: [FieldError] = []

    /// Reads the request body: an empty body is `{}` (Python 10 sends none on body-less POSTs and Node sends `''`,
    /// catalog-A §1.4); `application/x-www-form-urlencoded` becomes an object of strings (WorkOS accepts forms on
    /// `/user_management/authenticate`); anything else must be a JSON object, or it is a 400.
    public init(_ request: HTTPRequest) throws(APIError) {
        let isBlank = request.body.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if isBlank {
            self.object = JSONObject()
            return
        }
        let contentType = request.headers["Content-Type"]?.lowercased() ?? ""
        // A form body, unless it is plainly a JSON object (curl's `-d '{…}'` labels JSON as a form).
        let firstByte = request.body.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        if contentType.hasPrefix("application/x-www-form-urlencoded"), firstByte != UInt8(ascii: "{") {
            var object = JSONObject()
            for item in request.formFields.items {
                object[item.name] = .string(item.value)
            }
            self.object = object
            return
        }
        let parsed: JSON
        do {
            parsed = try JSON.parse(request.body)
        } catch {
            throw .invalidJSON("\(error.reason) at byte \(error.offset)")
        }
        guard case .object(let object) = parsed else {
            throw .invalidJSON("expected a JSON object, found \(parsed.typeName)")
        }
        self.object = object
    }

    /// Wraps an object that is already parsed (seed files).
    public init(object: JSONObject) {
        self.object = object
    }

    /// Records an error found by the caller.
    public mutating func fail(_ error: FieldError) {
        self.errors.append(error)
    }

    /// Throws a 422 with every recorded error, if any.
    public func validate() throws(APIError) {
        if !self.errors.isEmpty { throw .validation(self.errors) }
    }

    /// The raw field: absent, null, or a value.
    public func field(_ key: String) -> Patch<JSON> {
        switch self.object[key] {
        case nil: return .absent
        case .null?: return .null
        case let value?: return .value(value)
        }
    }

    /// A required non-empty string; records `required` or `invalid_type` and returns "" when it is not one.
    public mutating func requiredString(_ key: String, maxLength: Int? = nil) -> String {
        switch self.field(key) {
        case .absent, .null:
            self.fail(.required(key))
            return ""
        case .value(let value):
            guard let text = value.stringValue else {
                self.fail(.type(key, expected: "a string"))
                return ""
            }
            if text.trimmingWhitespace().isEmpty {
                self.fail(.required(key))
                return ""
            }
            if let maxLength, text.count > maxLength {
                self.fail(.invalid(key, "\(key) must be at most \(maxLength) characters."))
            }
            return text
        }
    }

    /// An optional string that may be null; records `invalid_type` for other types.
    public mutating func optionalString(_ key: String, maxLength: Int? = nil) -> Patch<String> {
        switch self.field(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(let value):
            guard let text = value.stringValue else {
                self.fail(.type(key, expected: "a string"))
                return .absent
            }
            if let maxLength, text.count > maxLength {
                self.fail(.invalid(key, "\(key) must be at most \(maxLength) characters."))
            }
            return .value(text)
        }
    }

    /// An optional boolean (form bodies may say "true"/"false").
    public mutating func optionalBool(_ key: String) -> Bool? {
        switch self.field(key) {
        case .absent, .null: return nil
        case .value(.bool(let flag)): return flag
        case .value(.string("true")): return true
        case .value(.string("false")): return false
        case .value:
            self.fail(.type(key, expected: "a boolean"))
            return nil
        }
    }

    /// An optional array of strings.
    public mutating func optionalStringArray(_ key: String) -> [String]? {
        switch self.field(key) {
        case .absent, .null: return nil
        case .value(.array(let items)):
            var strings: [String] = []
            for (index, item) in items.enumerated() {
                guard let text = item.stringValue else {
                    self.fail(.type("\(key)[\(index)]", expected: "a string"))
                    continue
                }
                strings.append(text)
            }
            return strings
        case .value:
            self.fail(.type(key, expected: "an array of strings"))
            return nil
        }
    }

    /// An optional array of objects.
    public mutating func optionalObjectArray(_ key: String) -> [JSONObject]? {
        switch self.field(key) {
        case .absent, .null: return nil
        case .value(.array(let items)):
            var objects: [JSONObject] = []
            for (index, item) in items.enumerated() {
                guard let object = item.objectValue else {
                    self.fail(.type("\(key)[\(index)]", expected: "an object"))
                    continue
                }
                objects.append(object)
            }
            return objects
        case .value:
            self.fail(.type(key, expected: "an array of objects"))
            return nil
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let scalars = self.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}

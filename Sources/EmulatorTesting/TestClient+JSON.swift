// workos-emulator — JSON helpers for tests, decoding with Foundation's JSONSerialization so that a bug in the
// server's own JSON codec cannot hide behind a symmetric bug in the test client.
// Licensed MIT.

import Foundation

extension TestClient {
    /// Sends a request with a JSON body given as text, authenticated with `key` unless it is nil.
    public func request(
        _ method: String,
        _ path: String,
        json body: String? = nil,
        key: String? = TestServer.apiKey,
        headers: [(String, String)] = []
    ) throws -> TestResponse {
        var all = headers
        if let key { all.append(("Authorization", "Bearer \(key)")) }
        if body != nil { all.append(("Content-Type", "application/json")) }
        return try self.send(method: method, path: path, headers: all, body: Array((body ?? "").utf8))
    }
}

extension TestResponse {
    /// The body decoded as JSON (`.missing` when it is not JSON).
    public var json: TestJSON {
        guard !self.body.isEmpty,
            let value = try? JSONSerialization.jsonObject(with: Data(self.body), options: [.fragmentsAllowed])
        else { return TestJSON(nil) }
        return TestJSON(value)
    }
}

/// A decoded JSON value navigated by key and index; missing members read as `.exists == false`.
public struct TestJSON {
    private let value: Any?

    init(_ value: Any?) {
        self.value = value
    }

    /// The member `key` of an object.
    public subscript(key: String) -> TestJSON {
        TestJSON((self.value as? [String: Any])?[key] ?? nil)
    }

    /// The element at `index` of an array.
    public subscript(index: Int) -> TestJSON {
        guard let array = self.value as? [Any], array.indices.contains(index) else { return TestJSON(nil) }
        return TestJSON(array[index])
    }

    /// True when the key was present (even with `null`).
    public var exists: Bool { self.value != nil }
    /// True for an explicit JSON `null`.
    public var isNull: Bool { self.value is NSNull }
    /// The string, if it is one.
    public var string: String? { self.value as? String }
    /// The integer, if it is a number.
    public var int: Int? { (self.value as? NSNumber)?.intValue }
    /// The boolean, if it is one.
    public var bool: Bool? { self.value as? Bool }
    /// The elements of an array (empty otherwise).
    public var array: [TestJSON] { (self.value as? [Any])?.map { TestJSON($0) } ?? [] }
    /// The keys of an object, sorted (empty otherwise).
    public var keys: [String] { ((self.value as? [String: Any])?.keys).map { $0.sorted() } ?? [] }
    /// True when it is an object.
    public var isObject: Bool { self.value is [String: Any] }
}

// workos-emulator: SQLite store tests.
// A fresh directory per test, removed when the test is done.

import Foundation

/// A uniquely named directory under the system temporary directory.
final class TemporaryDirectory {
    /// The directory's URL.
    let url: URL

    /// Creates the directory.
    init() throws {
        self.url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sqlite-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: self.url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: self.url)
    }

    /// The path of a file inside the directory.
    func path(_ name: String) -> String {
        self.url.appendingPathComponent(name).path
    }

    /// Writes a text file into the directory.
    func write(_ name: String, _ contents: String) throws {
        try contents.write(to: self.url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
}

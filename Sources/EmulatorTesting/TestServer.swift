// workos-emulator — a real emulator on 127.0.0.1:0 with its own database, for tests.
// Licensed MIT.

import Foundation
import WorkOSAPI

/// Starts the real server (sockets, router, SQLite) on a free port with a private database.
public final class TestServer: Sendable {
    /// API key of the default environment (the bundled seed's).
    public static let apiKey = "sk_test_emulator"
    /// Client id of the default environment.
    public static let clientID = "client_emulator"

    /// The running application.
    public let application: Application
    /// The bound port.
    public let port: Int

    /// Builds and starts a server; `configure` may change any setting (the port is always 0).
    public init(databasePath: String = ":memory:", configure: (inout Configuration) -> Void = { _ in }) throws {
        var configuration = Configuration()
        configuration.host = "127.0.0.1"
        configuration.databasePath = databasePath
        configure(&configuration)
        configuration.port = 0
        self.application = try Application.build(configuration: configuration)
        self.port = try self.application.start()
    }

    /// A new client connected to this server.
    public func client() -> TestClient {
        TestClient(host: "127.0.0.1", port: self.port)
    }

    /// Stops the server and closes its database.
    public func stop() {
        self.application.stop()
        self.application.services.database.close()
    }
}

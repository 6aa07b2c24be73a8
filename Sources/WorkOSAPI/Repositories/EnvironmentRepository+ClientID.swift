// workos-emulator — finding an environment by its client id (public routes carry a client id, not an API key).
// Licensed MIT.

import SQLite

extension EnvironmentRepository {
    /// The environment with this client id, or nil.
    public func fetchOne(clientID: String, in connection: Connection) throws -> Environment? {
        try connection.fetchOne("SELECT * FROM environments WHERE client_id = ?", [.text(clientID)])
            .map(Environment.init(row:))
    }
}

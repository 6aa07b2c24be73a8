// workos-emulator — the User Management repositories of a request's environment.
// Licensed MIT.

extension RequestContext {
    /// The e-mail outbox of this environment.
    var outbox: OutboxRepository {
        OutboxRepository(environmentID: self.environment.id, services: self.services)
    }
}

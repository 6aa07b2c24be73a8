// workos-emulator — the User Management repositories of a request's environment.
// Licensed MIT.

extension RequestContext {
    /// The e-mail outbox of this environment.
    var outbox: OutboxRepository {
        OutboxRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The users repository of this environment.
    var users: UserRepository {
        UserRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The email verification codes of this environment.
    var emailVerifications: EmailVerificationRepository {
        EmailVerificationRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The e-mail changes of this environment.
    var emailChanges: EmailChangeRepository {
        EmailChangeRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The password reset tokens of this environment.
    var passwordResets: PasswordResetRepository {
        PasswordResetRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The Magic Auth codes of this environment.
    var magicAuths: MagicAuthRepository {
        MagicAuthRepository(environmentID: self.environment.id, services: self.services)
    }
}

extension RequestContext {
    /// The allowed redirect URIs of this environment.
    var redirectURIs: RedirectURIRepository {
        RedirectURIRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The allowed CORS origins of this environment.
    var corsOrigins: CORSOriginRepository {
        CORSOriginRepository(environmentID: self.environment.id, services: self.services)
    }

    /// The JWT template of this environment.
    var jwtTemplates: JWTTemplateRepository {
        JWTTemplateRepository(environmentID: self.environment.id, services: self.services)
    }
}

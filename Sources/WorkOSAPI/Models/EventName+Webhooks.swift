// workos-emulator — the event types a webhook endpoint may subscribe to.
// Licensed MIT.

extension EventName {
    /// Every value of `events` that `POST`/`PATCH /webhook_endpoints` accept: the official Python SDK's
    /// `CreateWebhookEndpointEvents` (workos 10.6.0, `workos/common/models/create_webhook_endpoint_events.py`),
    /// a superset of the spec's enum. The control API accepts any name, since the emulator also emits events
    /// outside this list (`authentication.mfa_failed`, `authentication.email_verification_failed`).
    static let subscribable: Set<String> = [
        "agent.blueprint.created", "agent.blueprint.deleted", "agent.blueprint.updated", "agent.instance.created",
        "agent.instance.deleted", "agent.instance.session.created", "agent.instance.session.revoked",
        "agent.registration.claim.attempt.created", "agent.registration.claim.completed",
        "agent.registration.created", "agent.registration.credential.issued", "agent.registration.deleted",
        "agent.registration.expired", "agent.registration.organization.switched", "agent.registration.refreshed",
        "agent.registration.revoked", "api_key.created", "api_key.revoked", "api_key.updated",
        "authentication.email_verification_succeeded", "authentication.magic_auth_failed",
        "authentication.magic_auth_succeeded", "authentication.mfa_succeeded", "authentication.oauth_failed",
        "authentication.oauth_succeeded", "authentication.passkey_failed", "authentication.passkey_succeeded",
        "authentication.password_failed", "authentication.password_succeeded", "authentication.radar_risk_detected",
        "authentication.reauthentication_succeeded", "authentication.sso_failed", "authentication.sso_started",
        "authentication.sso_succeeded", "authentication.sso_timed_out", "connection.activated",
        "connection.deactivated", "connection.deleted", "connection.saml_certificate_renewal_required",
        "connection.saml_certificate_renewed", "dsync.activated", "dsync.deleted", "dsync.group.created",
        "dsync.group.deleted", "dsync.group.updated", "dsync.group.user_added", "dsync.group.user_removed",
        "dsync.user.created", "dsync.user.deleted", "dsync.user.updated", "email_verification.created",
        "flag.created", "flag.deleted", "flag.rule_updated", "flag.updated", "group.created", "group.deleted",
        "group.member_added", "group.member_removed", "group.updated", "invitation.accepted", "invitation.created",
        "invitation.resent", "invitation.revoked", "magic_auth.created", "organization.created",
        "organization.deleted", "organization.updated", "organization_domain.created", "organization_domain.deleted",
        "organization_domain.updated", "organization_domain.verification_failed", "organization_domain.verified",
        "organization_membership.created", "organization_membership.deleted", "organization_membership.updated",
        "organization_role.created", "organization_role.deleted", "organization_role.updated",
        "password_reset.created", "password_reset.succeeded", "permission.created", "permission.deleted",
        "permission.updated", "pipes.account_connection.add_failed", "pipes.account_connection.connected",
        "pipes.account_connection.connection_failed", "pipes.account_connection.disconnected",
        "pipes.account_connection.reauthorization_needed", "pipes.connected_account.connected",
        "pipes.connected_account.connection_failed", "pipes.connected_account.disconnected",
        "pipes.connected_account.reauthorization_needed", "radar.challenge_created", "role.created", "role.deleted",
        "role.updated", "session.created", "session.revoked", "user.created", "user.deleted", "user.updated",
        "waitlist_user.approved", "waitlist_user.created", "waitlist_user.denied",
    ]
}

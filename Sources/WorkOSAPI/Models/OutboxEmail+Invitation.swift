// workos-emulator — the outbox `type` of invitation e-mails (emulator.md "Control API").
// Licensed MIT.

extension OutboxEmail.Kind {
    /// An invitation (sent by `POST /user_management/invitations` and `…/resend`), carrying its token and link.
    public static let invitation = "invitation"
}

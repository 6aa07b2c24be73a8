// workos-emulator — WorkOS operations the emulator leaves out on purpose, and why (README "Coverage").
// Licensed MIT.

extension OperationCatalog {
    /// `METHOD template` → why it answers 501 `not_emulated`: these are not "not yet", they need something the
    /// emulator does not model.
    static let notEmulatedReasons: [String: String] = [
        "POST /user_management/radar_challenges": Self.radarReason,
        "GET /user_management/radar_challenges/:id": Self.radarReason,
    ]

    /// Radar challenges (spec PublicRadarChallengesController_*) follow a Radar risk decision: a sign-in answered
    /// `radar_challenge`/`radar_sms_challenge` with a pending token. The emulator has no Radar risk engine, so no
    /// sign-in is ever challenged and the `radar-*-challenge:code` grants are not accepted.
    private static let radarReason =
        "the emulator has no Radar risk engine, so no sign-in is ever challenged by Radar "
        + "(and the radar-email-challenge / radar-sms-challenge grants of POST /user_management/authenticate are not "
        + "accepted)."
}

// workos-emulator — id prefixes of webhook objects (spec WebhookEndpointJson example `we_0123456789`).
// Licensed MIT.

extension IDPrefix {
    /// `we_`: a webhook endpoint.
    public static let webhookEndpoint = IDPrefix(rawValue: "we")
    /// `webhook_delivery_`: one delivery of one event to one endpoint (an emulator object; WorkOS exposes none).
    public static let webhookDelivery = IDPrefix(rawValue: "webhook_delivery")
}

// workos-emulator — which endpoint URLs are accepted.
// Licensed MIT.

import HTTP1

/// Endpoint URLs: absolute `http://` or `https://` URLs with a host. WorkOS asks for HTTPS ("The HTTPS URL where
/// webhooks will be sent", spec `CreateWebhookEndpointDto`); the emulator also takes `http://`, since a local
/// receiver has no certificate, and keeps `https://` URLs, whose deliveries fail with a `last_error` saying why
/// (it has no TLS client).
enum WebhookURL {
    /// The longest URL accepted.
    static let maxLength = 2048

    /// Why `url` cannot be an endpoint URL, or nil when it can.
    static func problem(_ url: String) -> String? {
        guard url.count <= self.maxLength else {
            return "endpoint_url must be at most \(self.maxLength) characters."
        }
        var candidate = url
        if url.lowercased().hasPrefix("https://") {
            // Same syntax as http://; only the scheme differs.
            candidate = "http://" + url.dropFirst("https://".count)
        }
        do {
            _ = try HTTPClientTarget(url: candidate)
            return nil
        } catch {
            return "'\(url)' is not a valid http:// or https:// URL: \(error.message)."
        }
    }
}

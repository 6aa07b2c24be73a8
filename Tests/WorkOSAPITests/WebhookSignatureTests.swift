// workos-emulator — the WorkOS-Signature header and the retry schedule, against independent known answers.
// Licensed MIT.

import Testing

@testable import WorkOSAPI

@Suite struct WebhookSignatureTests {
    /// Computed with Python 3: `hmac.new(b"whsec_known_answer", f"{t}.{body}".encode(), hashlib.sha256).hexdigest()`,
    /// as workos 10.6.0 `Webhooks.verify_header` does; the body has a non-ASCII character to pin the UTF-8 encoding.
    @Test func header_MatchesAnHMACComputedWithPython() {
        let body = #"{"object":"event","id":"event_01","event":"user.created","data":{"name":"Zoë"},"#
            + #""created_at":"2026-01-15T12:00:00.000Z"}"#
        let header = WebhookSignature.header(
            secret: "whsec_known_answer", timestamp: Timestamp(milliseconds: 1_768_478_400_000), body: Array(body.utf8)
        )
        #expect(header == "t=1768478400000, v1=f955359527d204f80013e467a128e616aaafcc5f5adca3353eebb23c1704e790")
    }

    /// RFC 4231-style check with the well-known "quick brown fox" HMAC-SHA256 value.
    @Test func hexDigest_IsLowerCaseHMACSHA256() {
        let digest = WebhookSignature.hexDigest(
            secret: "key", payload: Array("The quick brown fox jumps over the lazy dog".utf8)
        )
        #expect(digest == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
    }

    @Test func retryPolicy_DoublesTheDelay_AndStopsAtMaxAttempts() {
        let policy = WebhookRetryPolicy()
        #expect((1...5).map { policy.delayMilliseconds(afterAttempts: $0) } == [1000, 2000, 4000, 8000, 16000])
        #expect(policy.delayMilliseconds(afterAttempts: 6) == nil)
        let fast = WebhookRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20))
        #expect([1, 2, 3].map { fast.delayMilliseconds(afterAttempts: $0) } == [20, 40, nil])
        #expect(WebhookRetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }
}

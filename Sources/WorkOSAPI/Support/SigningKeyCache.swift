// workos-emulator — signing keys parsed once, not on every token.
// Licensed MIT.

import Synchronization
import TokenSigning

/// Parsed signing keys by environment and `kid`. Parsing a key's PKCS#8 PEM and certificate on every token cost
/// 10.7% of a refresh (BoringSSL recomputes its Montgomery contexts, `Benchmarks/results/proposals.md` item 1). A
/// `kid` is a digest of the public key, and a stored key never changes (a reset keeps signing keys; keys are only
/// added), so an entry never goes stale.
public final class SigningKeyCache: Sendable {
    private let keys = Mutex<[String: SigningKey]>([:])

    /// An empty cache.
    public init() {}

    /// The cached key of `environmentID` with `kid`, or the one `parse` makes (then cached).
    func key(environmentID: String, kid: String, parse: () throws -> SigningKey) rethrows -> SigningKey {
        let name = environmentID + " " + kid
        if let key = self.keys.withLock({ $0[name] }) { return key }
        let key = try parse()
        self.keys.withLock { $0[name] = key }
        return key
    }
}

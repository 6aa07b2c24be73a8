// workos-emulator — instants handed to Foundation-based APIs (certificates, JWT expiry checks).
// Licensed MIT.

import Foundation

extension Timestamp {
    /// The same instant as a Foundation `Date`.
    var date: Date { Date(timeIntervalSince1970: Double(self.milliseconds) / 1000) }
}

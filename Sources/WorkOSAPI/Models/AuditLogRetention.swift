// workos-emulator — the retention periods an organization's audit logs may have (catalog-B §4).
// Licensed MIT.

import JSONCodec

/// Reads the body of `PUT /organizations/{id}/audit_logs_retention`.
enum AuditLogRetention {
    /// Every allowed `retention_period_in_days`: 30…330 in 30-day steps and 365…3650 in 365-day steps (Python 10's
    /// docstring), which includes the spec's "30 and 365" (catalog-B §4: "Accept the union").
    static let allowedDays: [Int] =
        Array(stride(from: 30, through: 330, by: 30)) + Array(stride(from: 365, through: 3650, by: 365))

    /// Python 10's `UpdateAuditLogsRetentionRetentionPeriod` values and their days (a month = 30 days, a year = 365).
    static let periods: [String: Int] = {
        var periods: [String: Int] = ["1_MONTH": 30, "1_YEAR": 365]
        for months in 2...11 { periods["\(months)_MONTHS"] = months * 30 }
        for years in 2...10 { periods["\(years)_YEARS"] = years * 365 }
        return periods
    }()

    /// The days the body asks for; 422 when it gives neither field, both ("Mutually exclusive", Python 10), or a
    /// value outside the allowed set.
    static func days(from body: BodyReader) throws(APIError) -> Int {
        let inDays = body.field("retention_period_in_days").value
        let period = body.field("retention_period").value
        switch (inDays, period) {
        case (nil, nil):
            throw .validation([.required("retention_period_in_days")])
        case (.some, .some):
            throw .validation([
                .invalid("retention_period", "retention_period and retention_period_in_days are mutually exclusive.")
            ])
        case (.some(let value), nil):
            guard case .int(let days) = value, Self.allowedDays.contains(days) else {
                throw .validation([
                    .invalid(
                        "retention_period_in_days",
                        "retention_period_in_days must be 30 through 330 in 30-day increments or 365 through 3650 in "
                            + "365-day increments."
                    )
                ])
            }
            return days
        case (nil, .some(let value)):
            guard let text = value.stringValue, let days = Self.periods[text] else {
                throw .validation([
                    .invalid(
                        "retention_period",
                        "retention_period must be one of 1_MONTH through 11_MONTHS or 1_YEAR through 10_YEARS."
                    )
                ])
            }
            return days
        }
    }
}

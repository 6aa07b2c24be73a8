// workos-emulator — what the device page still needs before it approves a device.
// Licensed MIT.

import HTTP1

/// The device approval page's next step (`DeviceAuthorization.stepUp`).
enum DeviceApprovalStep {
    /// Every step passed: approve, scoped to this organization (nil: the user has none, or no choice was needed).
    case approve(organizationID: String?)
    /// The user belongs to several organizations: choose one (400 when the submitted one is not among them).
    case chooseOrganization([(id: String, name: String)], status: HTTPStatus)
    /// The user has an MFA factor: enter its current code (400 after a wrong one).
    case enterCode(organizationID: String?, status: HTTPStatus)
    /// The environment requires MFA and the user has no factor to challenge.
    case enrollmentRequired
}

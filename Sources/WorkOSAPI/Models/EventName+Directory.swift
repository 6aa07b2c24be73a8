// workos-emulator — event types of directories (catalog-B §3.4).
// Licensed MIT.

extension EventName {
    /// A directory was connected (the Dashboard or an Admin Portal `dsync` page).
    public static let dsyncActivated = EventName(rawValue: "dsync.activated")
}

// workos-emulator — event types of SSO connections (catalog-B §2.7).
// Licensed MIT.

extension EventName {
    public static let connectionActivated = EventName(rawValue: "connection.activated")
    public static let connectionDeactivated = EventName(rawValue: "connection.deactivated")
    public static let connectionDeleted = EventName(rawValue: "connection.deleted")
}

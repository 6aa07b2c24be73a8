// workos-emulator — event types of directories, their users and groups (catalog-B §3.4).
// Licensed MIT.

extension EventName {
    /// A directory was connected (the Dashboard, an Admin Portal `dsync` page, or `POST /_emulator/directories`).
    public static let dsyncActivated = EventName(rawValue: "dsync.activated")
    /// A directory was deleted (`DELETE /directories/{id}`, or its organization's deletion).
    public static let dsyncDeleted = EventName(rawValue: "dsync.deleted")
    /// The provider added a user.
    public static let dsyncUserCreated = EventName(rawValue: "dsync.user.created")
    /// The provider changed a user (`previous_attributes` in the data).
    public static let dsyncUserUpdated = EventName(rawValue: "dsync.user.updated")
    /// The provider removed a user.
    public static let dsyncUserDeleted = EventName(rawValue: "dsync.user.deleted")
    /// The provider added a group.
    public static let dsyncGroupCreated = EventName(rawValue: "dsync.group.created")
    /// The provider changed a group (`previous_attributes` in the data).
    public static let dsyncGroupUpdated = EventName(rawValue: "dsync.group.updated")
    /// The provider removed a group.
    public static let dsyncGroupDeleted = EventName(rawValue: "dsync.group.deleted")
    /// A user joined a group: `{directory_id, user, group}`.
    public static let dsyncGroupUserAdded = EventName(rawValue: "dsync.group.user_added")
    /// A user left a group: `{directory_id, user, group}`.
    public static let dsyncGroupUserRemoved = EventName(rawValue: "dsync.group.user_removed")
}

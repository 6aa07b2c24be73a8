// workos-emulator — a setting the emulator cannot start with.
// Licensed MIT.

/// A bad `Configuration` value set in code (the command line reports its own as `ValidationError`s first).
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The problem, naming the setting.
    public var description: String

    /// An error with its message.
    public init(description: String) {
        self.description = description
    }
}

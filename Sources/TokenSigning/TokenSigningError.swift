// workos-emulator — what can go wrong when loading keys, signing or verifying tokens.
// Licensed MIT.

/// A failure of the token-signing module, with a sentence that names the problem.
public struct TokenSigningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// An error with a description.
    public init(_ description: String) {
        self.description = description
    }
}

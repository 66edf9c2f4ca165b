/// Why a field's type and format cannot read cells at all: an unknown format, an
/// invalid `strptime` pattern, an option the type does not allow.
public struct FieldCastError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, and what would be accepted.
    public var message: String

    /// An error with this message.
    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}

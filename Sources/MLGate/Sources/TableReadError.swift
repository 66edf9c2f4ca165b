/// A table that cannot be read on: a missing file, a quote that never closes, bytes that
/// are not UTF-8.
///
/// `code` follows Frictionless's error codes (`scheme-error`, `source-error`,
/// `encoding-error`, …) so that users of `frictionless validate` recognise it.
public struct TableReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A Frictionless error code.
    public var code: String
    /// What is wrong and what was expected.
    public var message: String
    /// Where: the file, and the line and column where known.
    public var location: SourceLocation

    /// Creates an error.
    public init(code: String, message: String, location: SourceLocation) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// `path:line:column: error: message [code]`.
    public var description: String {
        "\(Diagnostic(.error, message, at: location)) [\(code)]"
    }
}

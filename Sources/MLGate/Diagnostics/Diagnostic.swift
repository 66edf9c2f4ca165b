/// A message for the person reading a CI log: what is wrong, where, and what was expected.
///
/// Rendered as `path:line:column: severity: message`, like a compiler diagnostic.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// Something the user may want to know.
        case note
        /// Something that is allowed but probably unintended.
        case warning
        /// Something that stops mlgate from doing what was asked.
        case error
    }

    /// How serious this diagnostic is.
    public var severity: Severity
    /// The message, written for a person: what, and what was expected.
    public var message: String
    /// Where the problem is, when it has a place.
    public var location: SourceLocation?

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ message: String, at location: SourceLocation? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    /// `path:line:column: error: message`, or `error: message` without a location.
    public var description: String {
        if let location {
            return "\(location): \(severity.rawValue): \(message)"
        }
        return "\(severity.rawValue): \(message)"
    }
}

/// Every problem found while reading one input, gathered into one error so that the user
/// can fix them all at once instead of one per run.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order they were found; never empty.
    public var diagnostics: [Diagnostic]

    /// Creates an error from one or more diagnostics.
    public init(_ diagnostics: [Diagnostic]) {
        precondition(!diagnostics.isEmpty, "a DiagnosticError needs at least one diagnostic")
        self.diagnostics = diagnostics
    }

    /// Creates an error from a single problem.
    public init(_ message: String, at location: SourceLocation? = nil) {
        self.init([Diagnostic(.error, message, at: location)])
    }

    /// One diagnostic per line.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

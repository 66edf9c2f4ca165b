/// The problems of a file that stopped mlgate before it checked anything (a config, a
/// schema), as printed on standard error: one located line each, then how many.
public struct DiagnosticsRenderer: Sendable {
    /// What the file is, for the closing line ("config", "schema").
    public var subject: String

    /// Creates a renderer for problems of a `subject` file.
    public init(subject: String) {
        self.subject = subject
    }

    /// `path:line:column: error: …` lines, then `mlgate: the config has 2 problems;
    /// nothing was checked`, ending with a line break.
    public func text(_ error: DiagnosticError) -> String {
        let count = error.diagnostics.count
        return error.description + "\nmlgate: the \(subject) has \(count) problem\(count == 1 ? "" : "s"); nothing was checked\n"
    }
}

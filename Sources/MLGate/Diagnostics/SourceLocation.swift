/// A place in a file the user wrote or gave us: a config, a schema, a dataset.
///
/// Printed the way compilers print it, `path:line:column`, so that editors and CI log
/// viewers turn it into a link.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file as the user named it (relative paths stay relative).
    public var file: String
    /// Line number, starting at 1; `nil` when the problem concerns the whole file.
    public var line: Int?
    /// Column number, starting at 1, counted in Unicode scalars.
    public var column: Int?

    /// Creates a location.
    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `path`, `path:line` or `path:line:column`.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }
}

/// GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`) for the
/// checks that failed, warned or could not run, pointing at the config line that
/// declared the check (or at the data file, for an input that could not be read).
public struct GitHubAnnotationsRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// One command per line; empty when every check passed or was skipped.
    public func text(_ report: RunReport) -> String {
        var lines: [String] = []
        for gate in report.gates {
            for check in gate.checks {
                let level: String
                switch check.outcome {
                case .failed, .error: level = "error"
                case .warning: level = "warning"
                case .passed, .skipped: continue
                }
                var properties: [String] = []
                if let location = check.location {
                    properties.append("file=\(Self.property(location.file))")
                    if let line = location.line { properties.append("line=\(line)") }
                    if let column = location.column { properties.append("col=\(column)") }
                }
                properties.append("title=\(Self.property("mlgate \(gate.name): \(check.name)"))")
                lines.append("::\(level) \(properties.joined(separator: ","))::\(Self.message(check.message))")
            }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// Escapes a message as the runner decodes it.
    static func message(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escapes a property value (additionally `:` and `,`).
    static func property(_ text: String) -> String {
        message(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

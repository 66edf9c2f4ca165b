/// GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`) for the
/// gates that did not pass and the checks that failed, warned or could not run, pointing
/// at the config line that declared the check (or at the data file, for an input that
/// could not be read).
///
/// GitHub shows at most 10 error, 10 warning and 10 notice annotations of a step (and 50
/// of a job) and silently drops the rest, in the order they were printed. So the most
/// important come first: one error per gate that did not pass (its verdict and the
/// checks behind it), then the failed checks and those that could not run, then the
/// warnings; each kind is cut at ``limit``, and when anything was cut, one notice says
/// how many more there are and where to read them (the job summary).
public struct GitHubAnnotationsRenderer: Sendable {
    /// Annotations of one kind GitHub shows per step.
    public static let githubLimit = 10

    /// Annotations of each kind (error, warning) printed at most.
    public var limit: Int

    /// Creates a renderer that prints at most `limit` errors and `limit` warnings.
    public init(limit: Int = GitHubAnnotationsRenderer.githubLimit) {
        self.limit = max(1, limit)
    }

    /// One annotation.
    public struct Annotation: Sendable, Hashable {
        /// `error`, `warning` or `notice`.
        public var level: String
        /// Where it points, if anywhere.
        public var location: SourceLocation?
        /// Its title.
        public var title: String
        /// Its message.
        public var message: String

        /// The workflow command.
        public var command: String {
            var properties: [String] = []
            if let location {
                properties.append("file=\(GitHubAnnotationsRenderer.property(location.file))")
                if let line = location.line { properties.append("line=\(line)") }
                if let column = location.column { properties.append("col=\(column)") }
            }
            properties.append("title=\(GitHubAnnotationsRenderer.property(title))")
            return "::\(level) \(properties.joined(separator: ","))::\(GitHubAnnotationsRenderer.message(message))"
        }
    }

    /// Every annotation of the run, most important first, none cut: the gate verdicts,
    /// then failures and checks that could not run, then warnings.
    public func annotations(_ report: RunReport) -> (errors: [Annotation], warnings: [Annotation]) {
        var verdicts: [Annotation] = []
        var failures: [Annotation] = []
        var warnings: [Annotation] = []
        for gate in report.gates {
            if gate.status != .passed { verdicts.append(verdict(gate, config: report.config)) }
            for check in gate.checks {
                let annotation = { (level: String) in
                    Annotation(level: level, location: check.location, title: "mlgate \(gate.name): \(check.name)", message: check.message)
                }
                switch check.outcome {
                case .failed, .error: failures.append(annotation("error"))
                case .warning: warnings.append(annotation("warning"))
                case .passed, .skipped: continue
                }
            }
        }
        return (verdicts + failures, warnings)
    }

    /// A gate's verdict: which checks failed, could not run or warned. It points at the
    /// first failing check's line, else at the config.
    private func verdict(_ gate: GateResult, config: String) -> Annotation {
        func names(_ outcome: CheckOutcome) -> [String] { gate.checks.filter { $0.outcome == outcome }.map(\.name) }
        func part(_ names: [String], _ what: String) -> String? {
            guard !names.isEmpty else { return nil }
            let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
            return "\(names.count) \(what) (\(shown))"
        }
        let parts = [
            part(names(.failed), "failed"), part(names(.error), "could not run"), part(names(.warning), "warned"),
        ].compactMap { $0 }
        let first = gate.checks.first { $0.outcome == .failed || $0.outcome == .error }
        let location = first?.location.flatMap { $0.file == config ? $0 : nil } ?? SourceLocation(file: config)
        let what = gate.status == .error ? "could not run" : "failed"
        return Annotation(
            level: "error", location: location, title: "mlgate \(gate.name): gate \(what)",
            message: "gate \(gate.name) \(what): " + parts.joined(separator: "; "))
    }

    /// The annotations as GitHub shows them: at most ``limit`` errors and ``limit``
    /// warnings, most important first, and a notice counting what was left out.
    public func capped(_ report: RunReport) -> [Annotation] {
        let (errors, warnings) = annotations(report)
        var shown = Array(errors.prefix(limit)) + Array(warnings.prefix(limit))
        let droppedErrors = max(0, errors.count - limit), droppedWarnings = max(0, warnings.count - limit)
        if droppedErrors + droppedWarnings > 0 {
            let parts = [
                droppedErrors > 0 ? "\(droppedErrors) error\(droppedErrors == 1 ? "" : "s")" : nil,
                droppedWarnings > 0 ? "\(droppedWarnings) warning\(droppedWarnings == 1 ? "" : "s")" : nil,
            ].compactMap { $0 }
            shown.append(Annotation(
                level: "notice", location: nil, title: "mlgate: +\(droppedErrors + droppedWarnings) more",
                message: "+\(droppedErrors + droppedWarnings) more (\(parts.joined(separator: ", "))) — see the job summary"
                    + " (GitHub shows \(limit) annotations of each kind per step)"))
        }
        return shown
    }

    /// One command per line; empty when every gate passed without a warning.
    public func text(_ report: RunReport) -> String {
        let lines = capped(report).map(\.command)
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

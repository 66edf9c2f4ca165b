/// The console summary `mlgate check` prints: one line per check, problems with their
/// details, and the verdict last.
public struct TextSummaryRenderer: Sendable {
    /// How much the summary shows.
    public enum Verbosity: Sendable, Hashable {
        /// Every gate and check, the details of problems, then the verdict.
        case full
        /// Only the checks that did not pass, one located line each
        /// (`mlgate.yml:12:7: failed: rows: …`), then the verdict (`mlgate check --quiet`).
        case problems
    }

    /// How much the summary shows.
    public var verbosity: Verbosity

    /// Creates a renderer.
    public init(verbosity: Verbosity = .full) {
        self.verbosity = verbosity
    }

    /// The summary text, ending with a line break.
    public func text(_ report: RunReport) -> String {
        var lines: [String]
        switch verbosity {
        case .full:
            lines = report.gates.flatMap(Self.lines) + [""]
        case .problems:
            lines = report.gates.flatMap(\.checks).filter { $0.outcome != .passed }.map { check in
                "\(check.location.map { "\($0): " } ?? "")\(check.outcome.rawValue): \(check.name): \(check.message)"
            }
        }
        lines.append(
            "mlgate: \(MarkdownRenderer.headline(report.status)) — \(MarkdownRenderer.countsText(report.totals)) "
                + "in \(NumberFormatting.seconds(report.duration)) s (exit \(report.status.exitCode))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A gate's heading line, then a line per check with the details of problems.
    private static func lines(_ gate: GateResult) -> [String] {
        var lines = ["gate \(gate.name) (\(gate.kind.rawValue)): \(gate.status.rawValue)"]
        for check in gate.checks {
            guard check.outcome != .passed, let details = check.details, details != check.message else {
                lines.append("  \(label(check.outcome)) \(check.name): \(check.message)")
                continue
            }
            let samples = details.split(separator: "\n", omittingEmptySubsequences: false)
            lines.append("  \(label(check.outcome)) \(check.name): \(Self.withoutFirstSample(check.message, samples.first))")
            for line in samples {
                lines.append("         \(line)")
            }
        }
        return lines
    }

    /// A message without its trailing `; first: …` when that sample is the first line of
    /// the details printed below it (so that it is not printed twice).
    static func withoutFirstSample(_ message: String, _ firstDetail: Substring?) -> String {
        guard let firstDetail, !firstDetail.isEmpty else { return message }
        let suffix = "; first: \(firstDetail)"
        return message.hasSuffix(suffix) ? String(message.dropLast(suffix.count)) : message
    }

    private static func label(_ outcome: CheckOutcome) -> String {
        switch outcome {
        case .passed: "PASS "
        case .failed: "FAIL "
        case .warning: "WARN "
        case .skipped: "SKIP "
        case .error: "ERROR"
        }
    }
}

/// The console summary `mlgate check` prints: one line per check, problems with their
/// details, and the verdict last.
public struct TextSummaryRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The summary text, ending with a line break.
    public func text(_ report: RunReport) -> String {
        var lines: [String] = []
        for gate in report.gates {
            lines.append("gate \(gate.name) (\(gate.kind.rawValue)): \(gate.status.rawValue)")
            for check in gate.checks {
                let label = Self.label(check.outcome)
                lines.append("  \(label) \(check.name): \(check.message)")
                if check.outcome != .passed, let details = check.details, details != check.message {
                    for line in details.split(separator: "\n", omittingEmptySubsequences: false) {
                        lines.append("         \(line)")
                    }
                }
            }
        }
        lines.append("")
        lines.append(
            "mlgate: \(MarkdownRenderer.headline(report.status)) — \(MarkdownRenderer.countsText(report.totals)) "
                + "in \(NumberFormatting.seconds(report.duration)) s (exit \(report.status.exitCode))")
        return lines.joined(separator: "\n") + "\n"
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

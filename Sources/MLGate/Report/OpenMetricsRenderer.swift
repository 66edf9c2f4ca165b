import Foundation

/// Renders a run as OpenMetrics text, the format of GitLab's metrics report
/// (`artifacts:reports:metrics`), so that a merge request shows how each number moved.
///
/// Names are stable: `mlgate_measurement{gate,check,name}` for every number a check
/// measured, `mlgate_check_passed{gate,check}` (1 passed or warned, 0 otherwise),
/// `mlgate_gate_passed{gate}`, `mlgate_run_passed`, `mlgate_checks{outcome}`.
///
/// Label values are what GitLab's metrics parser can read: it cuts every line at its
/// first `#` (anywhere, even inside quotes) and splits the rest as a shell would
/// (`Shellwords`), so that a `#` in a gate, check or column name broke the whole report.
/// In label values `%` is written `%25` and `#` `%23` (reversible, and still valid
/// OpenMetrics); spaces inside the quotes are read correctly by both parsers.
public struct OpenMetricsRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The exposition, UTF-8, ending with `# EOF`.
    public func render(_ report: RunReport) -> Data {
        Data(text(report).utf8)
    }

    /// The exposition text.
    public func text(_ report: RunReport) -> String {
        var lines: [String] = []
        lines.append("# TYPE mlgate_run_passed gauge")
        lines.append("# HELP mlgate_run_passed 1 when the gate passed (warnings allowed), else 0.")
        lines.append("mlgate_run_passed \(report.status == .passed ? 1 : 0)")
        lines.append("# TYPE mlgate_checks gauge")
        lines.append("# HELP mlgate_checks Checks by outcome.")
        let totals = report.totals
        for (outcome, count) in [
            ("passed", totals.passed), ("failed", totals.failed), ("warning", totals.warnings),
            ("skipped", totals.skipped), ("error", totals.errors),
        ] {
            lines.append("mlgate_checks{outcome=\"\(outcome)\"} \(count)")
        }
        lines.append("# TYPE mlgate_gate_passed gauge")
        lines.append("# HELP mlgate_gate_passed 1 when the gate passed, else 0.")
        for gate in report.gates {
            lines.append("mlgate_gate_passed{gate=\(Self.quote(gate.name))} \(gate.status == .passed ? 1 : 0)")
        }
        lines.append("# TYPE mlgate_check_passed gauge")
        lines.append("# HELP mlgate_check_passed 1 when the check passed or warned, else 0.")
        for gate in report.gates {
            for check in gate.checks {
                let passed = check.outcome == .passed || check.outcome == .warning
                lines.append("mlgate_check_passed{gate=\(Self.quote(gate.name)),check=\(Self.quote(check.name))} \(passed ? 1 : 0)")
            }
        }
        lines.append("# TYPE mlgate_measurement gauge")
        lines.append("# HELP mlgate_measurement A number a check measured or compared against.")
        for gate in report.gates {
            for check in gate.checks {
                for measurement in check.measurements {
                    lines.append(
                        "mlgate_measurement{gate=\(Self.quote(gate.name)),check=\(Self.quote(check.name)),name=\(Self.quote(measurement.name))} "
                            + Self.number(measurement.value))
                }
            }
        }
        lines.append("# EOF")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A label value: quoted, with backslash, quote and line feed escaped as OpenMetrics
    /// says, and `%` and `#` percent-encoded for GitLab's parser.
    static func quote(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "%": escaped += "%25"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }

    /// A sample value: integers without a fraction, NaN and infinities spelled as
    /// OpenMetrics spells them.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        return NumberFormatting.value(value)
    }
}

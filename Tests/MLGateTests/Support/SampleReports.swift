import Foundation

@testable import MLGate

/// Hand-made reports with fixed times, for golden files and renderer tests.
enum SampleReports {
    static let start = Date(timeIntervalSince1970: 1_795_420_800)  // 2026-11-23T08:00:00Z

    /// One gate of each interesting shape: every outcome, tiny and large times, and text
    /// that needs escaping.
    static let mixed = RunReport(
        config: "mlgate.yml", startedAt: start, duration: 1.234_567_8,
        gates: [
            GateResult(
                name: "applications", kind: .data, startedAt: start, duration: 0.000_01,
                checks: [
                    CheckResult(
                        name: "input", check: "input", outcome: .passed, message: "loans.csv: 500 rows × 10 columns (CSV)",
                        measurements: [Measurement("rows", 500), Measurement("columns", 10)], duration: 0.000_004,
                        location: SourceLocation(file: "mlgate.yml", line: 8, column: 12)),
                    CheckResult(
                        name: "rows", check: "row_count", outcome: .failed, message: "500 rows, expected ≥ 1000",
                        measurements: [Measurement("observed", 500), Measurement("min", 1000)], duration: 1e-7,
                        location: SourceLocation(file: "mlgate.yml", line: 10, column: 9)),
                    CheckResult(
                        name: "columns", check: "required_columns", severity: .warn, outcome: .warning,
                        message: "1 of 2 required columns missing: 'income'", details: "missing column 'income'",
                        measurements: [Measurement("required", 2), Measurement("missing", 1)],
                        location: SourceLocation(file: "mlgate.yml", line: 13, column: 9)),
                ]),
            GateResult(
                name: "quality", kind: .model, startedAt: start, duration: 12.5,
                checks: [
                    CheckResult(
                        name: "kind", check: "kind", outcome: .error,
                        message: "gate kind 'model' is not yet supported",
                        location: SourceLocation(file: "mlgate.yml", line: 16, column: 5)),
                    CheckResult(
                        name: "a <b> & \"c\" 'd'", check: "row_count", outcome: .skipped,
                        message: "not run: <input> & \"quotes\""),
                ]),
        ])

    /// A report whose text holds characters XML 1.0 forbids, and some it allows.
    static func withText(_ text: String) -> RunReport {
        RunReport(
            config: "mlgate.yml", startedAt: start, duration: 0,
            gates: [
                GateResult(
                    name: "g\(text)", kind: .data, startedAt: start, duration: 0,
                    checks: [
                        CheckResult(
                            name: "c\(text)", check: "row_count", outcome: .failed, message: "m\(text)",
                            details: "d\(text)")
                    ])
            ])
    }
}

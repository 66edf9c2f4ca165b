import Foundation

@testable import MLGate

/// Hand-made reports with fixed times, for golden files and renderer tests.
enum SampleReports {
    static let start = Date(timeIntervalSince1970: 1_795_420_800)  // 2026-11-23T08:00:00Z

    /// One gate of each interesting shape: every outcome, tiny and large times, text that
    /// needs escaping, and a drift gate with its per-column table.
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
                ],
                detail: .contract(ContractReport(
                    schema: "loans.schema.json", rows: 500,
                    counts: [
                        .init(code: .constraintError, field: "age", constraint: "maximum", count: 2),
                        .init(code: .typeError, field: "income", count: 1),
                    ],
                    samples: [
                        ContractIssue(
                            code: .typeError, rowNumber: 7, line: 7, fieldNumber: 5, fieldName: "income", cell: "n/a",
                            message: "'n/a' in field 'income' is not a valid number/default value"),
                        ContractIssue(
                            code: .constraintError, rowNumber: 12, line: 13, fieldNumber: 2, fieldName: "age",
                            constraint: "maximum", cell: "150", message: "'150' in field 'age' breaks maximum 120"),
                    ]))),
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
            drift,
        ])

    /// A drift gate of three columns: income drifted (a warning), a categorical column
    /// with a new category whose name needs escaping, and a method the config named; the
    /// dataset has not drifted (1 of 3 < 0.5).
    static let driftTable = DriftTableReport(
        columns: [
            DriftColumnResult(
                column: "income", kind: .numeric, method: .ks,
                autoReason: "auto: reference ≤ 1000 values, numeric, 480 distinct values", value: 0.0123,
                statistic: 0.1075, threshold: 0.05, drifted: true, referenceCount: 500, currentCount: 398,
                referenceMissing: 0, currentMissing: 2, newCategories: [], vanishedCategories: [],
                details: ["exact": 0],
                histogram: .init(
                    labels: ["[20000, 30000)", "[30000, 40000)", "[40000, 50000)", "[50000, 60000]"],
                    reference: [0.3, 0.4, 0.2, 0.1], current: [0.2, 0.35, 0.3, 0.15])),
            DriftColumnResult(
                column: "region", kind: .categorical, method: .chisquare,
                autoReason: "auto: reference ≤ 1000 values, categorical, 4 distinct values", value: 0.2,
                statistic: 4.5, threshold: 0.05, drifted: false, referenceCount: 500, currentCount: 400,
                referenceMissing: 0, currentMissing: 0, newCategories: ["north & <east>"], vanishedCategories: [],
                details: ["degrees_of_freedom": 2],
                histogram: .init(
                    labels: ["east", "north", "north & <east>", "south"],
                    reference: [0.3, 0.4, 0, 0.3], current: [0.25, 0.4, 0.05, 0.3])),
            DriftColumnResult(
                column: "term_months", kind: .categorical, method: .psi, autoReason: nil, value: 0.0213,
                statistic: nil, threshold: 0.2, drifted: false, referenceCount: 500, currentCount: 400,
                referenceMissing: 0, currentMissing: 0, newCategories: [], vanishedCategories: ["60"], details: [:],
                histogram: .init(labels: ["12", "36", "60"], reference: [0.5, 0.45, 0.05], current: [0.55, 0.45, 0])),
        ],
        driftShare: 0.5, share: 1.0 / 3, drifted: false)

    /// The drift gate of ``driftTable``, its checks as the gate writes them.
    static let drift = GateResult(
        name: "serving", kind: .drift, startedAt: start, duration: 0.75,
        checks: [
            CheckResult(
                name: "input", check: "input", outcome: .passed,
                message: "loans.csv: 500 rows; recent.csv: 400 rows; 3 columns compared",
                measurements: [Measurement("reference_rows", 500), Measurement("current_rows", 400), Measurement("columns", 3)],
                location: SourceLocation(file: "mlgate.yml", line: 20, column: 5)),
        ]
            + driftTable.columns.enumerated().map { index, column in
                CheckResult(
                    name: column.column, check: "column_drift", severity: .warn,
                    outcome: CheckOutcome(passed: column.evaluation.passed, severity: .warn),
                    message: column.evaluation.message, measurements: column.evaluation.measurements, duration: 0.001,
                    location: SourceLocation(file: "mlgate.yml", line: 24 + index, column: 9))
            }
            + [
                CheckResult(
                    name: "dataset_drift", check: "dataset_drift", outcome: .passed,
                    message: "1 of 3 columns drifted (share 0.3333, < 0.5000): income",
                    measurements: [
                        Measurement("drifted_columns", 1), Measurement("columns", 3), Measurement("share", 1.0 / 3),
                        Measurement("drift_share", 0.5),
                    ],
                    location: SourceLocation(file: "mlgate.yml", line: 20, column: 5)),
            ],
        detail: .drift(driftTable))

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

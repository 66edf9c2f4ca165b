/// The checks of a drift gate: one `column_drift` result per column compared, named after
/// the column, and one `dataset_drift` result.
public enum DriftCheck: String, Sendable, CaseIterable {
    case column = "column_drift"
    case dataset = "dataset_drift"

    /// The check's declaration.
    public var declaration: CheckDeclaration {
        let summary: String
        let keys: [String]
        switch self {
        case .column:
            summary = "A column of the current data against the reference: the method's statistic against its threshold "
                + "(a `warn` by default: `column_severity`)."
            keys = ["columns", "exclude", "categorical", "numeric", "method", "threshold", "ks_method", "bins", "column_severity"]
        case .dataset:
            summary = "The dataset has drifted when the share of drifted columns reaches `drift_share`."
            keys = ["drift_share", "severity"]
        }
        let reference = "x\n" + (1...20).map { "\($0)\n" }.joined()
        let shifted = "x\n" + (101...120).map { "\($0)\n" }.joined()
        let result = self == .column ? "x" : rawValue
        func example(_ current: String, _ outcome: CheckOutcome, _ reason: String) -> CheckExample {
            CheckExample(
                .drift, gate: "reference: reference.csv\ncurrent: current.csv\nmethod: ks",
                files: ["reference.csv": reference, "current.csv": current], result: result, outcome: outcome, reason: reason)
        }
        return CheckDeclaration(
            rawValue, gates: [.drift], summary: summary, parameters: DriftGateConfig.keys[keys: keys],
            examples: self == .column
                ? [example(reference, .passed, "no drift"), example(shifted, .warning, "≤ 0.0500: drifted")]
                : [example(reference, .passed, "0 of 1 columns drifted"), example(shifted, .failed, "1 of 1 columns drifted")])
    }
}

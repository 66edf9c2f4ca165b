/// The results every gate reports before its checks: `input` (the file read, and valid
/// for the gate), and a model gate's `baseline` (the champion read). When either is an
/// error, the gate's checks are skipped.
public enum GateInputCheck: String, Sendable, CaseIterable {
    case input
    case baseline

    /// The check's declaration.
    public var declaration: CheckDeclaration {
        switch self {
        case .input:
            func example(_ input: String, _ outcome: CheckOutcome, _ reason: String) -> CheckExample {
                CheckExample(
                    .data, gate: "input: \(input)\nchecks:\n  - check: row_count\n    min: 1", files: ["data.csv": "a\n1\n"],
                    result: "input", outcome: outcome, reason: reason)
            }
            return CheckDeclaration(
                rawValue, gates: GateKind.allCases,
                summary: "The gate's file (or database table) exists and parses to its end (and, for predictions, every cell the gate reads is valid).",
                parameters: TableInput.keys + DatabaseTable.keys,
                examples: [example("data.csv", .passed, "data.csv: 1 rows × 1 columns"), example("missing.csv", .error, "file not found")])
        case .baseline:
            func example(_ champion: String, _ outcome: CheckOutcome, _ reason: String) -> CheckExample {
                CheckExample(
                    .model,
                    gate: "predictions: predictions.csv\ntask: binary\nlabel: y\nprediction: p\nbaseline:\n  predictions: champion.csv\n"
                        + "metrics:\n  - metric: accuracy\n    max_drop: 0.5",
                    files: ["predictions.csv": "y,p\n1,1\n0,0\n", "champion.csv": champion], result: "baseline", outcome: outcome,
                    reason: reason)
            }
            return CheckDeclaration(
                rawValue, gates: [.model],
                summary: "The champion (baseline predictions on the same rows, or an earlier report) is read and pairs with the candidate.",
                parameters: ModelGateConfig.baselineKeys,
                examples: [
                    example("y,p\n1,1\n0,1\n", .passed, "champion.csv: 2 rows, paired by row order"),
                    example("y,p\n1,1\n1,1\n", .error, "the baseline must be evaluated on the same rows"),
                ])
        }
    }
}

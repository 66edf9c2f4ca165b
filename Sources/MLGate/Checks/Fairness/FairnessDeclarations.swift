/// The declarations of fairness checks, one per measure.
extension FairnessCheck.Measure {
    /// What the measure is, for the reference.
    var summary: String {
        switch self {
        case .demographicParityDifference: "fairlearn's demographic parity difference: the spread of the groups' selection rates."
        case .demographicParityRatio: "fairlearn's demographic parity ratio: the lowest selection rate over the highest."
        case .equalizedOddsDifference: "fairlearn's equalized odds difference: the larger (or mean, `agg`) of the TPR and FPR differences."
        case .equalizedOddsRatio: "fairlearn's equalized odds ratio: the smaller (or mean, `agg`) of the TPR and FPR ratios."
        case .equalOpportunityDifference: "fairlearn's equal opportunity difference: the spread of the groups' true positive rates."
        case .equalOpportunityRatio: "fairlearn's equal opportunity ratio: the lowest true positive rate over the highest."
        case .groupDifference: "The spread (max − min) of any per-group metric (`metric`)."
        case .groupRatio: "The lowest over the highest of any per-group metric (`metric`)."
        case .disparateImpact: "AIF360's disparate impact: each group's selection rate over the reference group's."
        case .statisticalParityDifference: "AIF360's statistical parity difference: each group's selection rate minus the reference group's."
        case .averageOddsDifference: "AIF360's average odds difference: each group's mean FPR and TPR difference to the reference group."
        case .fourFifths: "The four-fifths rule: every group's selection rate is at least 0.8 of the highest."
        }
    }

    /// The keys the measure takes besides `check`, `name`, `severity`, `description`.
    var parameters: [ParameterSpec] {
        var keys: [String] = self == .fourFifths ? [] : ["min", "max"]
        if !needsReference, self != .fourFifths { keys.append("method") }
        if self == .equalizedOddsDifference || self == .equalizedOddsRatio { keys.append("agg") }
        if self == .groupDifference || self == .groupRatio { keys.append("metric") }
        return FairnessCheck.parameters[keys: keys]
    }

    /// The measure's declaration.
    public var declaration: CheckDeclaration {
        CheckDeclaration(rawValue, gates: [.fairness], summary: summary, parameters: parameters, examples: examples)
    }

    /// Two groups of four: `a` selects 3 (TPR 1, FPR 0.5), `b` selects 1 (TPR 0.5, FPR 0).
    private static let unequal = "g,y,p\na,1,1\na,1,1\na,0,1\na,0,0\nb,1,1\nb,1,0\nb,0,0\nb,0,0\n"

    /// A passing and a failing example: the measure's keys for each, on ``unequal``.
    private var bounds: (passing: String, failing: String) {
        switch self {
        case .demographicParityDifference, .equalizedOddsDifference, .equalOpportunityDifference: ("max: 0.6", "max: 0.4")
        case .demographicParityRatio: ("min: 0.3", "min: 0.5")
        case .equalizedOddsRatio: ("min: 0.2\nagg: mean", "min: 0.1")
        case .equalOpportunityRatio: ("min: 0.4", "min: 0.6")
        case .groupDifference: ("max: 0.6\nmetric: selection_rate", "max: 0.4\nmetric: selection_rate")
        case .groupRatio: ("min: 0.4\nmetric: true_positive_rate", "min: 0.6\nmetric: true_positive_rate")
        case .disparateImpact: ("min: 0.3", "min: 0.8")
        case .statisticalParityDifference: ("min: -0.6", "min: -0.4")
        case .averageOddsDifference: ("min: -0.6", "min: -0.4")
        case .fourFifths: ("", "")
        }
    }

    private var examples: [CheckExample] {
        func example(_ keys: String, csv: String, _ outcome: CheckOutcome, _ reason: String?) -> CheckExample {
            let reference = needsReference ? "reference: {g: a}\n" : ""
            let lines = keys.split(separator: "\n").map { "\n    " + $0 }.joined()
            return CheckExample(
                .fairness,
                gate: "predictions: predictions.csv\ntask: binary\nlabel: y\nprediction: p\nsensitive: [g]\nmin_group_size: 1\n"
                    + reference + "checks:\n  - check: \(rawValue)" + lines,
                files: ["predictions.csv": csv], result: rawValue, outcome: outcome, reason: reason)
        }
        let (passing, failing) = bounds
        guard self != .fourFifths else {
            let equal = "g,y,p\na,1,1\na,0,0\nb,1,1\nb,0,0\n"
            return [
                example("", csv: equal, .passed, "every group's selection rate is at least 0.8 of the highest"),
                example("", csv: Self.unequal, .failed, "selection rate below 0.8 of the highest group's for g=b"),
            ]
        }
        // The failure names the bound it breaks: "max: 0.4" fails as "expected ≤ 0.4000".
        let bound = failing.prefix { $0 != "\n" }.split(separator: ":")
        let reason = "\(rawValue) ", expected = "expected \(bound[0] == "min" ? "≥" : "≤") "
            + MetricCheck.format(Double(bound[1].trimmingCharacters(in: .whitespaces))!)
        return [
            example(passing, csv: Self.unequal, .passed, reason),
            example(failing, csv: Self.unequal, .failed, expected),
        ]
    }
}

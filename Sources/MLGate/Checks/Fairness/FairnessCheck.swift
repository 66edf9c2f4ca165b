import Foundation

/// A fairness gate's check: one disparity measure across the groups, against bounds.
///
/// Measures as fairlearn 0.15 defines them (`method`, `agg`), or against a reference
/// group as AIF360 defines them, or the four-fifths rule. Groups smaller than the
/// gate's `min_group_size` are left out of every measure (and listed in the report).
/// With the gate's `confidence`, a bound fails only when a seeded bootstrap interval of
/// the measure lies beyond it, so that small groups do not flap the gate.
public struct FairnessCheck: Sendable {
    /// What a check measures.
    public enum Measure: String, Sendable, Hashable, CaseIterable {
        case demographicParityDifference = "demographic_parity_difference"
        case demographicParityRatio = "demographic_parity_ratio"
        case equalizedOddsDifference = "equalized_odds_difference"
        case equalizedOddsRatio = "equalized_odds_ratio"
        case equalOpportunityDifference = "equal_opportunity_difference"
        case equalOpportunityRatio = "equal_opportunity_ratio"
        /// Max − min of any per-group metric (`metric:`).
        case groupDifference = "group_difference"
        /// Min / max of any per-group metric (`metric:`).
        case groupRatio = "group_ratio"
        /// Each group's selection rate over the reference group's (AIF360).
        case disparateImpact = "disparate_impact"
        /// Each group's selection rate minus the reference group's (AIF360).
        case statisticalParityDifference = "statistical_parity_difference"
        /// Each group's mean of FPR and TPR differences to the reference group (AIF360).
        case averageOddsDifference = "average_odds_difference"
        /// Every group's selection rate is at least 0.8 × the highest group's.
        case fourFifths = "four_fifths"

        /// Whether the measure compares with the reference group.
        public var needsReference: Bool {
            [.disparateImpact, .statisticalParityDifference, .averageOddsDifference].contains(self)
        }

        /// Whether it applies to regression models (per-group mean prediction and error).
        public var appliesToRegression: Bool { self == .groupDifference || self == .groupRatio }
    }

    /// The keys a fairness check accepts.
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("check", .choice(Measure.allCases.map(\.rawValue)), required: true, "The measure."),
        ParameterSpec("name", .string, "The name in reports; default the measure. Unique in the gate."),
        ParameterSpec(
            "severity", .choice(CheckSeverity.allCases.map(\.rawValue)),
            "error (default): a failure fails the gate; warn: a failure is a warning."),
        ParameterSpec("description", .string, "A note for readers of the config and the report."),
        ParameterSpec("min", .number, "Lowest value allowed (inclusive)."),
        ParameterSpec("max", .number, "Highest value allowed (inclusive)."),
        ParameterSpec(
            "method", .choice(DisparityMethod.allCases.map(\.rawValue)),
            "fairlearn's method: between_groups (default) or to_overall."),
        ParameterSpec(
            "agg", .choice(OddsAggregation.allCases.map(\.rawValue)),
            "For equalized odds: worst_case (default) or mean of the TPR and FPR measures."),
        ParameterSpec(
            "metric", .choice(GroupMetric.allCases.map(\.rawValue) + RegressionMetricName.allCases.map(\.rawValue)),
            "For group_difference and group_ratio: the per-group metric."),
    ]

    /// The per-group metrics of a regression model.
    public enum RegressionMetricName: String, Sendable, Hashable, CaseIterable {
        case meanPrediction = "mean_prediction"
        case meanAbsoluteError = "mean_absolute_error"
    }

    /// The name shown in reports.
    public var name: String
    /// What a failure does to the gate.
    public var severity: CheckSeverity
    /// Where it was declared.
    public var location: SourceLocation
    /// The measure.
    public var measure: Measure
    /// Bounds (inclusive).
    public var minimum: Double?
    public var maximum: Double?
    /// fairlearn's method and aggregation.
    public var method: DisparityMethod
    public var aggregation: OddsAggregation
    /// For group_difference / group_ratio of a classifier.
    public var groupMetric: GroupMetric?
    /// For group_difference / group_ratio of a regressor.
    public var regressionMetric: RegressionMetricName?

    /// Creates a check from validated parameters.
    public init(parameters: CheckParameters, task: ModelTask, severity: CheckSeverity) throws(DiagnosticError) {
        measure = Measure(rawValue: parameters.string("check") ?? "") ?? .demographicParityDifference
        name = parameters.string("name") ?? measure.rawValue
        self.severity = severity
        location = parameters.location
        minimum = parameters.number("min")
        maximum = parameters.number("max")
        method = parameters.string("method").flatMap(DisparityMethod.init(rawValue:)) ?? .betweenGroups
        aggregation = parameters.string("agg").flatMap(OddsAggregation.init(rawValue:)) ?? .worstCase
        let metric = parameters.string("metric")
        groupMetric = metric.flatMap(GroupMetric.init(rawValue:))
        regressionMetric = metric.flatMap(RegressionMetricName.init(rawValue:))
        if task == .regression, !measure.appliesToRegression {
            throw parameters.error("'\(measure.rawValue)' applies to classifiers; a regression model takes group_difference or group_ratio", at: "check")
        }
        if measure == .fourFifths {
            if minimum != nil || maximum != nil {
                throw parameters.error("four_fifths has its own bound (0.8 of the highest selection rate): remove 'min' and 'max'")
            }
        }
        try parameters.validateBounds(minimum, maximum, requiredBy: measure == .fourFifths ? nil : measure.rawValue)
        let grouped = measure == .groupDifference || measure == .groupRatio
        if grouped {
            if task == .regression, regressionMetric == nil {
                throw parameters.error("'\(measure.rawValue)' of a regression model needs 'metric': mean_prediction or mean_absolute_error", at: metric == nil ? nil : "metric")
            }
            if task != .regression, groupMetric == nil {
                throw parameters.error(
                    "'\(measure.rawValue)' needs 'metric': " + GroupMetric.allCases.map(\.rawValue).joined(separator: ", "),
                    at: metric == nil ? nil : "metric")
            }
        } else if metric != nil {
            throw parameters.error("'metric' applies to group_difference and group_ratio only", at: "metric")
        }
        if parameters.values["agg"] != nil, measure != .equalizedOddsDifference, measure != .equalizedOddsRatio {
            throw parameters.error("'agg' applies to equalized_odds_difference and equalized_odds_ratio only", at: "agg")
        }
        if parameters.values["method"] != nil, measure.needsReference || measure == .fourFifths {
            throw parameters.error("'method' applies to fairlearn's measures, not to '\(measure.rawValue)'", at: "method")
        }
    }
}

import Foundation

/// A model gate's check on one metric: absolute bounds (`min`, `max`, inclusive) and a
/// non-inferiority margin against the champion (`max_drop`, `max_relative_drop`),
/// optionally decided by a paired bootstrap (`confidence`).
public struct MetricCheck: Sendable {
    /// The key that names the metric in `mlgate.yml`.
    public static let identifier = "metric"
    /// What the check does.
    public static let summary = """
        A metric of the model, computed as scikit-learn computes it, lies within `min` and `max` \
        (inclusive) and is worse than the champion's by at most `max_drop` (absolute) or \
        `max_relative_drop` (a fraction of the champion's value). With `confidence`, a drop fails \
        only when a paired bootstrap shows it exceeds the margin at that confidence.
        """
    /// The keys a metric check accepts besides `name`, `severity`, `description`.
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("metric", .string, required: true, "The metric's name (case-insensitive), e.g. roc_auc, f1_macro, rmse."),
        ParameterSpec("min", .number, "Lowest value allowed (inclusive)."),
        ParameterSpec("max", .number, "Highest value allowed (inclusive)."),
        ParameterSpec("max_drop", .number, "How much worse than the baseline the metric may be, in the metric's units."),
        ParameterSpec("max_relative_drop", .number, "How much worse than the baseline the metric may be, as a fraction of the baseline's value (0.02 = 2%)."),
        ParameterSpec("confidence", .number, "With baseline predictions: fail a drop only when the bootstrap interval at this confidence lies beyond the margin (e.g. 0.95)."),
        ParameterSpec("beta", .number, "For fbeta: the weight of recall (default 1)."),
        ParameterSpec("k", .integer(minimum: 1), "For top_k_accuracy: how many of the highest scores count (default 2)."),
    ]
    /// The keys every metric check has.
    public static let commonKeys: [ParameterSpec] = [
        ParameterSpec("name", .string, "The name shown in reports; defaults to the metric's name. Unique in the gate."),
        ParameterSpec(
            "severity", .choice(CheckSeverity.allCases.map(\.rawValue)),
            "error (default): a failure fails the gate; warn: a failure is a warning."),
        ParameterSpec("description", .string, "A note for readers of the config and the report."),
    ]

    /// The name shown in reports.
    public var name: String
    /// What a failure does to the gate.
    public var severity: CheckSeverity
    /// Where it was declared.
    public var location: SourceLocation
    /// The metric.
    public var metric: Metric
    /// Lowest value allowed.
    public var minimum: Double?
    /// Highest value allowed.
    public var maximum: Double?
    /// Largest allowed drop against the baseline, in the metric's units.
    public var maxDrop: Double?
    /// Largest allowed drop against the baseline, as a fraction of the baseline value.
    public var maxRelativeDrop: Double?
    /// Bootstrap confidence for the drop decision.
    public var confidence: Double?

    /// Creates a check from validated parameters.
    public init(
        parameters: CheckParameters, task: ModelTask, severity: CheckSeverity, explicitName: String?
    ) throws(DiagnosticError) {
        let metricName = parameters.string("metric") ?? ""
        do {
            metric = try Metric(
                name: metricName, task: task, beta: parameters.number("beta"), k: parameters.integer("k"))
        } catch {
            throw DiagnosticError(error.message, at: parameters.locations["metric"] ?? parameters.location)
        }
        name = explicitName ?? metric.name
        self.severity = severity
        location = parameters.location
        minimum = parameters.number("min")
        maximum = parameters.number("max")
        maxDrop = parameters.number("max_drop")
        maxRelativeDrop = parameters.number("max_relative_drop")
        confidence = parameters.number("confidence")
        if minimum == nil, maximum == nil, maxDrop == nil, maxRelativeDrop == nil {
            throw parameters.error("a metric check needs a threshold: 'min', 'max', 'max_drop' or 'max_relative_drop'")
        }
        try parameters.validateBounds(minimum, maximum, requiredBy: nil)
        for key in ["max_drop", "max_relative_drop"] {
            if let value = parameters.number(key), value < 0 {
                throw parameters.error("'\(key)' must be ≥ 0, found \(value)", at: key)
            }
        }
        if let confidence, !(confidence > 0 && confidence < 1) {
            throw parameters.error("'confidence' must lie strictly between 0 and 1, found \(confidence)", at: "confidence")
        }
        if confidence != nil, maxDrop == nil, maxRelativeDrop == nil {
            throw parameters.error("'confidence' decides a drop: give 'max_drop' or 'max_relative_drop' too", at: "confidence")
        }
        if parameters.values["beta"] != nil, case .fbeta = metric {} else if parameters.values["beta"] != nil {
            throw parameters.error("'beta' applies to fbeta only", at: "beta")
        }
        if parameters.values["k"] != nil, case .topKAccuracy = metric {} else if parameters.values["k"] != nil {
            throw parameters.error("'k' applies to top_k_accuracy only", at: "k")
        }
        if let beta = parameters.number("beta"), !(beta > 0) {
            throw parameters.error("'beta' must be > 0, found \(beta)", at: "beta")
        }
    }

    /// Whether the check compares with a baseline.
    public var needsBaseline: Bool { maxDrop != nil || maxRelativeDrop != nil }

    /// Judges a value (and its comparison with the baseline).
    func judge(_ value: MetricValue, comparison: BaselineComparison?) -> CheckEvaluation {
        guard let observed = value.number else {
            return CheckEvaluation(
                passed: false, message: "\(metric.name) is undefined: \(value.reason ?? "not a number")")
        }
        var measurements = [Measurement("value", observed)]
        var failures: [String] = [], passes: [String] = []
        func record(_ held: Bool, _ text: String) {
            if held { passes.append(text) } else { failures.append(text) }
        }
        let shown = Self.format(observed)
        if let minimum {
            measurements.append(Measurement("min", minimum))
            record(observed >= minimum, "\(metric.name) \(shown) \(observed >= minimum ? "≥" : "<") \(Self.format(minimum))")
        }
        if let maximum {
            measurements.append(Measurement("max", maximum))
            record(observed <= maximum, "\(metric.name) \(shown) \(observed <= maximum ? "≤" : ">") \(Self.format(maximum))")
        }
        if let comparison {
            measurements += comparison.measurements
            if let maxDrop { measurements.append(Measurement("max_drop", maxDrop)) }
            if let maxRelativeDrop { measurements.append(Measurement("max_relative_drop", maxRelativeDrop)) }
            let (held, text) = comparison.verdict(maxDrop: maxDrop, maxRelativeDrop: maxRelativeDrop)
            record(held, text)
        }
        if failures.isEmpty {
            return CheckEvaluation(passed: true, message: passes.joined(separator: "; "), measurements: measurements)
        }
        return CheckEvaluation(
            passed: false, message: failures.joined(separator: "; "),
            details: passes.isEmpty ? nil : "holds: " + passes.joined(separator: "; "), measurements: measurements)
    }

    /// Four significant decimals, never an exponent.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.4f", value)
    }
}

/// The candidate's metric against the baseline's.
struct BaselineComparison: Sendable {
    /// The baseline's value.
    var baseline: Double
    /// How much worse the candidate is (positive: worse), in the metric's units.
    var drop: Double
    /// The bootstrap interval of the drop and of the relative drop, when decided by one.
    var interval: (low: Double, high: Double)?
    var relativeInterval: (low: Double, high: Double)?
    var confidence: Double?

    var relativeDrop: Double {
        baseline != 0 ? drop / abs(baseline) : (drop > 0 ? .infinity : 0)
    }

    var measurements: [Measurement] {
        var list = [Measurement("baseline", baseline), Measurement("drop", drop)]
        if relativeDrop.isFinite { list.append(Measurement("relative_drop", relativeDrop)) }
        if let interval {
            list += [Measurement("drop_ci_low", interval.low), Measurement("drop_ci_high", interval.high)]
        }
        if let confidence { list.append(Measurement("confidence", confidence)) }
        return list
    }

    /// Whether the drop is within the margins, and the sentence that says so.
    func verdict(maxDrop: Double?, maxRelativeDrop: Double?) -> (Bool, String) {
        let format = MetricCheck.format
        var held = true
        var parts: [String] = []
        let against = "baseline \(format(baseline))"
        /// With an interval, a drop is real only when even the interval's low end exceeds
        /// the margin; without one, the point estimate decides.
        func judge(_ what: String, _ value: Double, _ range: (low: Double, high: Double)?, margin: Double, scale: Double, unit: String) {
            let shown = { (x: Double) in format(x * scale) + unit }
            guard let range, let confidence else {
                let ok = value <= margin
                held = held && ok
                parts.append("\(what) \(shown(value)) vs \(against) \(ok ? "≤" : ">") \(shown(margin))")
                return
            }
            let ok = range.low <= margin
            held = held && ok
            let level = format(confidence * 100) + "%"
            let interval = "\(level) CI \(shown(range.low)) … \(shown(range.high))"
            parts.append(
                ok
                    ? "\(what) \(shown(value)) vs \(against) is not significantly above \(shown(margin)) (\(interval))"
                    : "\(what) \(shown(value)) vs \(against) exceeds \(shown(margin)) at \(level) confidence (\(interval))")
        }
        if let maxDrop {
            judge("drop", drop, interval, margin: maxDrop, scale: 1, unit: "")
        }
        if let maxRelativeDrop {
            judge("relative drop", relativeDrop, relativeInterval, margin: maxRelativeDrop, scale: 100, unit: "%")
        }
        return (held, parts.joined(separator: "; "))
    }
}

/// A regressor's metrics from the sums they are made of, as an engine computes them over
/// a table (``RegressionPushdown``): the same definitions as ``RegressionMetrics``
/// (scikit-learn 1.9), the last divisions done here as it does them. `w` is a row's
/// sample weight (1 without a weight column), `e` its error `y − p`.
struct RegressionSums: Sendable, Hashable {
    /// The rows.
    var rows: Int
    /// Σ w.
    var weight: Double
    /// Σ w·|e|.
    var absoluteErrors: Double
    /// Σ w·e².
    var squaredErrors: Double
    /// Σ w·|e| / max(|y|, ε) (ε: the double's epsilon, as scikit-learn's MAPE).
    var percentageErrors: Double
    /// max |e| (unweighted, as scikit-learn's max_error).
    var maximumError: Double
    /// The median of |e| over the rows (`np.median`; with weights, scikit-learn's weighted
    /// percentile at 50); nil when not computed.
    var medianError: Double?
    /// Σ w·(y − ȳ)², ȳ = Σ w·y / Σ w.
    var labelDeviations: Double
    /// Σ w·(e − ē)², ē = Σ w·e / Σ w.
    var errorDeviations: Double

    /// The metric's value, or why it is undefined.
    func value(of metric: Metric) -> MetricValue {
        guard rows > 0 else { return .undefined("no rows") }
        // A weighted mean is undefined when the weights add up to 0, as np.average's.
        let average = { (sum: Double) -> MetricValue in weight > 0 ? .value(sum / weight) : .undefined("no rows") }
        switch metric {
        case .meanAbsoluteError: return average(absoluteErrors)
        case .meanSquaredError: return average(squaredErrors)
        case .rootMeanSquaredError: return weight > 0 ? .value((squaredErrors / weight).squareRoot()) : .undefined("no rows")
        case .meanAbsolutePercentageError: return average(percentageErrors)
        case .maxError: return .value(maximumError)
        case .medianAbsoluteError: return medianError.map(MetricValue.value) ?? .undefined("the median was not computed")
        case .r2:
            guard rows >= 2 else { return .undefined("R² needs at least two rows") }
            guard weight > 0 else { return .undefined("no rows") }
            return .value(RegressionMetrics.forceFinite(numerator: squaredErrors, denominator: labelDeviations))
        case .explainedVariance:
            guard weight > 0 else { return .undefined("no rows") }
            return .value(RegressionMetrics.forceFinite(numerator: errorDeviations / weight, denominator: labelDeviations / weight))
        default:
            return .undefined("\(metric.name) is a classification metric")
        }
    }
}

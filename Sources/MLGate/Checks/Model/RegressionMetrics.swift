import Foundation

/// Regression metrics, each computed as scikit-learn 1.9 computes it, with the same row
/// multiplicities as ``ClassificationMetrics``.
struct RegressionMetrics {
    let data: RegressionPredictions
    /// How often each row counts: a resample's draws, or the rows each row stands for.
    let counts: [UInt32]?
    /// Whether ``counts`` are a resample's draws (not rows grouped by the server).
    let resampled: Bool
    let rowWeights: RowWeights

    /// Metrics of `data`, row `i` drawn `counts[i]` times by a resample, or standing for
    /// `multiplicities[i]` rows of the table (rows grouped by the server).
    init(_ data: RegressionPredictions, counts: [UInt32]? = nil, multiplicities: [UInt32]? = nil) {
        self.data = data
        self.counts = counts ?? multiplicities
        resampled = counts != nil
        rowWeights = RowWeights(weights: data.weights, counts: self.counts, count: data.count)
    }

    private func isPresent(_ row: Int) -> Bool { counts == nil || counts![row] > 0 }

    /// `np.average(values(row), weights=…)` over present rows.
    private func average(_ value: (Int) -> Double) -> Double? {
        var sum = 0.0, weight = 0.0
        for row in 0..<data.count where isPresent(row) {
            sum += rowWeights[row] * value(row)
            weight += rowWeights[row]
        }
        return weight > 0 ? sum / weight : nil
    }

    private var presentCount: Int {
        counts.map { $0.reduce(0) { $0 + Int($1) } } ?? data.count
    }

    func value(of metric: Metric) -> MetricValue {
        guard presentCount > 0 else { return .undefined("no rows") }
        let labels = data.labels, predicted = data.predicted
        switch metric {
        case .meanAbsoluteError:
            return defined(average { abs(labels[$0] - predicted[$0]) })
        case .meanSquaredError:
            return defined(average { (labels[$0] - predicted[$0]) * (labels[$0] - predicted[$0]) })
        case .rootMeanSquaredError:
            return defined(average { (labels[$0] - predicted[$0]) * (labels[$0] - predicted[$0]) }.map { $0.squareRoot() })
        case .meanAbsolutePercentageError:
            let epsilon = Double.ulpOfOne
            return defined(average { abs(labels[$0] - predicted[$0]) / max(abs(labels[$0]), epsilon) })
        case .maxError:
            // scikit-learn's max_error takes no weights; a resample's maximum is over the rows it drew.
            var maximum = 0.0
            for row in 0..<data.count where isPresent(row) { maximum = max(maximum, abs(labels[row] - predicted[row])) }
            return .value(maximum)
        case .medianAbsoluteError:
            return medianAbsoluteError()
        case .r2:
            guard presentCount >= 2 else { return .undefined("R² needs at least two rows") }
            guard let mean = average({ labels[$0] }) else { return .undefined("no rows") }
            var numerator = 0.0, denominator = 0.0
            for row in 0..<data.count where isPresent(row) {
                numerator += rowWeights[row] * (labels[row] - predicted[row]) * (labels[row] - predicted[row])
                denominator += rowWeights[row] * (labels[row] - mean) * (labels[row] - mean)
            }
            return .value(Self.forceFinite(numerator: numerator, denominator: denominator))
        case .explainedVariance:
            guard let meanDifference = average({ labels[$0] - predicted[$0] }),
                let meanLabel = average({ labels[$0] })
            else { return .undefined("no rows") }
            let numerator = average {
                let d = labels[$0] - predicted[$0] - meanDifference
                return d * d
            }!
            let denominator = average { (labels[$0] - meanLabel) * (labels[$0] - meanLabel) }!
            return .value(Self.forceFinite(numerator: numerator, denominator: denominator))
        default:
            return .undefined("\(metric.name) is a classification metric")
        }
    }

    private func defined(_ value: Double?) -> MetricValue {
        value.map(MetricValue.value) ?? .undefined("no rows")
    }

    /// `1 − numerator / denominator`, with scikit-learn's `force_finite=True`: a constant
    /// target (denominator 0) scores 1 when predicted perfectly and 0 otherwise.
    static func forceFinite(numerator: Double, denominator: Double) -> Double {
        if denominator == 0 { return numerator == 0 ? 1 : 0 }
        if numerator == 0 { return 1 }
        return 1 - numerator / denominator
    }

    /// The median of the absolute errors: `np.median` without weights; with weights (or
    /// resampling multiplicities), scikit-learn's averaged weighted percentile at 50.
    private func medianAbsoluteError() -> MetricValue {
        var errors: [(error: Double, weight: Double)] = []
        for row in 0..<data.count where isPresent(row) {
            errors.append((abs(data.labels[row] - data.predicted[row]), rowWeights[row]))
        }
        errors.sort { $0.error < $1.error }
        if data.weights == nil && !resampled {
            // np.median of every row: rows grouped by the server count as often as they stand for.
            let n = errors.reduce(0) { $0 + Int($1.weight) }
            func error(at position: Int) -> Double {
                var seen = 0
                for entry in errors {
                    seen += Int(entry.weight)
                    if position < seen { return entry.error }
                }
                return errors[errors.count - 1].error
            }
            return .value(n % 2 == 1 ? error(at: n / 2) : (error(at: n / 2 - 1) + error(at: n / 2)) / 2)
        }
        return .value(WeightedPercentile.averaged(sorted: errors, percentile: 50))
    }
}

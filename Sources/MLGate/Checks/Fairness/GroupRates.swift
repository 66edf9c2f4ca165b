/// The (weighted) confusion counts of one group of rows, and the rates fairness checks
/// compare across groups.
///
/// A rate whose denominator is zero is undefined (`nil` from ``rate(_:)``): a group
/// without positive rows has no true positive rate. fairlearn reports 0 there;
/// ``fairlearnValue(_:)`` gives that value, which its aggregates use, so that
/// mlgate's aggregates equal fairlearn's while its per-group table says "undefined".
public struct GroupRates: Sendable, Hashable, Codable {
    /// Rows in the group.
    public var count = 0
    /// The group's total weight (its row count without weights).
    public var weight = 0.0
    /// Weighted confusion counts, for the positive class.
    public var truePositives = 0.0, falsePositives = 0.0, trueNegatives = 0.0, falseNegatives = 0.0
    /// Unweighted confusion counts, for Wilson intervals.
    public var truePositiveRows = 0, falsePositiveRows = 0, trueNegativeRows = 0, falseNegativeRows = 0

    /// Rows predicted positive.
    public var predictedPositiveRows: Int { truePositiveRows + falsePositiveRows }
    /// Rows labelled positive.
    public var positiveRows: Int { truePositiveRows + falseNegativeRows }

    /// Creates empty counts.
    public init() {}

    /// Counts one row (or `rows` equal rows, of `weight` in all).
    public mutating func add(label: Bool, predicted: Bool, weight: Double, rows: Int = 1) {
        count += rows
        self.weight += weight
        switch (label, predicted) {
        case (true, true):
            truePositives += weight
            truePositiveRows += rows
        case (false, true):
            falsePositives += weight
            falsePositiveRows += rows
        case (false, false):
            trueNegatives += weight
            trueNegativeRows += rows
        case (true, false):
            falseNegatives += weight
            falseNegativeRows += rows
        }
    }

    /// Counts being gathered with their weights summed compensated (`CompensatedSum`):
    /// the same rates whatever order the rows are added in, to a rounding. The group's
    /// weight is its four outcomes' weights added at the end.
    struct Compensated: Sendable, Hashable {
        var truePositives = CompensatedSum(), falsePositives = CompensatedSum()
        var trueNegatives = CompensatedSum(), falseNegatives = CompensatedSum()
        var truePositiveRows = 0, falsePositiveRows = 0, trueNegativeRows = 0, falseNegativeRows = 0

        /// Counts one row (or `rows` equal rows, of `weight` in all).
        @inline(__always)
        mutating func add(label: Bool, predicted: Bool, weight: Double, rows: Int = 1) {
            switch (label, predicted) {
            case (true, true):
                truePositives.add(weight)
                truePositiveRows += rows
            case (false, true):
                falsePositives.add(weight)
                falsePositiveRows += rows
            case (false, false):
                trueNegatives.add(weight)
                trueNegativeRows += rows
            case (true, false):
                falseNegatives.add(weight)
                falseNegativeRows += rows
            }
        }

        /// The counts, each weight the compensated sum's value.
        var rates: GroupRates {
            var rates = GroupRates()
            (rates.truePositiveRows, rates.falsePositiveRows) = (truePositiveRows, falsePositiveRows)
            (rates.trueNegativeRows, rates.falseNegativeRows) = (trueNegativeRows, falseNegativeRows)
            rates.count = truePositiveRows + falsePositiveRows + trueNegativeRows + falseNegativeRows
            (rates.truePositives, rates.falsePositives) = (truePositives.value, falsePositives.value)
            (rates.trueNegatives, rates.falseNegatives) = (trueNegatives.value, falseNegatives.value)
            rates.weight = ((rates.trueNegatives + rates.falsePositives) + rates.falseNegatives) + rates.truePositives
            return rates
        }
    }

    /// The rates of rows that each weigh one, from their counts by outcome: true
    /// negatives, false positives, false negatives, true positives (label × 2 +
    /// prediction). Sums of ones are their counts exactly, so these are the rates that
    /// adding the rows one by one gives.
    init(outcomeCounts counts: ArraySlice<Int>) {
        let base = counts.startIndex
        trueNegativeRows = counts[base]
        falsePositiveRows = counts[base + 1]
        falseNegativeRows = counts[base + 2]
        truePositiveRows = counts[base + 3]
        count = trueNegativeRows + falsePositiveRows + falseNegativeRows + truePositiveRows
        weight = Double(count)
        trueNegatives = Double(trueNegativeRows)
        falsePositives = Double(falsePositiveRows)
        falseNegatives = Double(falseNegativeRows)
        truePositives = Double(truePositiveRows)
    }

    /// The rate, or `nil` when its denominator is zero.
    public func rate(_ metric: GroupMetric) -> Double? {
        let (numerator, denominator) = fraction(metric)
        return denominator > 0 ? numerator / denominator : nil
    }

    /// The value fairlearn 0.15 reports: 0 where the denominator is zero, except the
    /// selection rate, which is NaN (`nil`) for a group of zero weight.
    public func fairlearnValue(_ metric: GroupMetric) -> Double? {
        if let value = rate(metric) { return value }
        return metric == .selectionRate ? nil : 0
    }

    /// The Wilson interval of the rate, on unweighted counts; `nil` without rows.
    public func wilson(_ metric: GroupMetric, z: Double) -> (lower: Double, upper: Double)? {
        let (tp, fp, tn, fn) = (truePositiveRows, falsePositiveRows, trueNegativeRows, falseNegativeRows)
        let (successes, trials): (Int, Int)
        switch metric {
        case .selectionRate: (successes, trials) = (tp + fp, count)
        case .truePositiveRate: (successes, trials) = (tp, tp + fn)
        case .falsePositiveRate: (successes, trials) = (fp, fp + tn)
        case .falseNegativeRate: (successes, trials) = (fn, tp + fn)
        case .trueNegativeRate: (successes, trials) = (tn, fp + tn)
        case .precision: (successes, trials) = (tp, tp + fp)
        case .accuracy: (successes, trials) = (tp + tn, count)
        }
        return WilsonInterval.interval(successes: successes, trials: trials, z: z)
    }

    private func fraction(_ metric: GroupMetric) -> (Double, Double) {
        switch metric {
        case .selectionRate: (truePositives + falsePositives, weight)
        case .truePositiveRate: (truePositives, truePositives + falseNegatives)
        case .falsePositiveRate: (falsePositives, falsePositives + trueNegatives)
        case .falseNegativeRate: (falseNegatives, truePositives + falseNegatives)
        case .trueNegativeRate: (trueNegatives, falsePositives + trueNegatives)
        case .precision: (truePositives, truePositives + falsePositives)
        case .accuracy: (truePositives + trueNegatives, weight)
        }
    }
}

/// The per-group rates of a classifier.
public enum GroupMetric: String, Sendable, Hashable, Codable, CaseIterable {
    case selectionRate = "selection_rate"
    case truePositiveRate = "true_positive_rate"
    case falsePositiveRate = "false_positive_rate"
    case falseNegativeRate = "false_negative_rate"
    case trueNegativeRate = "true_negative_rate"
    case precision
    case accuracy
}

/// Wilson score intervals for a proportion, as statsmodels'
/// `proportion_confint(method="wilson")` computes them.
public enum WilsonInterval {
    /// The standard normal quantile for a two-sided interval at `confidence`
    /// (statsmodels uses scipy's `norm.isf`; 0.95 gives 1.9599639845400545).
    public static func z(confidence: Double) -> Double {
        inverseNormal(1 - (1 - confidence) / 2)
    }

    /// The interval for `successes` out of `trials`; `nil` when there are no trials.
    public static func interval(successes: Int, trials: Int, z: Double) -> (lower: Double, upper: Double)? {
        guard trials > 0 else { return nil }
        let n = Double(trials), q = Double(successes) / n
        let denominator = 1 + z * z / n
        let center = (q + z * z / (2 * n)) / denominator
        let half = z * (q * (1 - q) / n + z * z / (4 * n * n)).squareRoot() / denominator
        return (min(max(center - half, 0), 1), min(max(center + half, 0), 1))
    }

    /// The standard normal quantile (Acklam's rational approximation refined by one
    /// Halley step on erfc, accurate to double precision).
    static func inverseNormal(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                 -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                 -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        var x: Double
        if p < 0.02425 {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - 0.02425 {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        return x - u / (1 + x * u / 2)
    }
}

import Foundation

/// Computes metrics on a set of predictions, optionally on a resample of its rows.
///
/// Sorting by score (for ROC AUC and average precision) happens once, here, and is
/// shared by every evaluation, resamples included.
public struct MetricEvaluator: Sendable {
    /// The predictions.
    public let predictions: Predictions
    private let order: ScoreOrder?
    /// The counts of all rows, computed once for every metric on them.
    private let whole: ClassificationMetrics?
    /// How many rows each row stands for (rows grouped by the server), or nil: one each.
    /// Every metric then sees the rows repeated, exactly as the table holds them.
    public let multiplicities: [UInt32]?

    /// Prepares an evaluator; `ranking` sorts the scores up front, for ROC AUC and
    /// average precision; `multiplicities` says how many rows each row stands for.
    public init(_ predictions: Predictions, multiplicities: [UInt32]? = nil, ranking: Bool = true) {
        var order: ScoreOrder?
        if ranking, case .classification(let data) = predictions, data.scoreWidth > 0 {
            order = ScoreOrder(data)
        }
        self.init(predictions, order: order, multiplicities: multiplicities)
    }

    /// Prepares an evaluator, sorting the scores on both cores.
    public static func prepare(_ predictions: Predictions) async -> MetricEvaluator {
        guard case .classification(let data) = predictions, data.scoreWidth > 0 else {
            return MetricEvaluator(predictions, order: nil)
        }
        return MetricEvaluator(predictions, order: await ScoreOrder.make(data))
    }

    private init(_ predictions: Predictions, order: ScoreOrder?, multiplicities: [UInt32]? = nil) {
        self.predictions = predictions
        self.order = order
        self.multiplicities = multiplicities
        if case .classification(let data) = predictions {
            whole = ClassificationMetrics(data, counts: multiplicities, order: order)
        } else {
            whole = nil
        }
    }

    /// The metric on all rows, or on a resample where row `i` is drawn `counts[i]` times
    /// (of predictions without multiplicities: a resample draws rows, not groups).
    public func value(_ metric: Metric, counts: [UInt32]? = nil) -> MetricValue {
        precondition(counts == nil || multiplicities == nil, "a resample of grouped rows")
        switch predictions {
        case .classification(let data):
            guard metric.tasks.contains(.binary) || metric.tasks.contains(.multiclass) else {
                return .undefined("\(metric.name) is a regression metric")
            }
            if metric.needsScores, data.scoreWidth == 0 {
                return .undefined("\(metric.name) needs scores (probabilities): name a score column")
            }
            let metrics = counts == nil ? whole! : ClassificationMetrics(data, counts: counts, order: order)
            return metrics.value(of: metric)
        case .regression(let data):
            return RegressionMetrics(data, counts: counts, multiplicities: multiplicities).value(of: metric)
        }
    }

    /// Several metrics on all rows; a binary model's ROC AUC and average precision come
    /// from one pass down its ranking.
    public func values(_ metrics: [Metric]) -> [MetricValue] {
        var curve: RankingMetrics.BinaryCurve?
        if case .classification = predictions, let order,
            metrics.contains(where: { if case .rocAUC(nil, _) = $0 { true } else { false } }),
            metrics.contains(.averagePrecision(.binary))
        {
            curve = RankingMetrics(whole!, order: order).binaryCurve()
        }
        return metrics.map { metric in
            switch (metric, curve) {
            case (.rocAUC(nil, _), let curve?): curve.rocAUC
            case (.averagePrecision(.binary), let curve?): curve.averagePrecision
            default: value(metric)
            }
        }
    }

    /// A binary model's ROC and precision–recall curves, at most `limit` points each.
    public func curves(limit: Int = 200) -> [CurveReport] {
        // Evenly spaced thresholds, the last one always kept.
        guard let whole, let order, let (thinned, (lastTrue, lastFalse)) = RankingMetrics(whole, order: order).binaryPoints(limit: limit),
            lastTrue > 0, lastFalse > 0
        else { return [] }
        let last = (truePositives: lastTrue, falsePositives: lastFalse)
        var kept = thinned
        if kept.last.map({ $0 != last }) ?? true { kept.append(last) }
        let roc = CurveReport(
            name: "roc", xLabel: "false positive rate", yLabel: "true positive rate",
            x: [0] + kept.map { $0.falsePositives / last.falsePositives },
            y: [0] + kept.map { $0.truePositives / last.truePositives },
            area: value(.rocAUC(nil, .macro)).number)
        let precisionRecall = CurveReport(
            name: "precision_recall", xLabel: "recall", yLabel: "precision",
            x: kept.map { $0.truePositives / last.truePositives },
            y: kept.map { $0.truePositives / ($0.truePositives + $0.falsePositives) },
            area: value(.averagePrecision(.binary)).number)
        return [roc, precisionRecall]
    }

    /// The weighted confusion matrix (rows: true class, columns: predicted class, in
    /// class order), for classifiers.
    public func confusionMatrix() -> [[Double]]? {
        whole?.confusion
    }
}

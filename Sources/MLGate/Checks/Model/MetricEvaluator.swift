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
    /// A binary model's ROC AUC and average precision on all rows, and how many distinct
    /// thresholds its curves have: one pass down the ranking for every metric and curve
    /// that needs them.
    private let ranked: (curve: RankingMetrics.BinaryCurve, points: Int)?
    /// The curves' points at ``curveLimit``, when the pass that made ``ranked`` kept them.
    private let rankedPoints: RankingMetrics.CurveSink?

    /// Prepares an evaluator; `ranking` sorts the scores up front, for ROC AUC and
    /// average precision; `multiplicities` says how many rows each row stands for.
    public init(_ predictions: Predictions, multiplicities: [UInt32]? = nil, ranking: Bool = true) {
        var order: ScoreOrder?
        if ranking, case .classification(let data) = predictions, data.scoreWidth > 0 {
            order = ScoreOrder(data)
        }
        self.init(predictions, order: order, multiplicities: multiplicities)
    }

    /// Prepares an evaluator as `init(_:multiplicities:)` does, sorting the scores on both cores.
    public static func prepare(_ predictions: Predictions, multiplicities: [UInt32]? = nil) async -> MetricEvaluator {
        guard case .classification(let data) = predictions, data.scoreWidth > 0 else {
            return MetricEvaluator(predictions, order: nil, multiplicities: multiplicities)
        }
        return MetricEvaluator(predictions, order: await ScoreOrder.make(data), multiplicities: multiplicities)
    }

    /// The order of the predictions' scores, sorted on both cores; nil without scores.
    /// With ``init(_:order:multiplicities:)`` it splits ``prepare(_:multiplicities:)``
    /// in two, so that a caller computes the metrics that need no ranking while the
    /// evaluator makes its one pass down the ranking (on one core), not while the
    /// scores are sorted (on all of them).
    static func scoreOrder(_ predictions: Predictions) async -> ScoreOrder? {
        guard case .classification(let data) = predictions, data.scoreWidth > 0 else { return nil }
        return await ScoreOrder.make(data)
    }

    /// An evaluator of predictions whose scores' order has been made
    /// (``scoreOrder(_:)``; nil: none).
    init(_ predictions: Predictions, order: ScoreOrder?, multiplicities: [UInt32]? = nil) {
        self.predictions = predictions
        self.order = order
        self.multiplicities = multiplicities
        if case .classification(let data) = predictions {
            let whole = ClassificationMetrics(data, counts: multiplicities, order: order)
            self.whole = whole
            if let order, let fused = RankingMetrics(whole, order: order).binaryCurveAndPoints(limit: Self.curveLimit) {
                ranked = (fused.curve, fused.points)
                rankedPoints = fused.sink
            } else {
                ranked = order.flatMap { RankingMetrics(whole, order: $0).countedBinaryCurve() }
                rankedPoints = nil
            }
        } else {
            whole = nil
            ranked = nil
            rankedPoints = nil
        }
    }

    /// The evaluator a resample of these rows is evaluated with: itself, or without the
    /// multiplicities of rows a server grouped (a resample's counts take their place), its
    /// scores' order kept (no second sort).
    func resampling() -> MetricEvaluator {
        multiplicities == nil ? self : MetricEvaluator(predictions, order: order)
    }

    /// The metric on all rows, or on a resample where row `i` is drawn `counts[i]` times
    /// (of predictions without multiplicities: the bootstrap resamples its own distinct
    /// rows, ``PairedBootstrap``).
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
            if counts == nil, let ranked {
                switch metric {
                case .rocAUC(nil, _): return ranked.curve.rocAUC
                case .averagePrecision(.binary): return ranked.curve.averagePrecision
                default: break
                }
            }
            let metrics = counts == nil ? whole! : ClassificationMetrics(data, counts: counts, order: order)
            return metrics.value(of: metric)
        case .regression(let data):
            return RegressionMetrics(data, counts: counts, multiplicities: multiplicities).value(of: metric)
        }
    }

    /// Several metrics on all rows (a binary model's ROC AUC and average precision come
    /// from the one pass down its ranking made up front).
    public func values(_ metrics: [Metric]) -> [MetricValue] {
        metrics.map { value($0) }
    }

    /// How many points each curve of a report keeps at most.
    public static let curveLimit = 200

    /// A binary model's ROC and precision–recall curves, at most `limit` points each.
    public func curves(limit: Int = curveLimit) -> [CurveReport] {
        guard let whole, let order, let ranked,
            let sink = limit == Self.curveLimit && rankedPoints != nil
                ? rankedPoints : RankingMetrics(whole, order: order).binaryPoints(limit: limit, count: ranked.points)
        else { return [] }
        return CurveReport.binary(
            sink, rocAUC: value(.rocAUC(nil, .macro)).number, averagePrecision: value(.averagePrecision(.binary)).number)
    }

    /// The weighted confusion matrix (rows: true class, columns: predicted class, in
    /// class order), for classifiers.
    public func confusionMatrix() -> [[Double]]? {
        whole?.confusion
    }
}

extension CurveReport {
    /// A binary model's ROC and precision–recall curves through the points `sink` kept
    /// (evenly spaced thresholds, the last one always kept), with the areas the metrics
    /// report; none when the labels hold only one class.
    static func binary(_ sink: RankingMetrics.CurveSink, rocAUC: Double?, averagePrecision: Double?) -> [CurveReport] {
        guard let (lastTrue, lastFalse) = sink.last, lastTrue > 0, lastFalse > 0 else { return [] }
        let last = (truePositives: lastTrue, falsePositives: lastFalse)
        var kept = sink.kept.map { (truePositives: $0.0, falsePositives: $0.1) }
        if kept.last.map({ $0 != last }) ?? true { kept.append(last) }
        let roc = CurveReport(
            name: "roc", xLabel: "false positive rate", yLabel: "true positive rate",
            x: [0] + kept.map { $0.falsePositives / last.falsePositives },
            y: [0] + kept.map { $0.truePositives / last.truePositives },
            area: rocAUC)
        let precisionRecall = CurveReport(
            name: "precision_recall", xLabel: "recall", yLabel: "precision",
            x: kept.map { $0.truePositives / last.truePositives },
            y: kept.map { $0.truePositives / ($0.truePositives + $0.falsePositives) },
            area: averagePrecision)
        return [roc, precisionRecall]
    }
}

/// One pass down a binary ranking, one distinct score at a time from the highest: ROC
/// AUC's area and average precision's sum accumulated as scikit-learn's
/// `_binary_clf_curve` gives them (weighted cumulative true and false positives at each
/// threshold), and the curves' points kept by a ``RankingMetrics/CurveSink``. The rows
/// may be in memory, sorted (``RankingMetrics``), or streamed by a server in score order
/// (``BinaryScoreSums``): the same arithmetic in the same order either way.
struct RankingPass: Sendable {
    /// The positive and negative weight passed so far.
    private(set) var positives = 0.0
    private(set) var negatives = 0.0
    private var area = 0.0
    private var precisionSum = 0.0
    private var previousRecallPositives = 0.0
    /// Where the points go, if they are kept.
    var sink: RankingMetrics.CurveSink?

    init(sink: RankingMetrics.CurveSink? = nil) {
        self.sink = sink
    }

    /// The pass an engine made (``BinaryRankingPushdown``): its positive and negative
    /// weight, ROC AUC's area and average precision's sum, and the points it kept.
    init(positives: Double, negatives: Double, area: Double, precisionSum: Double, sink: RankingMetrics.CurveSink?) {
        (self.positives, self.negatives, self.area, self.precisionSum) = (positives, negatives, area, precisionSum)
        previousRecallPositives = positives
        self.sink = sink
    }

    /// Passes the rows of the next distinct score (lower than the last): their positive
    /// and negative weight. A score whose rows weigh nothing is no threshold.
    @inline(__always)
    mutating func close(positives groupPositives: Double, negatives groupNegatives: Double) {
        guard groupPositives > 0 || groupNegatives > 0 else { return }
        area += groupNegatives * (positives + groupPositives / 2)
        positives += groupPositives
        negatives += groupNegatives
        // Precision at this threshold times the recall gained since the previous one.
        let predicted = positives + negatives
        let precision = predicted > 0 ? positives / predicted : 0
        precisionSum += (positives - previousRecallPositives) * precision
        previousRecallPositives = positives
        sink?.append((positives, negatives))
    }

    /// ROC AUC and average precision of the rows passed.
    var curve: RankingMetrics.BinaryCurve {
        let rocAUC: MetricValue =
            positives > 0 && negatives > 0
            ? .value(area / (positives * negatives))
            : .undefined("only one class present in the labels: ROC AUC is not defined")
        // No positive rows: scikit-learn sets recall to 1 at every threshold, giving 0.
        let averagePrecision: MetricValue = .value(positives > 0 ? precisionSum / positives : 0)
        return RankingMetrics.BinaryCurve(rocAUC: rocAUC, averagePrecision: averagePrecision)
    }
}

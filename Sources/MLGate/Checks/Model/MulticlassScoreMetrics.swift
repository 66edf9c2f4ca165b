/// A multiclass model's metrics from ``MulticlassScoreSums`` and, for the ranking
/// metrics, ``MulticlassRankingSums``: the same values as ``MetricEvaluator`` gives on
/// the rows they were made of (``RankingMetrics``' averages, ``ClassificationMetrics``'
/// log loss, Brier score and top-k accuracy), in the classes' final order.
struct MulticlassScoreMetrics: Sendable {
    /// The metrics of the confusion counts.
    let counts: ClassificationMetrics
    /// Σ m, Σ m·(−log p(label)), Σ m·Σ_c (p_c − [c = label])².
    let weight: Double
    let logLoss: Double
    let brier: Double
    /// Σ m by how many classes rank above the label's.
    let ranksAbove: [Double]
    /// By final class: the labels' weight, and whether some row holds the label.
    let support: [Double]
    let inTruth: [Bool]
    /// By final class: its one-vs-rest ranking; by pair of final classes (a, b): the
    /// ranking of a's and b's rows by a's score; the pooled ranking. Nil without a
    /// ranking read (no check needs one).
    let oneVersusRest: [RankingPass]?
    let pairs: [[RankingPass]]?
    let pooled: RankingPass?
    /// Whether the rows have sample weights (one-vs-one ROC AUC refuses them, as scikit-learn does).
    let weighted: Bool

    /// The metrics of `rows` (codes named by `rowNames`) and `ranking` (codes named by
    /// `rankingNames`, score columns of the classes `columnClasses`), with `classes` as
    /// the loader resolved them.
    init(
        classes: ClassificationPredictions, rows: MulticlassScoreSums, rowNames: [String], ranking: MulticlassRankingSums?,
        rankingNames: [String], columnClasses: [String], weighted: Bool
    ) {
        let names = classes.classes, count = names.count
        let classOf = rowNames.map { names.firstIndex(of: $0)! }
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        var present = [Bool](repeating: false, count: count)
        var support = [Double](repeating: 0, count: count), inTruth = [Bool](repeating: false, count: count)
        for label in rows.confusion.indices {
            for predicted in rows.confusion[label].indices where rows.seen[label][predicted] {
                matrix[classOf[label]][classOf[predicted]] += rows.confusion[label][predicted]
                present[classOf[label]] = true
                present[classOf[predicted]] = true
            }
            support[classOf[label]] += rows.labelWeight[label]
            if rows.labelSeen[label] { inTruth[classOf[label]] = true }
        }
        counts = ClassificationMetrics(classes: classes, confusion: matrix, presentLabels: present.indices.filter { present[$0] })
        weight = rows.weightTotal
        logLoss = rows.logLossSum
        brier = rows.brierSum
        ranksAbove = rows.ranksAbove
        self.support = support
        self.inTruth = inTruth
        self.weighted = weighted
        guard let ranking else {
            oneVersusRest = nil
            pairs = nil
            pooled = nil
            return
        }
        // Final class → its score column; final class → its code in the ranking read.
        let column = names.map { columnClasses.firstIndex(of: $0)! }
        let code = names.map { rankingNames.firstIndex(of: $0) ?? rankingNames.count }
        oneVersusRest = column.map { ranking.oneVersusRest[$0] }
        pairs = (0..<count).map { a in (0..<count).map { b in ranking.pair(column[a], code[b]) } }
        pooled = ranking.pooled
    }

    /// The metric's value, or why it is undefined.
    func value(of metric: Metric) -> MetricValue {
        guard metric.tasks.contains(.binary) || metric.tasks.contains(.multiclass) else {
            return .undefined("\(metric.name) is a regression metric")
        }
        switch metric {
        case .logLoss: return weight > 0 ? .value(logLoss / weight) : .undefined("no rows")
        case .brierScore: return weight > 0 ? .value(brier / weight) : .undefined("no rows")
        case .topKAccuracy(let k): return weight > 0 ? .value(ranksAbove.prefix(max(0, k)).reduce(0, +) / weight) : .undefined("no rows")
        case .rocAUC(.ovr?, let average): return oneVersusRestAverage(average, auc: true)
        case .averagePrecision(let average) where average == .macro || average == .weighted:
            return oneVersusRestAverage(average, auc: false)
        case .rocAUC(.ovo?, let average): return oneVersusOne(average)
        case .averagePrecision(.micro):
            guard let pooled else { return .undefined("not ranked") }
            return pooled.curve.averagePrecision
        default: return counts.value(of: metric)
        }
    }

    private var classNames: [String] { counts.data.classes }

    /// As ``RankingMetrics``' one-vs-rest average.
    private func oneVersusRestAverage(_ average: MetricAverage, auc: Bool) -> MetricValue {
        guard let oneVersusRest else { return .undefined("not ranked") }
        let values = oneVersusRest.map { auc ? $0.curve.rocAUC : $0.curve.averagePrecision }
        return RankingMetrics.oneVersusRest(values, supports: support, classes: classNames, average: average)
    }

    /// As ``RankingMetrics``' one-vs-one (Hand & Till) average.
    private func oneVersusOne(_ average: MetricAverage) -> MetricValue {
        if weighted { return RankingMetrics.weightedOneVersusOne }
        guard let pairs else { return .undefined("not ranked") }
        return RankingMetrics.oneVersusOne(inTruth: inTruth, supports: support, classes: classNames, average: average) { a, b in
            (pairs[a][b].curve.rocAUC, pairs[b][a].curve.rocAUC)
        }
    }
}

extension MulticlassScoreMetrics: ComputedMetrics {}

import Foundation

/// A binary classifier's metrics gathered in one pass over rows that arrive in
/// descending score order, each standing for several rows of the table (a server grouped
/// them, ``DatabaseTable/Grouping/ranked(score:)``): the confusion counts, the log loss
/// and Brier sums, and the ranking (``RankingPass``). Nothing grows with the table.
///
/// Each row weighs its multiplicity times its sample weight (1 without a weight column),
/// as ``RowWeights`` weighs a row in memory; which classes are present is decided by the
/// rows, whatever they weigh, as ``ClassificationMetrics`` decides it.
///
/// Classes are the predictions loader's provisional codes (order of first appearance)
/// until ``metrics(classes:names:)`` resolves them: which class is positive is known
/// only once every row is in, so the sums are kept for each code taken as the positive
/// class (a binary model has two; a third is the loader's error).
struct BinaryScoreSums: Sendable {
    /// Codes kept apart; the loader refuses a binary model with more than two classes.
    static let codes = 4

    /// The table's rows passed (their multiplicities added), and their weight.
    private(set) var rows = 0
    private(set) var weightTotal = 0.0
    /// Σ m per (label, predicted) code, `label * codes + predicted`: with a prediction column.
    private var confusion = [Double](repeating: 0, count: codes * codes)
    /// Σ m per label code of the rows at or above the threshold, and below it: without
    /// one (the prediction is then the positive class at or above the threshold).
    private var atOrAbove = [Double](repeating: 0, count: codes)
    private var below = [Double](repeating: 0, count: codes)
    /// Which cells of `confusion`, `atOrAbove` and `below` some row fell in, whatever
    /// its weight: a class is present when a row holds it.
    private var seenConfusion = [Bool](repeating: false, count: codes * codes)
    private var seenAtOrAbove = [Bool](repeating: false, count: codes)
    private var seenBelow = [Bool](repeating: false, count: codes)
    /// Σ m per label code.
    private var labelWeight = [Double](repeating: 0, count: codes)
    /// Per label code: Σ m·(−log p) and Σ m·(−log(1 − p)), p clipped to [ε, 1 − ε]; Σ m·(p − 1)² and Σ m·p².
    private var lossIfPositive = [CompensatedSum](repeating: CompensatedSum(), count: codes)
    private var lossIfNegative = [CompensatedSum](repeating: CompensatedSum(), count: codes)
    private var brierIfPositive = [CompensatedSum](repeating: CompensatedSum(), count: codes)
    private var brierIfNegative = [CompensatedSum](repeating: CompensatedSum(), count: codes)
    /// The ranking with each code as the positive class.
    private var passes: [RankingPass]
    /// Σ m per label code of the rows at the current score, and their total.
    private var group = [Double](repeating: 0, count: codes)
    private(set) var groupWeight = 0.0
    /// The distinct scores passed.
    private(set) var points = 0

    /// Sums that keep the curves' points (`curvePoints`: how many distinct scores the
    /// rows have, from the server) or not (nil: a slice's, or not known yet).
    init(curvePoints: Int?) {
        passes = Array(repeating: RankingPass(), count: Self.codes)
        if let curvePoints { keepCurves(points: curvePoints) }
    }

    /// Keeps the curves' points from now on, thinned from `points` distinct scores: told
    /// before the first score is closed.
    mutating func keepCurves(points: Int) {
        precondition(self.points == 0, "the curves' points are kept from the first score")
        for code in passes.indices { passes[code].sink = RankingMetrics.CurveSink(points: points, limit: MetricEvaluator.curveLimit) }
    }

    /// Whether every metric of `metrics` is answered from these sums: a binary model's
    /// counts, sums and ranking (not one-vs-rest or one-vs-one averages, which need a
    /// score per class).
    static func answers(_ metrics: [Metric]) -> Bool {
        metrics.allSatisfy { metric in
            switch metric {
            case .rocAUC(let strategy, _): strategy == nil
            case .averagePrecision(let average): average == .binary
            default: true
            }
        }
    }

    /// Passes a row at the current score (or lower than the last row's, after
    /// ``closeScore()``): label and predicted class codes (nil: no prediction column),
    /// its score, how many rows it stands for and each one's sample weight.
    @inline(__always)
    mutating func add(label: Int, predicted: Int?, score: Double, multiplicity: UInt32, weight: Double = 1, threshold: Double) {
        add(label: label, predicted: predicted, score: score, multiplicity: multiplicity, weight: weight, threshold: threshold, terms: Terms(score))
    }

    /// A row's log loss and Brier terms with either class as its label, computed once
    /// for every resample that draws the row (``ResampledBinarySums``).
    struct Terms {
        /// −log p and −log(1 − p), p clipped to [ε, 1 − ε]; (p − 1)² and p².
        var lossIfPositive, lossIfNegative, brierIfPositive, brierIfNegative: Double

        @inline(__always)
        init(_ score: Double) {
            let epsilon = Double.ulpOfOne
            lossIfPositive = -Foundation.log(min(max(score, epsilon), 1 - epsilon))
            lossIfNegative = -Foundation.log(min(max(1 - score, epsilon), 1 - epsilon))
            brierIfPositive = (score - 1) * (score - 1)
            brierIfNegative = score * score
        }
    }

    /// Passes a row as ``add(label:predicted:score:multiplicity:weight:threshold:)``
    /// does, with its terms computed.
    @inline(__always)
    mutating func add(label: Int, predicted: Int?, score: Double, multiplicity: UInt32, weight: Double, threshold: Double, terms: Terms) {
        let m = Double(multiplicity) * weight
        rows += Int(multiplicity)
        weightTotal += m
        if let predicted {
            confusion[label * Self.codes + predicted] += m
            seenConfusion[label * Self.codes + predicted] = true
        } else if score >= threshold {
            atOrAbove[label] += m
            seenAtOrAbove[label] = true
        } else {
            below[label] += m
            seenBelow[label] = true
        }
        labelWeight[label] += m
        lossIfPositive[label].add(m * terms.lossIfPositive)
        lossIfNegative[label].add(m * terms.lossIfNegative)
        brierIfPositive[label].add(m * terms.brierIfPositive)
        brierIfNegative[label].add(m * terms.brierIfNegative)
        group[label] += m
        groupWeight += m
    }

    /// Ends the current score: its rows become one threshold of every ranking.
    mutating func closeScore() {
        guard groupWeight > 0 else { return }
        for code in 0..<Self.codes {
            passes[code].close(positives: group[code], negatives: groupWeight - group[code])
            group[code] = 0
        }
        groupWeight = 0
        points += 1
    }

    /// The metrics, once every row is in: `classes` as the loader resolved them (sorted,
    /// with the positive one), `names` the provisional codes' class names.
    func metrics(classes: ClassificationPredictions, names: [String]) -> BinaryScoreMetrics {
        let positive = classes.positiveClass ?? 1
        // A positive class that no row holds is a code no row has: every row is negative.
        let positiveCode = names.firstIndex(of: classes.classes[positive]) ?? names.count
        let classOf = names.map { classes.classes.firstIndex(of: $0)! }
        let count = classes.classes.count
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        var present = [Bool](repeating: false, count: count)
        func tally(_ label: Int, _ predicted: Int, _ weight: Double, seen: Bool) {
            guard seen else { return }
            matrix[label][predicted] += weight
            present[label] = true
            present[predicted] = true
        }
        for label in names.indices {
            for predicted in names.indices {
                let cell = label * Self.codes + predicted
                tally(classOf[label], classOf[predicted], confusion[cell], seen: seenConfusion[cell])
            }
            tally(classOf[label], positive, atOrAbove[label], seen: seenAtOrAbove[label])
            tally(classOf[label], 1 - positive, below[label], seen: seenBelow[label])
        }
        var weight = 0.0, loss = 0.0, brier = 0.0
        for code in names.indices {
            weight += labelWeight[code]
            loss += (code == positiveCode ? lossIfPositive[code] : lossIfNegative[code]).value
            brier += (code == positiveCode ? brierIfPositive[code] : brierIfNegative[code]).value
        }
        return BinaryScoreMetrics(
            counts: ClassificationMetrics(classes: classes, confusion: matrix, presentLabels: present.indices.filter { present[$0] }),
            ranking: passes[positiveCode], weight: weight, logLoss: loss, brier: brier)
    }
}

/// A binary classifier's metrics from ``BinaryScoreSums``: the same values as
/// ``MetricEvaluator`` gives on the rows the sums were made of.
struct BinaryScoreMetrics: Sendable {
    /// The metrics of the confusion counts.
    let counts: ClassificationMetrics
    /// The ranking with the positive class as positive.
    let ranking: RankingPass
    /// Σ m, Σ m·(−log p(label)) and Σ m·(p − outcome)².
    let weight: Double
    let logLoss: Double
    let brier: Double

    /// The metric's value, or why it is undefined.
    func value(of metric: Metric) -> MetricValue {
        guard metric.tasks.contains(.binary) || metric.tasks.contains(.multiclass) else {
            return .undefined("\(metric.name) is a regression metric")
        }
        switch metric {
        case .rocAUC(nil, _): return ranking.curve.rocAUC
        case .averagePrecision(.binary): return ranking.curve.averagePrecision
        case .logLoss: return weight > 0 ? .value(logLoss / weight) : .undefined("no rows")
        case .brierScore: return weight > 0 ? .value(brier / weight) : .undefined("no rows")
        default: return counts.value(of: metric)
        }
    }

    /// The ROC and precision–recall curves (the overall scope's: a slice's sums keep no points).
    var curves: [CurveReport] {
        guard let sink = ranking.sink else { return [] }
        return CurveReport.binary(
            sink, rocAUC: value(of: .rocAUC(nil, .macro)).number, averagePrecision: value(of: .averagePrecision(.binary)).number)
    }
}

/// ROC AUC and average precision, as scikit-learn computes them from its
/// `_binary_clf_curve` (distinct score thresholds, weighted cumulative counts).
struct RankingMetrics {
    let base: ClassificationMetrics
    let order: ScoreOrder

    init(_ base: ClassificationMetrics, order: ScoreOrder? = nil) {
        self.base = base
        self.order = order ?? base.order ?? ScoreOrder(base.data)
    }

    var data: ClassificationPredictions { base.data }

    func value(of metric: Metric) -> MetricValue {
        guard data.scoreWidth > 0 else { return .undefined("needs scores") }
        switch metric {
        case .rocAUC(nil, _):
            guard let positive = data.positiveClass else { return .undefined("no positive class") }
            return binary(column: 0, positive: Int32(positive), auc: true)
        case .rocAUC(.ovr, let average):
            return oneVersusRest(average: average, auc: true)
        case .rocAUC(.ovo, let average):
            return oneVersusOne(average: average)
        case .averagePrecision(.binary):
            guard let positive = data.positiveClass else { return .undefined("no positive class") }
            return binary(column: 0, positive: Int32(positive), auc: false)
        case .averagePrecision(let average):
            return average == .micro ? microAveragePrecision() : oneVersusRest(average: average, auc: false)
        default:
            return .undefined("not a ranking metric")
        }
    }

    /// One binary problem: rows in score column `column`'s order, present ones (and,
    /// with `pair`, only those whose label is one of the pair), positive where the label
    /// is `positive`. Plain values rather than closures keep this loop tight.
    /// The points of a binary model's ROC and precision–recall curves (cumulative
    /// weighted true and false positives at each distinct score, highest first), thinned
    /// to at most `limit` (``CurveSink/init(points:limit:)``). `count` is the number of
    /// points (``countedBinaryCurve()``): one pass down the ranking, not all the points in memory.
    func binaryPoints(limit: Int, count: Int) -> CurveSink? {
        guard data.scoreWidth == 1, let positive = data.positiveClass, count > 0 else { return nil }
        var thinned: CurveSink? = CurveSink(points: count, limit: limit)
        _ = curve(column: 0, positive: Int32(positive), pair: nil, collect: &thinned)
        return thinned
    }

    /// Keeps every `step`-th point of a curve (from the first), and the last.
    struct CurveSink: Sendable {
        let step: Int
        var count = 0
        var kept: [(Double, Double)] = []
        var last: (Double, Double)?

        init(step: Int) {
            self.step = step
        }

        /// Keeps at most `limit` of a curve's `points` (and the last), evenly spaced.
        init(points: Int, limit: Int) {
            self.init(step: max(1, (points + limit - 1) / limit))
        }

        /// The points an engine kept of a curve's `points` (``BinaryRankingPushdown``),
        /// thinned as ``init(points:limit:)`` thins them: nil when `kept` are not as many
        /// as that thinning keeps.
        init?(points: Int, limit: Int, kept: [(Double, Double)], last: (Double, Double)?) {
            self.init(points: points, limit: limit)
            guard points > 0 ? kept.count == (points - 1) / step + 1 && last != nil : kept.isEmpty && last == nil else { return nil }
            (count, self.kept, self.last) = (points, kept, last)
        }

        mutating func append(_ point: (Double, Double)) {
            if count % step == 0 { kept.append(point) }
            last = point
            count += 1
        }
    }

    private func curve(column: Int, positive: Int32, pair: (Int32, Int32)? = nil) -> BinaryCurve {
        var ignored: CurveSink? = nil
        return curve(column: column, positive: positive, pair: pair, collect: &ignored)
    }

    private func curve(column: Int, positive: Int32, pair: (Int32, Int32)?, collect: inout CurveSink?) -> BinaryCurve {
        let weights = base.rowWeights, counts = base.counts
        var pass = RankingPass(sink: collect)
        var groupPositives = 0.0, groupNegatives = 0.0
        let rows = order.columns[column], startsScore = order.startsScore[column]
        let sortedLabels = order.sortedLabels[column]
        let unweighted = data.weights == nil && counts == nil
        // Whether the score changed since the last row counted (rows left out between
        // two counted ones may be where it changed).
        var newScore = false
        for position in rows.indices {
            if startsScore[position] { newScore = true }
            let label = sortedLabels[position]
            if let pair, label != pair.0, label != pair.1 { continue }
            let weight = unweighted ? 1 : weights[Int(rows[position])]
            guard weight != 0 else { continue }
            if newScore {
                pass.close(positives: groupPositives, negatives: groupNegatives)
                groupPositives = 0
                groupNegatives = 0
                newScore = false
            }
            if label == positive { groupPositives += weight } else { groupNegatives += weight }
        }
        pass.close(positives: groupPositives, negatives: groupNegatives)
        collect = pass.sink
        return pass.curve
    }

    /// Both summaries of one pass down a binary problem's ranking.
    struct BinaryCurve {
        var rocAUC: MetricValue
        var averagePrecision: MetricValue
    }

    /// ROC AUC and average precision of a binary model, and the number of points of its
    /// curves (distinct thresholds), from one pass.
    func countedBinaryCurve() -> (curve: BinaryCurve, points: Int)? {
        guard data.scoreWidth == 1, let positive = data.positiveClass else { return nil }
        var counting: CurveSink? = CurveSink(step: Int.max)
        let result = curve(column: 0, positive: Int32(positive), pair: nil, collect: &counting)
        return (result, counting?.count ?? 0)
    }

    /// A binary model's ROC AUC and average precision and its curves' points thinned to
    /// at most `limit` (as ``binaryPoints(limit:count:)`` keeps them), in one pass down
    /// the ranking, when every row weighs one (no weights, no multiplicities): each
    /// distinct score is then a point, so the points are counted from the order's score
    /// boundaries before the pass instead of by a pass of their own. Nil otherwise.
    func binaryCurveAndPoints(limit: Int) -> (curve: BinaryCurve, points: Int, sink: CurveSink)? {
        guard data.scoreWidth == 1, let positive = data.positiveClass, data.weights == nil, base.counts == nil else {
            return nil
        }
        let starts = order.startsScore[0]
        guard !starts.isEmpty else { return nil }
        // The first row opens the first score whether or not it is marked; every later
        // mark opens another.
        let points = 1 + starts.withUnsafeBufferPointer { marks in
            // A mark is one byte, 0 or 1: their sum, which vectorizes, is their count.
            UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(marks)[1...]).reduce(0) { $0 &+ Int($1) }
        }
        var thinned: CurveSink? = CurveSink(points: points, limit: limit)
        let result = curve(column: 0, positive: Int32(positive), pair: nil, collect: &thinned)
        guard let sink = thinned, sink.count == points else { return nil }
        return (result, points, sink)
    }

    private func binary(column: Int, positive: Int32, pair: (Int32, Int32)? = nil, auc: Bool) -> MetricValue {
        let result = curve(column: column, positive: positive, pair: pair)
        return auc ? result.rocAUC : result.averagePrecision
    }

    private func oneVersusRest(average: MetricAverage, auc: Bool) -> MetricValue {
        var supportByClass = [Double](repeating: 0, count: base.classCount)
        for row in 0..<data.count where base.isPresent(row) {
            supportByClass[Int(data.labels[row])] += base.rowWeights[row]
        }
        let values = (0..<base.classCount).map { binary(column: $0, positive: Int32($0), auc: auc) }
        return Self.oneVersusRest(values, supports: supportByClass, classes: data.classes, average: average)
    }

    /// The one-vs-rest average of each class's `values` (ROC AUC or average precision),
    /// each class weighing its `supports` with `average` weighted.
    static func oneVersusRest(_ values: [MetricValue], supports: [Double], classes: [String], average: MetricAverage) -> MetricValue {
        var scores: [Double] = []
        for (c, value) in values.enumerated() {
            switch value {
            case .value(let score):
                scores.append(score)
            case .undefined(let reason):
                // scikit-learn's weighted average gives a class without support weight 0
                // (and so ignores its undefined score); the macro average is undefined.
                guard average == .weighted, supports[c] == 0 else {
                    return .undefined("class '\(classes[c])': \(reason)")
                }
                scores.append(0)
            }
        }
        guard !scores.isEmpty else { return .undefined("no classes") }
        if average == .weighted {
            let total = supports.reduce(0, +)
            guard total > 0 else { return .value(0) }
            return .value(zip(scores, supports).reduce(0) { $0 + $1.0 * $1.1 } / total)
        }
        return .value(scores.reduce(0, +) / Double(scores.count))
    }

    /// Hand & Till's pairwise AUC: for each pair of classes, the mean of the two AUCs
    /// on the rows of those two classes; macro or prevalence-weighted over pairs.
    private func oneVersusOne(average: MetricAverage) -> MetricValue {
        if data.weights != nil { return Self.weightedOneVersusOne }
        var supports = [Double](repeating: 0, count: base.classCount)
        // Pairs of the classes present among the labels, as scikit-learn's np.unique(y_true).
        var inTruth = [Bool](repeating: false, count: base.classCount)
        for row in 0..<data.count where base.isPresent(row) {
            supports[Int(data.labels[row])] += base.rowWeights[row]
            inTruth[Int(data.labels[row])] = true
        }
        return Self.oneVersusOne(inTruth: inTruth, supports: supports, classes: data.classes, average: average) { a, b in
            let pair = (Int32(a), Int32(b))
            return (binary(column: a, positive: pair.0, pair: pair, auc: true), binary(column: b, positive: pair.1, pair: pair, auc: true))
        }
    }

    /// One-vs-one ROC AUC of rows with sample weights.
    static let weightedOneVersusOne = MetricValue.undefined("scikit-learn does not support sample weights for one-vs-one ROC AUC")

    /// The one-vs-one average over the pairs of the classes `inTruth` (each class's
    /// label weight in `supports`): `pair(a, b)` gives the ROC AUC of a's and b's rows
    /// by a's score, and by b's.
    static func oneVersusOne(
        inTruth: [Bool], supports: [Double], classes: [String], average: MetricAverage, pair: (Int, Int) -> (MetricValue, MetricValue)
    ) -> MetricValue {
        let presentRows = supports.reduce(0, +)
        let present = inTruth.indices.filter { inTruth[$0] }
        var pairScores: [Double] = [], prevalences: [Double] = []
        for (position, a) in present.enumerated() {
            for b in present[(position + 1)...] {
                let (first, second) = pair(a, b)
                guard case .value(let x) = first, case .value(let y) = second else {
                    return .undefined("classes '\(classes[a])' and '\(classes[b])': " + ((first.reason ?? second.reason) ?? "undefined"))
                }
                pairScores.append((x + y) / 2)
                prevalences.append((supports[a] + supports[b]) / presentRows)
            }
        }
        guard !pairScores.isEmpty else { return .undefined("fewer than two classes") }
        if average == .weighted {
            let total = prevalences.reduce(0, +)
            return .value(zip(pairScores, prevalences).reduce(0) { $0 + $1.0 * $1.1 } / total)
        }
        return .value(pairScores.reduce(0, +) / Double(pairScores.count))
    }

    /// Micro-averaged average precision: every (row, class) pair as one binary decision,
    /// the pairs taken by descending score (equal scores in row, then class order) by
    /// merging the score columns' orders, without a list of pairs.
    private func microAveragePrecision() -> MetricValue {
        let width = data.scoreWidth, scores = data.scores, labels = data.labels
        let columns = order.columns, sortedLabels = order.sortedLabels
        var positives = 0.0
        for row in 0..<data.count where base.isPresent(row) && Int(labels[row]) < width { positives += base.rowWeights[row] }
        guard positives > 0 else { return .value(0) }
        var heads = ColumnHeads(width: width)
        var next = [Int](repeating: 0, count: width)
        // Each column's scores are read ahead a block at a time: independent reads of
        // rows far apart overlap, where one read per step would wait for each in turn.
        let block = 64
        var ahead = [Double](repeating: 0, count: width * block)
        var aheadStart = [Int](repeating: 0, count: width), aheadEnd = [Int](repeating: 0, count: width)
        /// Moves column `column` to its next present row; false when it has none left.
        func settle(_ column: Int) -> Bool {
            let rows = columns[column]
            var position = next[column]
            while position < rows.count, !base.isPresent(Int(rows[position])) { position += 1 }
            next[column] = position
            guard position < rows.count else { return false }
            if position >= aheadEnd[column] {
                let end = min(rows.count, position + block)
                for index in position..<end { ahead[column * block + index - position] = scores[Int(rows[index]) * width + column] }
                aheadStart[column] = position
                aheadEnd[column] = end
            }
            heads.score[column] = ahead[column * block + position - aheadStart[column]]
            heads.row[column] = rows[position]
            return true
        }
        for column in 0..<width where settle(column) { heads.push(column) }
        var seenPositive = 0.0, seenNegative = 0.0, previousPositives = 0.0, sum = 0.0
        while let first = heads.top {
            let score = heads.score[first]
            while let column = heads.top, heads.score[column] == score {
                let weight = base.rowWeights[Int(heads.row[column])]
                if weight != 0 {
                    if Int(sortedLabels[column][next[column]]) == column { seenPositive += weight } else { seenNegative += weight }
                }
                next[column] += 1
                if settle(column) { heads.siftDown() } else { heads.pop() }
            }
            let predicted = seenPositive + seenNegative
            let precision = predicted > 0 ? seenPositive / predicted : 0
            sum += (seenPositive - previousPositives) * precision
            previousPositives = seenPositive
        }
        return .value(sum / positives)
    }
}

/// The next pair of each score column while their orders are merged, and a binary heap
/// of the columns with pairs left: the highest score on top, then the lowest row, then
/// the lowest column.
private struct ColumnHeads {
    var score: [Double]
    var row: [Int32]
    private var heap: [Int] = []

    init(width: Int) {
        score = [Double](repeating: 0, count: width)
        row = [Int32](repeating: 0, count: width)
        heap.reserveCapacity(width)
    }

    var top: Int? { heap.first }

    @inline(__always)
    func precedes(_ a: Int, _ b: Int) -> Bool {
        let x = score[a], y = score[b]
        if x != y { return x > y }
        return row[a] != row[b] ? row[a] < row[b] : a < b
    }

    mutating func push(_ column: Int) {
        heap.append(column)
        var child = heap.count - 1
        while child > 0, precedes(heap[child], heap[(child - 1) / 2]) {
            heap.swapAt(child, (child - 1) / 2)
            child = (child - 1) / 2
        }
    }

    /// The top column's pair is gone.
    mutating func pop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        siftDown()
    }

    /// The top column's pair changed: restores the order.
    mutating func siftDown() {
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var best = parent
            if left < heap.count, precedes(heap[left], heap[best]) { best = left }
            if right < heap.count, precedes(heap[right], heap[best]) { best = right }
            if best == parent { return }
            heap.swapAt(parent, best)
            parent = best
        }
    }
}

extension MetricValue {
    /// Why the value is undefined, if it is.
    var reason: String? {
        if case .undefined(let reason) = self { return reason }
        return nil
    }
}

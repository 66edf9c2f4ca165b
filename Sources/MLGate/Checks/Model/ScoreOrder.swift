/// Row indices sorted by score, highest first, once per score column: the one sort that
/// ROC AUC and average precision need. The bootstrap reuses it for every resample.
public struct ScoreOrder: Sendable, Hashable {
    /// For each score column, the row indices by descending score (ties keep file order).
    public var columns: [[Int32]]
    /// For each score column, the scores' sort keys in that order (equal keys, equal
    /// scores): what the ranking pass compares to find thresholds.
    var sortedKeys: [[UInt64]]
    /// For each score column, the labels in that order: walking the order then reads
    /// memory front to back instead of jumping through the rows.
    var sortedLabels: [[Int32]]

    /// Sorts the rows of `data` by each of its score columns, on one core.
    public init(_ data: ClassificationPredictions) {
        self.init(data, sorted: (0..<data.scoreWidth).map { column in
            Self.radixSorted(Self.keys(data, column: column, rows: 0..<data.count), firstRow: 0)
        })
    }

    /// Sorts as `init(_:)` does on both cores: each column's two halves are sorted (and
    /// their labels gathered) on their own core, then merged from both ends at once, one
    /// core writing the front half of the result and the other the back half.
    public static func make(_ data: ClassificationPredictions) async -> ScoreOrder {
        let halves = [0..<data.count / 2, data.count / 2..<data.count]
        var sorted: [Sorted] = []
        for column in 0..<data.scoreWidth {
            let parts = await withTaskGroup(of: (Int, Sorted).self) { group in
                for (index, range) in halves.enumerated() {
                    group.addTask {
                        let part = radixSorted(keys(data, column: column, rows: range), firstRow: Int32(range.lowerBound))
                        return (index, Sorted(keys: part.keys, rows: part.rows, labels: gather(data.labels, part.rows)))
                    }
                }
                var parts = [Sorted](repeating: Sorted(keys: [], rows: [], labels: []), count: 2)
                for await (index, part) in group { parts[index] = part }
                return parts
            }
            sorted.append(await merged(parts[0], parts[1]))
        }
        return ScoreOrder(columns: sorted.map(\.rows), sortedKeys: sorted.map(\.keys), sortedLabels: sorted.map(\.labels))
    }

    private init(_ data: ClassificationPredictions, sorted: [(keys: [UInt64], rows: [Int32])]) {
        columns = sorted.map(\.rows)
        sortedKeys = sorted.map(\.keys)
        sortedLabels = sorted.map { Self.gather(data.labels, $0.rows) }
    }

    private init(columns: [[Int32]], sortedKeys: [[UInt64]], sortedLabels: [[Int32]]) {
        self.columns = columns
        self.sortedKeys = sortedKeys
        self.sortedLabels = sortedLabels
    }

    /// One sorted run: keys, their rows and those rows' labels.
    private struct Sorted: Sendable {
        var keys: [UInt64]
        var rows: [Int32]
        var labels: [Int32]
    }

    private static func gather(_ labels: [Int32], _ rows: [Int32]) -> [Int32] {
        labels.withUnsafeBufferPointer { labels in rows.map { labels[Int($0)] } }
    }

    /// Descending doubles map to ascending unsigned keys, and back.
    private static func key(of value: Double) -> UInt64 {
        let bits = (value == 0 ? 0.0 : value).bitPattern
        let ascending = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        return ~ascending
    }

    private static func keys(_ data: ClassificationPredictions, column: Int, rows: Range<Int>) -> [UInt64] {
        let width = data.scoreWidth
        return rows.map { key(of: data.scores[$0 * width + column]) }
    }

    /// Row indices by descending value, equal values in row order.
    static func descending(_ values: [Double]) -> [Int32] {
        radixSorted(values.map(key(of:)), firstRow: 0).rows
    }

    /// A stable LSD radix sort on 11-bit digits: six passes whose 2,048 buckets stay in
    /// the first-level cache (wider digits scatter across too many pages and were slower);
    /// every digit's histogram comes from one read of the keys, and a digit shared by all
    /// keys is skipped. Rows are numbered from `firstRow`.
    private static func radixSorted(_ input: [UInt64], firstRow: Int32) -> (keys: [UInt64], rows: [Int32]) {
        let count = input.count
        guard count > 1 else { return (input, (0..<Int32(count)).map { $0 + firstRow }) }
        let digitBits = 11, digits = 6, radix = 1 << digitBits, mask = UInt64(radix - 1)
        var histograms = [Int](repeating: 0, count: radix * digits)
        histograms.withUnsafeMutableBufferPointer { histogram in
            for key in input {
                for digit in 0..<digits {
                    histogram[digit * radix + Int((key >> UInt64(digit * digitBits)) & mask)] += 1
                }
            }
        }
        var keys = input
        var rows = [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer[index] = Int32(index) + firstRow }
            initialized = count
        }
        var keysBuffer = [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var rowsBuffer = [Int32](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        for digit in 0..<digits {
            let shift = UInt64(digit * digitBits), base = digit * radix
            // A digit shared by every key does not reorder anything.
            if histograms[base + Int((input[0] >> shift) & mask)] == count { continue }
            var total = 0
            for index in base..<(base + radix) {
                let bucket = histograms[index]
                histograms[index] = total
                total += bucket
            }
            histograms.withUnsafeMutableBufferPointer { histogram in
                keys.withUnsafeBufferPointer { keys in
                    rows.withUnsafeBufferPointer { rows in
                        keysBuffer.withUnsafeMutableBufferPointer { keysOut in
                            rowsBuffer.withUnsafeMutableBufferPointer { rowsOut in
                                for index in 0..<count {
                                    let key = keys[index]
                                    let slot = base + Int((key >> shift) & mask)
                                    let target = histogram[slot]
                                    histogram[slot] = target + 1
                                    keysOut[target] = key
                                    rowsOut[target] = rows[index]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &keysBuffer)
            swap(&rows, &rowsBuffer)
        }
        return (keys, rows)
    }

    /// Merges two sorted runs; on equal keys the first run's rows (the earlier rows)
    /// come first. One task merges the front half of the result and one the back half,
    /// from the end, so the merge takes about half the time on two cores.
    private static func merged(_ a: Sorted, _ b: Sorted) async -> Sorted {
        let total = a.keys.count + b.keys.count, frontCount = total / 2
        async let backPart = mergeBack(a, b, count: total - frontCount)
        var front = mergeFront(a, b, count: frontCount, capacity: total)
        let back = await backPart
        front.keys.append(contentsOf: back.keys)
        front.rows.append(contentsOf: back.rows)
        front.labels.append(contentsOf: back.labels)
        return front
    }

    /// The first `count` merged elements: the smaller key first, `a`'s on a tie.
    private static func mergeFront(_ a: Sorted, _ b: Sorted, count: Int, capacity: Int) -> Sorted {
        var keys = [UInt64](), rows = [Int32](), labels = [Int32]()
        keys.reserveCapacity(capacity)
        rows.reserveCapacity(capacity)
        labels.reserveCapacity(capacity)
        var i = 0, j = 0
        for _ in 0..<count {
            if j < b.keys.count, i == a.keys.count || b.keys[j] < a.keys[i] {
                keys.append(b.keys[j])
                rows.append(b.rows[j])
                labels.append(b.labels[j])
                j += 1
            } else {
                keys.append(a.keys[i])
                rows.append(a.rows[i])
                labels.append(a.labels[i])
                i += 1
            }
        }
        return Sorted(keys: keys, rows: rows, labels: labels)
    }

    /// The last `count` merged elements, in order, found from the end: the larger key
    /// last, `b`'s on a tie (so ties keep `a` before `b`, as the front merge does).
    private static func mergeBack(_ a: Sorted, _ b: Sorted, count: Int) -> Sorted {
        var keys = [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var rows = [Int32](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var labels = [Int32](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var i = a.keys.count - 1, j = b.keys.count - 1
        for position in stride(from: count - 1, through: 0, by: -1) {
            if i >= 0, j < 0 || a.keys[i] > b.keys[j] {
                keys[position] = a.keys[i]
                rows[position] = a.rows[i]
                labels[position] = a.labels[i]
                i -= 1
            } else {
                keys[position] = b.keys[j]
                rows[position] = b.rows[j]
                labels[position] = b.labels[j]
                j -= 1
            }
        }
        return Sorted(keys: keys, rows: rows, labels: labels)
    }
}

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
    /// The ROC and precision–recall curves of a binary model (cumulative weighted true
    /// and false positives at each distinct score, highest first).
    func binaryPoints() -> [(truePositives: Double, falsePositives: Double)]? {
        guard data.scoreWidth == 1, let positive = data.positiveClass else { return nil }
        var points: [(Double, Double)] = []
        _ = curve(column: 0, positive: Int32(positive), points: &points)
        return points.map { (truePositives: $0.0, falsePositives: $0.1) }
    }

    private func curve(column: Int, positive: Int32, pair: (Int32, Int32)? = nil) -> BinaryCurve {
        var ignored: [(Double, Double)]? = nil
        return curve(column: column, positive: positive, pair: pair, collect: &ignored)
    }

    private func curve(column: Int, positive: Int32, points: inout [(Double, Double)]) -> BinaryCurve {
        var collected: [(Double, Double)]? = []
        let result = curve(column: column, positive: positive, pair: nil, collect: &collected)
        points = collected ?? []
        return result
    }

    private func curve(column: Int, positive: Int32, pair: (Int32, Int32)?, collect: inout [(Double, Double)]?) -> BinaryCurve {
        let weights = base.rowWeights, counts = base.counts
        var positives = 0.0, negatives = 0.0
        var area = 0.0, precisionSum = 0.0
        var groupPositives = 0.0, groupNegatives = 0.0
        var previousScore: UInt64?
        var seenPositive = 0.0, seenNegative = 0.0
        var previousRecallPositives = 0.0

        func closeGroup() {
            guard groupPositives > 0 || groupNegatives > 0 else { return }
            area += groupNegatives * (seenPositive + groupPositives / 2)
            seenPositive += groupPositives
            seenNegative += groupNegatives
            // Precision at this threshold times the recall gained since the previous one.
            let predicted = seenPositive + seenNegative
            let precision = predicted > 0 ? seenPositive / predicted : 0
            precisionSum += (seenPositive - previousRecallPositives) * precision
            previousRecallPositives = seenPositive
            collect?.append((seenPositive, seenNegative))
            groupPositives = 0
            groupNegatives = 0
        }

        let rows = order.columns[column], sortedKeys = order.sortedKeys[column]
        let sortedLabels = order.sortedLabels[column]
        let unweighted = data.weights == nil && counts == nil
        for position in rows.indices {
            let label = sortedLabels[position]
            if let pair, label != pair.0, label != pair.1 { continue }
            let weight = unweighted ? 1 : weights[Int(rows[position])]
            guard weight != 0 else { continue }
            let score = sortedKeys[position]
            if score != previousScore {
                closeGroup()
                previousScore = score
            }
            if label == positive {
                groupPositives += weight
                positives += weight
            } else {
                groupNegatives += weight
                negatives += weight
            }
        }
        closeGroup()
        let rocAUC: MetricValue =
            positives > 0 && negatives > 0
            ? .value(area / (positives * negatives))
            : .undefined("only one class present in the labels: ROC AUC is not defined")
        // No positive rows: scikit-learn sets recall to 1 at every threshold, giving 0.
        let averagePrecision: MetricValue = .value(positives > 0 ? precisionSum / positives : 0)
        return BinaryCurve(rocAUC: rocAUC, averagePrecision: averagePrecision)
    }

    /// Both summaries of one pass down a binary problem's ranking.
    struct BinaryCurve {
        var rocAUC: MetricValue
        var averagePrecision: MetricValue
    }

    /// ROC AUC and average precision of a binary model, from one pass.
    func binaryCurve() -> BinaryCurve? {
        guard data.scoreWidth == 1, let positive = data.positiveClass else { return nil }
        return curve(column: 0, positive: Int32(positive))
    }

    private func binary(column: Int, positive: Int32, pair: (Int32, Int32)? = nil, auc: Bool) -> MetricValue {
        let result = curve(column: column, positive: positive, pair: pair)
        return auc ? result.rocAUC : result.averagePrecision
    }

    private func oneVersusRest(average: MetricAverage, auc: Bool) -> MetricValue {
        var scores: [Double] = [], supports: [Double] = []
        var supportByClass = [Double](repeating: 0, count: base.classCount)
        for row in 0..<data.count where base.isPresent(row) {
            supportByClass[Int(data.labels[row])] += base.rowWeights[row]
        }
        for c in 0..<base.classCount {
            let support = supportByClass[c]
            let value = binary(column: c, positive: Int32(c), auc: auc)
            switch value {
            case .value(let score):
                scores.append(score)
            case .undefined(let reason):
                // scikit-learn's weighted average gives a class without support weight 0
                // (and so ignores its undefined score); the macro average is undefined.
                guard average == .weighted, support == 0 else {
                    return .undefined("class '\(data.classes[c])': \(reason)")
                }
                scores.append(0)
            }
            supports.append(support)
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
        if data.weights != nil {
            return .undefined("scikit-learn does not support sample weights for one-vs-one ROC AUC")
        }
        let classes = base.classCount
        var pairScores: [Double] = [], prevalences: [Double] = []
        var presentRows = 0.0
        for row in 0..<data.count where base.isPresent(row) { presentRows += base.rowWeights[row] }
        // Pairs of the classes present among the labels, as scikit-learn's np.unique(y_true).
        var inTruth = [Bool](repeating: false, count: classes)
        for row in 0..<data.count where base.isPresent(row) { inTruth[Int(data.labels[row])] = true }
        let present = (0..<classes).filter { inTruth[$0] }
        for (position, a) in present.enumerated() {
            for b in present[(position + 1)...] {
                let pair = (Int32(a), Int32(b))
                let inPair: (Int) -> Bool = { let label = Int(data.labels[$0]); return label == a || label == b }
                let first = binary(column: a, positive: pair.0, pair: pair, auc: true)
                let second = binary(column: b, positive: pair.1, pair: pair, auc: true)
                guard case .value(let x) = first, case .value(let y) = second else {
                    return .undefined(
                        "classes '\(data.classes[a])' and '\(data.classes[b])': "
                            + ((first.reason ?? second.reason) ?? "undefined"))
                }
                pairScores.append((x + y) / 2)
                var rows = 0.0
                for row in 0..<data.count where base.isPresent(row) && inPair(row) { rows += base.rowWeights[row] }
                prevalences.append(rows / presentRows)
            }
        }
        guard !pairScores.isEmpty else { return .undefined("fewer than two classes") }
        if average == .weighted {
            let total = prevalences.reduce(0, +)
            return .value(zip(pairScores, prevalences).reduce(0) { $0 + $1.0 * $1.1 } / total)
        }
        return .value(pairScores.reduce(0, +) / Double(pairScores.count))
    }

    /// Micro-averaged average precision: every (row, class) pair as one binary decision.
    private func microAveragePrecision() -> MetricValue {
        let width = data.scoreWidth
        var pairs: [(score: Double, positive: Bool, weight: Double)] = []
        pairs.reserveCapacity(data.count * width)
        for row in 0..<data.count where base.isPresent(row) {
            let weight = base.rowWeights[row]
            for c in 0..<width {
                pairs.append((data.scores[row * width + c], Int(data.labels[row]) == c, weight))
            }
        }
        // Descending score; tied pairs form one threshold, so their order does not matter.
        let order = ScoreOrder.descending(pairs.map(\.score)).map { Int($0) }
        var positives = 0.0, seenPositive = 0.0, seenNegative = 0.0, previousPositives = 0.0, sum = 0.0
        for pair in pairs where pair.positive { positives += pair.weight }
        guard positives > 0 else { return .value(0) }
        var index = 0
        while index < order.count {
            let score = pairs[order[index]].score
            while index < order.count, pairs[order[index]].score == score {
                let pair = pairs[order[index]]
                if pair.weight != 0 {
                    if pair.positive { seenPositive += pair.weight } else { seenNegative += pair.weight }
                }
                index += 1
            }
            let predicted = seenPositive + seenNegative
            let precision = predicted > 0 ? seenPositive / predicted : 0
            sum += (seenPositive - previousPositives) * precision
            previousPositives = seenPositive
        }
        return .value(sum / positives)
    }
}

extension MetricValue {
    /// Why the value is undefined, if it is.
    var reason: String? {
        if case .undefined(let reason) = self { return reason }
        return nil
    }
}

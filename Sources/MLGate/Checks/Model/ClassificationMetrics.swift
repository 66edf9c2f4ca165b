import Foundation

/// Classification metrics, each computed as scikit-learn 1.9 computes it.
///
/// Rows can carry a multiplicity (`counts`): the paired bootstrap resamples by counting
/// how often each row is drawn, so that no resample copies the data. A row drawn zero
/// times is absent, exactly as if the resampled file did not contain it (which matters
/// for "the labels present"); its sample weight is multiplied by its count otherwise.
struct ClassificationMetrics {
    let data: ClassificationPredictions
    let counts: [UInt32]?
    /// Weight of each row, `weights × counts` (or 1).
    let rowWeights: RowWeights
    let classCount: Int
    /// `C[true][predicted]`, weighted.
    let confusion: [[Double]]
    /// Classes that occur as a label or a prediction in a present row (scikit-learn's
    /// `unique_labels(y_true, y_pred)`), ascending.
    let presentLabels: [Int]
    /// Rows sorted by each score column, when the caller has them (the bootstrap).
    let order: ScoreOrder?

    init(_ data: ClassificationPredictions, counts: [UInt32]? = nil, order: ScoreOrder? = nil) {
        self.data = data
        self.counts = counts
        self.order = order
        classCount = data.classes.count
        rowWeights = RowWeights(weights: data.weights, counts: counts, count: data.count)
        // One flat matrix, counted through pointers: this loop runs over every row.
        var flat = [Double](repeating: 0, count: classCount * classCount)
        // Which (truth, predicted) pairs occur in a present row, whatever its weight.
        var seen = [Bool](repeating: false, count: classCount * classCount)
        let classCount = self.classCount, rowWeights = self.rowWeights
        flat.withUnsafeMutableBufferPointer { cells in
            data.labels.withUnsafeBufferPointer { labels in
                data.predicted.withUnsafeBufferPointer { predicted in
                    if rowWeights.values == nil, counts == nil, classCount > 16 {
                        for row in 0..<labels.count {
                            cells[Int(labels[row]) * classCount + Int(predicted[row])] += 1
                        }
                        for cell in cells.indices { seen[cell] = cells[cell] > 0 }
                    } else if rowWeights.values == nil, counts == nil {
                        // Counted as integers in four interleaved tallies, so that rows in
                        // the same cell do not wait on each other's sums (exact either way).
                        let width = classCount * classCount
                        var tallies = [Int](repeating: 0, count: 4 * width)
                        tallies.withUnsafeMutableBufferPointer { tallies in
                            for row in 0..<labels.count {
                                tallies[(row & 3) * width + Int(labels[row]) * classCount + Int(predicted[row])] &+= 1
                            }
                        }
                        for cell in cells.indices {
                            cells[cell] = Double(tallies[cell] + tallies[width + cell] + tallies[2 * width + cell] + tallies[3 * width + cell])
                            seen[cell] = cells[cell] > 0
                        }
                    } else {
                        for row in 0..<labels.count where counts == nil || counts![row] > 0 {
                            let cell = Int(labels[row]) * classCount + Int(predicted[row])
                            cells[cell] += rowWeights[row]
                            seen[cell] = true
                        }
                    }
                }
            }
        }
        var present = [Bool](repeating: false, count: classCount)
        for truth in 0..<classCount {
            for predicted in 0..<classCount where seen[truth * classCount + predicted] {
                present[truth] = true
                present[predicted] = true
            }
        }
        confusion = (0..<classCount).map { Array(flat[$0 * classCount..<($0 + 1) * classCount]) }
        presentLabels = present.indices.filter { present[$0] }
    }

    func isPresent(_ row: Int) -> Bool { counts == nil || counts![row] > 0 }

    /// The metrics of a confusion matrix counted elsewhere (``BinaryScoreSums``, from
    /// rows streamed by a server): `data` holds the classes and no rows, so only the
    /// metrics of the counts are answered here.
    init(classes data: ClassificationPredictions, confusion: [[Double]], presentLabels: [Int]) {
        self.data = data
        counts = nil
        order = nil
        classCount = data.classes.count
        rowWeights = RowWeights(weights: nil, counts: nil, count: 0)
        self.confusion = confusion
        self.presentLabels = presentLabels
    }


    // MARK: Counts

    var total: Double { confusion.reduce(0) { $0 + $1.reduce(0, +) } }
    func truePositives(_ c: Int) -> Double { confusion[c][c] }
    func trueSum(_ c: Int) -> Double { confusion[c].reduce(0, +) }
    func predictedSum(_ c: Int) -> Double { confusion.reduce(0) { $0 + $1[c] } }

    // MARK: Metrics

    func value(of metric: Metric) -> MetricValue {
        switch metric {
        case .accuracy:
            let total = self.total
            guard total > 0 else { return .undefined("no rows") }
            return .value((0..<classCount).reduce(0) { $0 + confusion[$1][$1] } / total)
        case .balancedAccuracy:
            // Recall per class present in y_true ∪ y_pred; classes with no true rows give NaN and are dropped.
            let recalls = presentLabels.compactMap { c -> Double? in
                let support = trueSum(c)
                return support > 0 ? truePositives(c) / support : nil
            }
            guard !recalls.isEmpty else { return .undefined("no rows") }
            return .value(recalls.reduce(0, +) / Double(recalls.count))
        case .precision(let average):
            return fScore(average, beta: 0)
        case .recall(let average):
            return fScore(average, beta: .infinity)
        case .f1(let average):
            return fScore(average, beta: 1)
        case .fbeta(let average, let beta):
            return fScore(average, beta: beta)
        case .matthewsCorrcoef:
            return matthews()
        case .cohenKappa:
            return cohenKappa()
        case .specificity(let average), .falsePositiveRate(let average), .falseNegativeRate(let average):
            return rates(metric, average)
        case .logLoss:
            return logLoss()
        case .brierScore:
            return brierScore()
        case .topKAccuracy(let k):
            return topK(k)
        case .rocAUC, .averagePrecision:
            return RankingMetrics(self).value(of: metric)
        default:
            return .undefined("\(metric.name) is a regression metric")
        }
    }

    /// Precision (β = 0), recall (β = ∞) and F-β, as `precision_recall_fscore_support`
    /// with `zero_division="warn"` (a 0/0 ratio counts as 0).
    func fScore(_ average: MetricAverage, beta: Double) -> MetricValue {
        func score(tp: Double, predicted: Double, truth: Double) -> Double {
            if beta == 0 { return predicted > 0 ? tp / predicted : 0 }
            if beta.isInfinite { return truth > 0 ? tp / truth : 0 }
            let beta2 = beta * beta
            let denominator = beta2 * truth + predicted
            return denominator > 0 ? (1 + beta2) * tp / denominator : 0
        }
        switch average {
        case .binary:
            guard let positive = data.positiveClass else { return .undefined("no positive class") }
            return .value(score(tp: truePositives(positive), predicted: predictedSum(positive), truth: trueSum(positive)))
        case .micro:
            let labels = presentLabels
            let tp = labels.reduce(0) { $0 + truePositives($1) }
            let predicted = labels.reduce(0) { $0 + predictedSum($1) }
            let truth = labels.reduce(0) { $0 + trueSum($1) }
            return .value(score(tp: tp, predicted: predicted, truth: truth))
        case .macro, .weighted:
            let labels = presentLabels
            guard !labels.isEmpty else { return .undefined("no rows") }
            let scores = labels.map { score(tp: truePositives($0), predicted: predictedSum($0), truth: trueSum($0)) }
            if average == .macro { return .value(scores.reduce(0, +) / Double(scores.count)) }
            let supports = labels.map(trueSum)
            let totalSupport = supports.reduce(0, +)
            guard totalSupport > 0 else { return .value(0) }
            return .value(zip(scores, supports).reduce(0) { $0 + $1.0 * $1.1 } / totalSupport)
        }
    }

    func matthews() -> MetricValue {
        let labels = presentLabels
        let trueSums = labels.map(trueSum), predictedSums = labels.map(predictedSum)
        let samples = predictedSums.reduce(0, +)
        let correct = labels.reduce(0) { $0 + truePositives($1) }
        let dot = zip(trueSums, predictedSums).reduce(0) { $0 + $1.0 * $1.1 }
        let covTruePredicted = correct * samples - dot
        let covPredicted = samples * samples - predictedSums.reduce(0) { $0 + $1 * $1 }
        let covTrue = samples * samples - trueSums.reduce(0) { $0 + $1 * $1 }
        guard covPredicted * covTrue != 0 else { return .value(0) }
        return .value(covTruePredicted / (covTrue * covPredicted).squareRoot())
    }

    func cohenKappa() -> MetricValue {
        let labels = presentLabels
        let rowSums = labels.map(trueSum), columnSums = labels.map(predictedSum)
        let total = columnSums.reduce(0, +)
        guard total > 0 else { return .undefined("no rows") }
        var observed = 0.0, expected = 0.0
        for (i, a) in labels.enumerated() {
            for (j, b) in labels.enumerated() where i != j {
                observed += confusion[a][b]
                expected += columnSums[i] * rowSums[j] / total
            }
        }
        guard expected != 0 else { return .undefined("expected disagreement is 0 (a single class)") }
        return .value(1 - observed / expected)
    }

    /// Specificity, false positive and false negative rates. Binary: of the positive
    /// class (specificity is the negative class's recall, 0 when it has no rows, as
    /// scikit-learn's recall; fpr = 1 − specificity; fnr = 1 − recall). Multiclass: per
    /// class one against the rest, then the unweighted mean of the classes where the
    /// rate is defined (or weighted by support, or from pooled counts).
    func rates(_ metric: Metric, _ average: MetricAverage) -> MetricValue {
        if average == .binary {
            guard let positive = data.positiveClass else { return .undefined("no positive class") }
            let negative = 1 - positive
            let specificity = trueSum(negative) > 0 ? truePositives(negative) / trueSum(negative) : 0
            let recall = trueSum(positive) > 0 ? truePositives(positive) / trueSum(positive) : 0
            switch metric {
            case .specificity: return .value(specificity)
            case .falsePositiveRate: return .value(1 - specificity)
            default: return .value(1 - recall)
            }
        }
        let total = self.total
        var values: [Double] = [], supports: [Double] = []
        var pooled = (numerator: 0.0, denominator: 0.0)
        for c in 0..<classCount {
            let tp = truePositives(c)
            let fn = trueSum(c) - tp
            let fp = predictedSum(c) - tp
            let tn = total - tp - fn - fp
            let (numerator, denominator): (Double, Double)
            switch metric {
            case .specificity: (numerator, denominator) = (tn, tn + fp)
            case .falsePositiveRate: (numerator, denominator) = (fp, fp + tn)
            default: (numerator, denominator) = (fn, fn + tp)
            }
            pooled.numerator += numerator
            pooled.denominator += denominator
            if denominator > 0 {
                values.append(numerator / denominator)
                supports.append(trueSum(c))
            }
        }
        switch average {
        case .micro:
            return pooled.denominator > 0 ? .value(pooled.numerator / pooled.denominator) : .undefined("0/0")
        case .weighted:
            let weight = supports.reduce(0, +)
            return weight > 0 ? .value(zip(values, supports).reduce(0) { $0 + $1.0 * $1.1 } / weight) : .undefined("0/0")
        default:
            return values.isEmpty ? .undefined("0/0 for every class") : .value(values.reduce(0, +) / Double(values.count))
        }
    }

    /// The probability row `row` gives class `c`.
    func probability(_ row: Int, _ c: Int) -> Double {
        if data.scoreWidth == 1 {
            let p = data.scores[row]
            return c == data.positiveClass ? p : 1 - p
        }
        return data.scores[row * data.scoreWidth + c]
    }

    /// The positive class's scores of a binary model whose rows all weigh 1, with the
    /// labels: the common case, which the loss metrics sum through pointers.
    private func unweightedBinaryScores() -> BinaryScorePass? {
        guard data.scoreWidth == 1, let positive = data.positiveClass, counts == nil, rowWeights.values == nil else { return nil }
        return BinaryScorePass(labels: data.labels, scores: data.scores, positive: Int32(positive))
    }

    /// Log loss with probabilities clipped to [ε, 1 − ε], ε the float64 machine epsilon.
    func logLoss() -> MetricValue {
        guard data.scoreWidth > 0 else { return .undefined("needs scores") }
        let epsilon = Double.ulpOfOne
        if let binary = unweightedBinaryScores() {
            // Through pointers: this loop runs over every row.
            guard binary.count > 0 else { return .undefined("no rows") }
            let loss = binary.pass { score, positive in
                -Foundation.log(min(max(positive ? score : 1 - score, epsilon), 1 - epsilon))
            }
            return .value(loss / Double(binary.count))
        }
        // Compensated: a drop against a champion is the difference of two such sums,
        // which the rows a server streams add in another order (``MulticlassScoreSums``).
        var loss = CompensatedSum(), weight = 0.0
        for row in 0..<data.count where isPresent(row) {
            let p = min(max(probability(row, Int(data.labels[row])), epsilon), 1 - epsilon)
            loss.add(rowWeights[row] * -Foundation.log(p))
            weight += rowWeights[row]
        }
        guard weight > 0 else { return .undefined("no rows") }
        return .value(loss.value / weight)
    }

    /// Brier score: binary, the mean squared difference between the positive class's
    /// probability and the outcome; multiclass, the mean over rows of the summed squared
    /// differences over classes (scikit-learn ≥ 1.7).
    func brierScore() -> MetricValue {
        guard data.scoreWidth > 0 else { return .undefined("needs scores") }
        if let binary = unweightedBinaryScores() {
            guard binary.count > 0 else { return .undefined("no rows") }
            let sum = binary.pass { score, positive in
                let outcome: Double = positive ? 1 : 0
                return (score - outcome) * (score - outcome)
            }
            return .value(sum / Double(binary.count))
        }
        var sum = CompensatedSum(), weight = 0.0
        for row in 0..<data.count where isPresent(row) {
            let truth = Int(data.labels[row])
            var loss = 0.0
            if data.scoreWidth == 1, let positive = data.positiveClass {
                let outcome: Double = truth == positive ? 1 : 0
                loss = (data.scores[row] - outcome) * (data.scores[row] - outcome)
            } else {
                for c in 0..<classCount {
                    let difference = probability(row, c) - (c == truth ? 1 : 0)
                    loss += difference * difference
                }
                // scikit-learn halves the sum for two columns, so that it equals the binary form.
                if classCount == 2 { loss /= 2 }
            }
            sum.add(rowWeights[row] * loss)
            weight += rowWeights[row]
        }
        guard weight > 0 else { return .undefined("no rows") }
        return .value(sum.value / weight)
    }

    /// The share of rows whose true class is among the `k` highest scores; equal scores
    /// rank the later class first, as scikit-learn's reversed stable argsort does.
    func topK(_ k: Int) -> MetricValue {
        guard data.scoreWidth == classCount, classCount > 0 else { return .undefined("needs one score per class") }
        var hits = 0.0, weight = 0.0
        for row in 0..<data.count where isPresent(row) {
            let truth = Int(data.labels[row])
            let score = data.scores[row * classCount + truth]
            // Classes ranked above the true class: higher score, or equal score and a higher index.
            var above = 0
            for c in 0..<classCount where c != truth {
                let other = data.scores[row * classCount + c]
                if other > score || (other == score && c > truth) { above += 1 }
            }
            if above < k { hits += rowWeights[row] }
            weight += rowWeights[row]
        }
        guard weight > 0 else { return .undefined("no rows") }
        return .value(hits / weight)
    }
}

/// One pass over a binary model's rows that all weigh 1 (``ClassificationMetrics``'s loss
/// metrics): each row's term from its positive-class score and whether its label is the
/// positive class, summed in four interleaved partial sums (so that each addition does
/// not wait on the one before; like numpy's pairwise sum, this is nearer the exact sum
/// than one running total).
private struct BinaryScorePass {
    let labels: [Int32]
    let scores: [Double]
    let positive: Int32

    var count: Int { labels.count }

    @inline(__always)
    func pass(_ term: (Double, Bool) -> Double) -> Double {
        labels.withUnsafeBufferPointer { labels in
            scores.withUnsafeBufferPointer { scores in
                var sums: (Double, Double, Double, Double) = (0, 0, 0, 0)
                let count = labels.count, whole = count & ~3
                var row = 0
                while row < whole {
                    sums.0 += term(scores[row], labels[row] == positive)
                    sums.1 += term(scores[row &+ 1], labels[row &+ 1] == positive)
                    sums.2 += term(scores[row &+ 2], labels[row &+ 2] == positive)
                    sums.3 += term(scores[row &+ 3], labels[row &+ 3] == positive)
                    row &+= 4
                }
                while row < count {
                    sums.0 += term(scores[row], labels[row] == positive)
                    row &+= 1
                }
                return (sums.0 + sums.1) + (sums.2 + sums.3)
            }
        }
    }
}

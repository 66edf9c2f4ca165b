import Foundation

/// What each row of a multiclass model gives as a whole, gathered from rows a server
/// grouped (``DatabaseTable/Grouping/rows``) and sent in any order, each standing for
/// several rows of the table: the confusion counts, the log loss and Brier sums, how many
/// classes rank above the true one (top-k accuracy), and each class's weight. Nothing
/// grows with the table; ``MulticlassScoreMetrics`` turns them into metrics.
///
/// Each row weighs its multiplicity times its sample weight, as ``RowWeights`` weighs a
/// row in memory; which classes are present is decided by the rows, whatever they weigh,
/// as ``ClassificationMetrics`` decides it. Classes are the predictions loader's
/// provisional codes (order of first appearance) until the metrics resolve them.
struct MulticlassScoreSums: Sendable {
    /// Each score column's place in the classes' final order (sorted, or as declared):
    /// equal scores rank the later class above the earlier for top-k accuracy, as
    /// scikit-learn's reversed stable argsort does.
    let columnRanks: [Int]

    /// The table's rows passed (their multiplicities added), and their weight.
    private(set) var rows = 0
    private(set) var weightTotal = 0.0
    /// Σ m by label code, then predicted code, and whether some row fell there.
    private(set) var confusion: [[Double]] = []
    private(set) var seen: [[Bool]] = []
    /// Σ m by label code, and whether some row holds the label.
    private(set) var labelWeight: [Double] = []
    private(set) var labelSeen: [Bool] = []
    /// Σ m·(−log p(label)), p clipped to [ε, 1 − ε]; Σ m·Σ_c (p_c − [c = label])², halved for two classes.
    private var loss = CompensatedSum()
    private var brier = CompensatedSum()
    /// Σ m by how many classes rank above the label's.
    private(set) var ranksAbove: [Double]

    init(columnRanks: [Int]) {
        self.columnRanks = columnRanks
        ranksAbove = [Double](repeating: 0, count: max(1, columnRanks.count))
    }

    /// Passes a row: its label's and predicted class's codes, the score column of its
    /// label's class, its scores (one per score column; none for a model without score
    /// columns, whose sums are then its confusion counts), how many rows it stands for and
    /// each one's sample weight.
    mutating func add(label: Int, predicted: Int, labelColumn: Int, scores: ArraySlice<Double>, multiplicity: UInt32, weight: Double) {
        add(terms(label: label, predicted: predicted, labelColumn: labelColumn, scores: scores), multiplicity: multiplicity, weight: weight)
    }

    /// What a row adds for each of the rows it stands for, before its weight: its
    /// classes' codes and, with scores, −log p(label) (p clipped to [ε, 1 − ε]), its
    /// squared differences and how many classes rank above its label.
    struct Terms: Sendable {
        var label: Int
        var predicted: Int
        var scored: Bool
        var loss = 0.0
        var squares = 0.0
        var above = 0
    }

    /// A row's ``Terms``: computed once, added for every resample that draws it
    /// (``ResampledMulticlassSums``).
    func terms(label: Int, predicted: Int, labelColumn: Int, scores: ArraySlice<Double>) -> Terms {
        var terms = Terms(label: label, predicted: predicted, scored: !scores.isEmpty)
        guard !scores.isEmpty else { return terms }
        let first = scores.startIndex, width = scores.count
        let truth = scores[first + labelColumn]
        let epsilon = Double.ulpOfOne
        terms.loss = -Foundation.log(min(max(truth, epsilon), 1 - epsilon))
        var squares = 0.0, above = 0
        let truthRank = columnRanks[labelColumn]
        for column in 0..<width {
            let score = scores[first + column]
            let difference = score - (column == labelColumn ? 1 : 0)
            squares += difference * difference
            if column != labelColumn, score > truth || (score == truth && columnRanks[column] > truthRank) { above += 1 }
        }
        // scikit-learn halves the sum for two columns, so that it equals the binary form.
        if width == 2 { squares /= 2 }
        (terms.squares, terms.above) = (squares, above)
        return terms
    }

    /// Passes a row's terms, for `multiplicity` rows of `weight` each.
    mutating func add(_ terms: Terms, multiplicity: UInt32, weight: Double) {
        let m = Double(multiplicity) * weight
        rows += Int(multiplicity)
        weightTotal += m
        let codes = max(terms.label, terms.predicted) + 1
        if confusion.count < codes { grow(to: codes) }
        confusion[terms.label][terms.predicted] += m
        seen[terms.label][terms.predicted] = true
        labelWeight[terms.label] += m
        labelSeen[terms.label] = true
        guard terms.scored else { return }
        loss.add(m * terms.loss)
        brier.add(m * terms.squares)
        ranksAbove[terms.above] += m
    }

    private mutating func grow(to codes: Int) {
        for row in confusion.indices {
            confusion[row] += [Double](repeating: 0, count: codes - confusion[row].count)
            seen[row] += [Bool](repeating: false, count: codes - seen[row].count)
        }
        while confusion.count < codes {
            confusion.append([Double](repeating: 0, count: codes))
            seen.append([Bool](repeating: false, count: codes))
            labelWeight.append(0)
            labelSeen.append(false)
        }
    }

    /// Σ m·(−log p(label)) and Σ m·Σ_c (p_c − [c = label])².
    var logLossSum: Double { loss.value }
    var brierSum: Double { brier.value }

    /// The weight of the rows whose label is among the `k` highest scores.
    func hits(k: Int) -> Double {
        ranksAbove.prefix(max(0, k)).reduce(0, +)
    }
}

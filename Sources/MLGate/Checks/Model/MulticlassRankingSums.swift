/// A multiclass model's rankings gathered in one pass over (row, score column) pairs that
/// a server sends in descending score order, each standing for several rows of the table
/// (``DatabaseTable/Grouping/classScores(_:)``): each class's one-vs-rest ranking, each
/// pair of classes' (the rows of the two classes by the first one's score, Hand & Till),
/// and the pooled ranking of every pair (micro-averaged average precision), each a
/// ``RankingPass`` as ``RankingMetrics`` makes it from rows in memory. Nothing grows with
/// the table.
///
/// Labels are the predictions loader's provisional codes; `columnCodes` says which code
/// each score column's class has.
struct MulticlassRankingSums: Sendable {
    /// The provisional code of each score column's class.
    let columnCodes: [Int]
    /// Each column's one-vs-rest ranking.
    private(set) var oneVersusRest: [RankingPass]
    /// By column, then label code: the rows of the column's class (positive) and of the
    /// label's (negative), by the column's score.
    private(set) var pairs: [[RankingPass]]
    /// Every (row, column) pair, positive where the column is the row's label's class.
    private(set) var pooled = RankingPass()
    /// The table's rows passed in each column (their multiplicities added), and Σ m by
    /// column, then label code: each column passes every row once.
    private(set) var rows: [Int]
    private(set) var labelWeight: [[Double]]

    /// The last score passed, and each column's.
    private var previous: Double?
    private var columnPrevious: [Double?]
    /// The current score's Σ m by column, then label code; the pooled positives and negatives.
    private var group: [[Double]]
    private var pooledPositives = 0.0
    private var pooledNegatives = 0.0

    init(columnCodes: [Int]) {
        self.columnCodes = columnCodes
        let width = columnCodes.count
        oneVersusRest = Array(repeating: RankingPass(), count: width)
        pairs = Array(repeating: [], count: width)
        rows = Array(repeating: 0, count: width)
        labelWeight = Array(repeating: [], count: width)
        columnPrevious = Array(repeating: nil, count: width)
        group = Array(repeating: [], count: width)
    }

    /// Passes the pair of a row and score column `column`: the row's label code, the
    /// column's score (not above the last pair's), how many rows it stands for and each
    /// one's sample weight. False, passing nothing, when the score is above the last.
    @inline(__always)
    mutating func add(column: Int, label: Int, score: Double, multiplicity: UInt32, weight: Double) -> Bool {
        if let previous, score != previous {
            guard score < previous else { return false }
            closePooled()
        }
        previous = score
        if let last = columnPrevious[column], last != score { close(column) }
        columnPrevious[column] = score
        let m = Double(multiplicity) * weight
        rows[column] += Int(multiplicity)
        if group[column].count <= label {
            let missing = label + 1 - group[column].count
            group[column] += [Double](repeating: 0, count: missing)
            labelWeight[column] += [Double](repeating: 0, count: missing)
        }
        group[column][label] += m
        labelWeight[column][label] += m
        if label == columnCodes[column] { pooledPositives += m } else { pooledNegatives += m }
        return true
    }

    /// Ends every ranking's current score: call once after the last pair.
    mutating func finish() {
        closePooled()
        for column in columnCodes.indices { close(column) }
    }

    private mutating func closePooled() {
        pooled.close(positives: pooledPositives, negatives: pooledNegatives)
        pooledPositives = 0
        pooledNegatives = 0
    }

    /// Column `column`'s rows at its current score become a threshold of its rankings.
    private mutating func close(_ column: Int) {
        let own = columnCodes[column]
        let positives = own < group[column].count ? group[column][own] : 0
        var negatives = 0.0
        if pairs[column].count < group[column].count {
            // A label first met now: its ranking starts with the positives passed so far
            // (thresholds of positives alone add to average precision as one does).
            var start = RankingPass()
            start.close(positives: oneVersusRest[column].positives, negatives: 0)
            pairs[column] += Array(repeating: start, count: group[column].count - pairs[column].count)
        }
        for label in group[column].indices where label != own {
            let weight = group[column][label]
            negatives += weight
            pairs[column][label].close(positives: positives, negatives: weight)
            group[column][label] = 0
        }
        oneVersusRest[column].close(positives: positives, negatives: negatives)
        if own < group[column].count { group[column][own] = 0 }
    }

    /// Column `column`'s ranking against label code `label`'s rows alone.
    func pair(_ column: Int, _ label: Int) -> RankingPass {
        label < pairs[column].count ? pairs[column][label] : RankingPass()
    }
}

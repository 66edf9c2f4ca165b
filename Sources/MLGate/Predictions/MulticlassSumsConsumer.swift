/// How a multiclass model gate reads the rows a server grouped
/// (``DatabaseTable/Grouping/rows``): the predictions loader reads and checks each batch
/// as always (probabilities in [0, 1] that sum to 1, weights ≥ 0, classes), then the
/// batch's rows are folded into ``MulticlassScoreSums`` (the whole table's and each
/// slice value's) and forgotten, so that memory does not grow with the table however
/// many distinct rows it holds. The rankings come from a read of their own
/// (``ClassScoresConsumer``). Without score columns, the sums are the confusion counts.
struct MulticlassSumsConsumer: TableConsumer {
    private(set) var loader: PredictionsLoader.Consumer
    private let hasPrediction: Bool
    private let hasWeight: Bool
    /// Each score column's place in the classes' final order, and its class's code.
    private let columnRanks: [Int]
    private let columnCodes: [Int]
    /// By provisional code: the score column of its class (nil: none, which the loader
    /// finds an error at the end); filled as codes appear.
    private var columnOfCode: [Int?] = []
    private var overall: MulticlassScoreSums
    /// Each slice column's sums, by the slice value's code.
    private var slices: [[MulticlassScoreSums]]
    /// The rows the server sent.
    private(set) var distinctRows = 0

    init(columns: PredictionColumns, header: [String], path: String) throws(TableReadError) {
        let loader = try PredictionsLoader.Consumer(columns: columns, header: header, path: path)
        self.loader = loader
        hasPrediction = columns.prediction != nil
        hasWeight = columns.weight != nil
        // The classes' final order: as declared, or sorted; a label of no score column
        // is the loader's error at the end, so the score columns' classes are all.
        let scoreClasses = loader.scoreClasses
        let order = columns.classes.map { $0.map(ClassNames.canonical) } ?? ClassNames.sorted(scoreClasses)
        columnRanks = scoreClasses.enumerated().map { column, name in order.firstIndex(of: name) ?? order.count + column }
        columnCodes = scoreClasses.map { Int(loader.codes[$0]!) }
        overall = MulticlassScoreSums(columnRanks: columnRanks)
        slices = Array(repeating: [], count: columns.slices.count)
        if columns.scores != nil, scoreClasses.count < 2 { unfolded = "one score column" }
        if columns.scores == nil, columns.prediction == nil { unfolded = "neither scores nor predictions" }
    }

    /// Why the rows are not folded: one score column (each row's other classes then
    /// take 1 − p, which the rows read one by one give).
    private(set) var unfolded: String?

    /// Once the rows are not folded, the rest of the table is not wanted.
    var isDone: Bool { unfolded != nil }

    var columnsRead: Set<Int>? { loader.columnsRead }

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        guard unfolded == nil else { return }
        try loader.observe(batch)
        fold()
    }

    /// The score column of code `code`'s class, if it has one.
    private mutating func column(ofCode code: Int) -> Int? {
        while columnOfCode.count <= code {
            let name = loader.names[columnOfCode.count]
            columnOfCode.append(loader.scoreClasses.firstIndex(of: name))
        }
        return columnOfCode[code]
    }

    /// Passes the rows the loader holds into the sums, then lets the loader forget them.
    private mutating func fold() {
        let count = loader.labels.count, width = columnRanks.count
        // The batch's scores (the loader forgets them after each fold).
        let batchScores = loader.scores.asDoubles
        for row in 0..<count {
            let label = Int(loader.labels[row])
            // A label of no score column: the loader's error at the end.
            guard let labelColumn = width == 0 ? 0 : column(ofCode: label) else { continue }
            let scores = batchScores[(row * width)..<((row + 1) * width)]
            let predicted: Int
            if hasPrediction {
                predicted = Int(loader.predicted[row])
            } else {
                // The most probable class; the first in the final order on a tie, as numpy's argmax.
                var best = 0
                for column in 1..<max(1, width) {
                    let score = scores[row * width + column], top = scores[row * width + best]
                    if score > top || (score == top && columnRanks[column] < columnRanks[best]) { best = column }
                }
                predicted = columnCodes[best]
            }
            let multiplicity = loader.multiplicities[row]
            let weight = hasWeight ? loader.weights[row] : 1
            distinctRows += 1
            overall.add(label: label, predicted: predicted, labelColumn: labelColumn, scores: scores, multiplicity: multiplicity, weight: weight)
            for column in slices.indices {
                let code = Int(loader.sliceValues[column].code(row))
                while slices[column].count <= code { slices[column].append(MulticlassScoreSums(columnRanks: columnRanks)) }
                slices[column][code].add(
                    label: label, predicted: predicted, labelColumn: labelColumn, scores: scores, multiplicity: multiplicity, weight: weight)
            }
        }
        loader.forgetRows()
    }

    /// The grouped read is one stream from one server: never split into parts.
    mutating func append(_ later: MulticlassSumsConsumer) {
        preconditionFailure("a grouped read of a multiclass model's rows split into parts")
    }

    /// What the rows gave: the classes as the loader resolves them (its errors as a plain
    /// read gives them: no rows, a class without a score column), the sums, and each
    /// slice value's; nil when they were not folded.
    mutating func finish() throws(TableReadError) -> Folded? {
        guard unfolded == nil else { return nil }
        // No rows: the loader's error.
        if loader.rows == 0 { _ = try loader.finish() }
        // The loader resolves the classes from the names it met; it holds no rows now.
        loader.rows = 0
        let classes = try loader.classification(weights: nil)
        var scopes: [(column: String, value: String, sums: MulticlassScoreSums)] = []
        for (column, name) in loader.columns.slices.enumerated() {
            let values = loader.sliceValues[column].values
            for code in slices[column].indices.sorted(by: { values[$0] < values[$1] }) where slices[column][code].rows > 0 {
                scopes.append((name, values[code], slices[column][code]))
            }
        }
        return Folded(classes: classes, names: loader.names, overall: overall, slices: scopes, distinctRows: distinctRows)
    }

    /// The sums of a grouped read, with the names of their codes.
    struct Folded: Sendable {
        var classes: ClassificationPredictions
        var names: [String]
        var overall: MulticlassScoreSums
        var slices: [(column: String, value: String, sums: MulticlassScoreSums)]
        var distinctRows: Int
    }
}

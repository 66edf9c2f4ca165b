/// A multiclass model's sums folded from the rows a predictions loader reads
/// (``MulticlassSumsConsumer``, ``PairedClassifierConsumer``): the whole table's
/// ``MulticlassScoreSums`` and each slice value's. Each row's terms are computed once
/// (``terms(_:of:scores:)``) and then added here and, for a paired bootstrap drawn as
/// the rows come, to every resample that draws the row.
struct MulticlassFold: Sendable {
    /// Each score column's place in the classes' final order, and its class's code.
    let columnRanks: [Int]
    let columnCodes: [Int]
    private let hasPrediction: Bool
    private let hasWeight: Bool
    /// By provisional code: the score column of its class (nil: none, which the loader
    /// finds an error at the end); filled as codes appear.
    private var columnOfCode: [Int?] = []
    private(set) var overall: MulticlassScoreSums
    /// Each slice column's sums, by the slice value's code.
    private(set) var slices: [[MulticlassScoreSums]]

    /// The sums of the rows `loader` reads, with `slices` slice columns (the loader's
    /// own, or, for a champion paired with a candidate, the candidate's).
    init(loader: PredictionsLoader.Consumer, slices: Int) {
        let columns = loader.columns
        hasPrediction = columns.prediction != nil
        hasWeight = columns.weight != nil
        // The classes' final order: as declared, or sorted; a label of no score column
        // is the loader's error at the end, so the score columns' classes are all.
        let scoreClasses = loader.scoreClasses
        let order = columns.classes.map { $0.map(ClassNames.canonical) } ?? ClassNames.sorted(scoreClasses)
        columnRanks = scoreClasses.enumerated().map { column, name in order.firstIndex(of: name) ?? order.count + column }
        columnCodes = scoreClasses.map { Int(loader.codes[$0]!) }
        overall = MulticlassScoreSums(columnRanks: columnRanks)
        self.slices = Array(repeating: [], count: slices)
    }

    /// The score column of code `code`'s class, if it has one.
    private mutating func column(ofCode code: Int, names: [String], scoreClasses: [String]) -> Int? {
        while columnOfCode.count <= code {
            columnOfCode.append(scoreClasses.firstIndex(of: names[columnOfCode.count]))
        }
        return columnOfCode[code]
    }

    /// The terms of the loader's row `row`, `scores` the batch's scores (one per score
    /// column and row); nil when its label's class has no score column (the loader's
    /// error at the end). Without a prediction column the predicted class is the most
    /// probable, the first in the final order on a tie (numpy's `argmax`).
    mutating func terms(_ row: Int, of loader: PredictionsLoader.Consumer, scores batchScores: [Double]) -> MulticlassScoreSums.Terms? {
        let label = Int(loader.labels[row]), width = columnRanks.count
        guard let labelColumn = width == 0 ? 0 : column(ofCode: label, names: loader.names, scoreClasses: loader.scoreClasses) else {
            return nil
        }
        let scores = batchScores[(row * width)..<((row + 1) * width)]
        let predicted: Int
        if hasPrediction {
            predicted = Int(loader.predicted[row])
        } else {
            var best = 0
            for column in 1..<max(1, width) {
                let score = scores[row * width + column], top = scores[row * width + best]
                if score > top || (score == top && columnRanks[column] < columnRanks[best]) { best = column }
            }
            predicted = columnCodes[best]
        }
        return overall.terms(label: label, predicted: predicted, labelColumn: labelColumn, scores: scores)
    }

    /// The sample weight of the loader's row `row` (1 without a weight column).
    func weight(_ row: Int, of loader: PredictionsLoader.Consumer) -> Double {
        hasWeight ? loader.weights[row] : 1
    }

    /// Adds a row's terms, standing for `multiplicity` rows of `weight` each, to the
    /// whole table's sums and to those of its slice values (`sliceCodes`, by column).
    mutating func add(_ terms: MulticlassScoreSums.Terms, multiplicity: UInt32, weight: Double, sliceCodes: [UInt32]) {
        overall.add(terms, multiplicity: multiplicity, weight: weight)
        for (column, code) in sliceCodes.enumerated() {
            let code = Int(code)
            while slices[column].count <= code { slices[column].append(MulticlassScoreSums(columnRanks: columnRanks)) }
            slices[column][code].add(terms, multiplicity: multiplicity, weight: weight)
        }
    }

    /// The slice values with rows, each with its sums, in order of the slice columns
    /// `names` and of their values (`values`, by code).
    func sliceScopes(names: [String], values: [[String]]) -> [(column: String, value: String, sums: MulticlassScoreSums)] {
        var scopes: [(column: String, value: String, sums: MulticlassScoreSums)] = []
        for (column, name) in names.enumerated() where column < slices.count {
            for code in slices[column].indices.sorted(by: { values[column][$0] < values[column][$1] }) where slices[column][code].rows > 0 {
                scopes.append((name, values[column][code], slices[column][code]))
            }
        }
        return scopes
    }
}

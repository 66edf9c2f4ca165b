/// How a multiclass model gate reads its rankings from a server: one row per row and
/// score column, grouped and sent in descending score order
/// (``DatabaseTable/Grouping/classScores(_:)``). The predictions loader reads and checks
/// each batch's labels, scores, weights and slices as always, then the rows are folded
/// into ``MulticlassRankingSums`` (the whole table's and each slice value's) and
/// forgotten. The other metrics come from the rows' own read (``MulticlassSumsConsumer``).
///
/// When the server could not order the scores (a score column it holds neither as
/// numbers nor as text) it sends the rows without the score column's position; the
/// rankings are then not folded (``unfolded``), and the gate reads the table again row
/// by row, as when the scores come out of order (a text that is not a plain decimal's,
/// sent last: ``PostgreSQLDialect/decimalDouble(_:)``).
struct ClassScoresConsumer: TableConsumer {
    /// Reads the label, the score (``DatabaseTable/classScoreColumn``), the weight and
    /// the slices; nil when the rows came unordered.
    private(set) var loader: PredictionsLoader.Consumer?
    /// The column with the score column's position.
    private let classIndex: Int
    /// The score column (the loader's order) of each relation position.
    private let columnOfPosition: [Int: Int]
    private let hasWeight: Bool
    private var overall: MulticlassRankingSums
    /// Each slice column's sums, by the slice value's code.
    private var slices: [[MulticlassRankingSums]]
    /// The classes of the score columns, in the loader's order of score columns.
    let columnClasses: [String]
    /// Why the rankings cannot be folded after all.
    private(set) var unfolded: String?

    /// `columns` are the gate's (with the grouped read's multiplicity).
    init(columns: PredictionColumns, header: [String], path: String) throws(TableReadError) {
        // The score columns and their classes, as a read of the rows finds them.
        let shape = try PredictionsLoader.Consumer(columns: columns, header: header, path: path)
        columnClasses = shape.scoreClasses
        columnOfPosition = Dictionary(uniqueKeysWithValues: shape.scoreIndices.enumerated().map { ($1, $0) })
        hasWeight = columns.weight != nil
        slices = Array(repeating: [], count: columns.slices.count)
        guard let classIndex = header.lastIndex(of: DatabaseTable.classColumn) else {
            self.classIndex = -1
            overall = MulticlassRankingSums(columnCodes: [])
            unfolded = "the server could not order the scores by value"
            return
        }
        self.classIndex = classIndex
        var read = columns
        read.prediction = nil
        read.scores = .column(DatabaseTable.classScoreColumn)
        var loader = try PredictionsLoader.Consumer(columns: read, header: header, path: path)
        let codes = shape.scoreClasses.map { Int(loader.code(for: $0)) }
        self.loader = loader
        overall = MulticlassRankingSums(columnCodes: codes)
    }

    /// Once the rankings cannot be folded, the rest of the table is not wanted.
    var isDone: Bool { unfolded != nil }

    var columnsRead: Set<Int>? {
        guard let read = loader?.columnsRead else { return [] }
        return read.union([classIndex])
    }

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        guard unfolded == nil, loader != nil else { return }
        let first = loader!.labels.count
        try loader!.observe(batch)
        var columns: [Int] = []
        columns.reserveCapacity(batch.rowCount)
        for row in 0..<batch.rowCount {
            guard let text = batch.string(classIndex, row), let position = Int(text), let column = columnOfPosition[position] else {
                unfolded = "the server sent score column '\(batch.string(classIndex, row) ?? "")', not one of the model's"
                return
            }
            columns.append(column)
        }
        fold(columns, from: first)
    }

    /// Passes the rows the loader holds (each of score column `columns[row]`) into the
    /// sums, then lets the loader forget them.
    private mutating func fold(_ columns: [Int], from first: Int) {
        guard var loader else { return }
        self.loader = nil
        defer {
            loader.forgetRows()
            self.loader = loader
        }
        for (offset, column) in columns.enumerated() {
            let row = first + offset
            let label = Int(loader.labels[row]), score = loader.scores[row]
            let multiplicity = loader.multiplicities[row]
            let weight = hasWeight ? loader.weights[row] : 1
            guard overall.add(column: column, label: label, score: score, multiplicity: multiplicity, weight: weight) else {
                unfolded = "the server sent score \(score) after a lower one"
                return
            }
            for slice in slices.indices {
                let code = Int(loader.sliceValues[slice].code(row))
                while slices[slice].count <= code { slices[slice].append(MulticlassRankingSums(columnCodes: overall.columnCodes)) }
                _ = slices[slice][code].add(column: column, label: label, score: score, multiplicity: multiplicity, weight: weight)
            }
        }
    }

    /// A read in score order is one stream from one server: never split into parts.
    mutating func append(_ later: ClassScoresConsumer) {
        preconditionFailure("a ranked read of a multiclass model split into parts")
    }

    /// The rankings, with the names of their label codes, and each slice value's by the
    /// slice value; or why they could not be folded.
    mutating func finish() -> Result<Folded, Unfolded> {
        if let unfolded { return .failure(Unfolded(reason: unfolded)) }
        guard let loader else { return .failure(Unfolded(reason: "no rows")) }
        overall.finish()
        var bySlice: [String: [String: MulticlassRankingSums]] = [:]
        for (slice, name) in loader.columns.slices.enumerated() {
            let values = loader.sliceValues[slice].values
            for code in slices[slice].indices {
                slices[slice][code].finish()
                bySlice[name, default: [:]][values[code]] = slices[slice][code]
            }
        }
        return .success(Folded(names: loader.names, columnClasses: columnClasses, overall: overall, slices: bySlice))
    }

    /// The rankings of a read in score order.
    struct Folded: Sendable {
        var names: [String]
        var columnClasses: [String]
        var overall: MulticlassRankingSums
        /// By slice column, then slice value.
        var slices: [String: [String: MulticlassRankingSums]]
    }

    /// Why a read in score order could not be folded.
    struct Unfolded: Error {
        var reason: String
    }
}

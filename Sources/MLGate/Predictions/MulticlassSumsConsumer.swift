/// How a multiclass model gate reads the rows a server grouped
/// (``DatabaseTable/Grouping/rows``): the predictions loader reads and checks each batch
/// as always (probabilities in [0, 1] that sum to 1, weights ≥ 0, classes), then the
/// batch's rows are folded into ``MulticlassScoreSums`` (the whole table's and each
/// slice value's) and forgotten, so that memory does not grow with the table however
/// many distinct rows it holds. The rankings come from a read of their own
/// (``ClassScoresConsumer``). Without score columns, the sums are the confusion counts.
struct MulticlassSumsConsumer: TableConsumer {
    private(set) var loader: PredictionsLoader.Consumer
    private var fold: MulticlassFold
    /// A row's slice value codes, in a buffer kept from row to row.
    private var sliceCodes: [UInt32] = []
    /// The rows the server sent.
    private(set) var distinctRows = 0

    init(columns: PredictionColumns, header: [String], path: String) throws(TableReadError) {
        let loader = try PredictionsLoader.Consumer(columns: columns, header: header, path: path)
        self.loader = loader
        fold = MulticlassFold(loader: loader, slices: columns.slices.count)
        if columns.scores != nil, loader.scoreClasses.count < 2 { unfolded = "one score column" }
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
        foldRows()
    }

    /// Passes the rows the loader holds into the sums, then lets the loader forget them.
    private mutating func foldRows() {
        // The batch's scores (the loader forgets them after each fold).
        let batchScores = loader.scores.asDoubles
        for row in 0..<loader.labels.count {
            // A label of no score column: the loader's error at the end.
            guard let terms = fold.terms(row, of: loader, scores: batchScores) else { continue }
            sliceCodes.removeAll(keepingCapacity: true)
            for column in loader.sliceValues.indices { sliceCodes.append(loader.sliceValues[column].code(row)) }
            distinctRows += 1
            fold.add(terms, multiplicity: loader.multiplicities[row], weight: fold.weight(row, of: loader), sliceCodes: sliceCodes)
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
        let scopes = fold.sliceScopes(names: loader.columns.slices, values: loader.sliceValues.map(\.values))
        return Folded(classes: classes, names: loader.names, overall: fold.overall, slices: scopes, distinctRows: distinctRows)
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

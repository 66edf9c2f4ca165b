/// How a binary model gate reads predictions that a server grouped and sends in
/// descending score order (``DatabaseTable/Grouping/ranked(score:)``): the predictions
/// loader reads and checks each batch as always, then the batch's rows are folded into
/// ``BinaryScoreSums`` (the whole table's and each slice value's) and forgotten, so that
/// memory does not grow with the table however many distinct scores it holds. With a
/// weight column each grouped row weighs its count times its weight.
///
/// When the server could not order the rows (a score column it does not hold as
/// numbers), they come without the count of distinct scores and are kept, as a plain
/// grouped read keeps them.
struct RankedScoresConsumer: TableConsumer {
    private(set) var loader: PredictionsLoader.Consumer
    /// The column with the number of distinct scores; nil when the server sent the rows
    /// unordered, without it.
    private let scoresIndex: Int?
    private let threshold: Double
    private let hasPrediction: Bool
    private let hasWeight: Bool
    /// The whole table's sums; they keep the curves' points once the count of distinct
    /// scores, which sizes the thinning, has come (with the highest score).
    private var overall = BinaryScoreSums(curvePoints: nil)
    /// Each slice column's sums, by the slice value's code.
    private var slices: [[BinaryScoreSums]]
    /// The slice sums that have rows at the current score.
    private var touched: [(column: Int, code: Int)] = []
    /// The distinct scores the server counted, and the last score passed.
    private var points: Int?
    private var previous: Double?
    /// The rows the server sent.
    private var distinctRows = 0
    /// A row's slice value codes, in a buffer kept from row to row.
    private var sliceCodes: [UInt32] = []
    /// Why the rows cannot be folded after all (a class code past what the sums hold,
    /// scores out of order): the gate then reads the table again, row by row.
    private(set) var unfolded: String?
    /// The paired bootstrap drawn from the same rows, when the read is one of a champion
    /// pairing's two (``ChampionPairing/rankedDemands(metrics:settings:)``).
    var resampling: PairedResampling?

    init(columns: PredictionColumns, header: [String], path: String) throws(TableReadError) {
        loader = try PredictionsLoader.Consumer(columns: columns, header: header, path: path)
        scoresIndex = header.lastIndex(of: DatabaseTable.distinctScoresColumn)
        threshold = columns.threshold
        hasPrediction = columns.prediction != nil
        hasWeight = columns.weight != nil
        slices = Array(repeating: [], count: columns.slices.count)
    }

    /// Once the rows cannot be folded, the rest of the table is not wanted.
    var isDone: Bool { unfolded != nil }

    var columnsRead: Set<Int>? {
        guard var read = loader.columnsRead else { return nil }
        if let resampling {
            guard let other = resampling.other.columnsRead else { return nil }
            read.formUnion(other)
        }
        return scoresIndex.map { read.union([$0]) } ?? read
    }

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        try loader.observe(batch)
        try resampling?.observe(batch)
        guard let scoresIndex, unfolded == nil else { return }
        if points == nil, let row = (0..<batch.rowCount).first(where: { !(batch.string(scoresIndex, $0) ?? "").isEmpty }) {
            let text = batch.string(scoresIndex, row) ?? ""
            guard let scores = Int(text), scores > 0 else {
                throw TableReadError(
                    code: "source-error", message: "the server's count of distinct scores '\(text)' is not a positive integer",
                    location: loader.location(batch, row))
            }
            points = scores
            overall.keepCurves(points: scores)
        }
        fold()
    }

    /// Passes the rows the loader holds into the sums, then lets the loader forget them.
    private mutating func fold() {
        let count = loader.labels.count
        for row in 0..<count {
            let score = loader.scores[row]
            var closing = false
            if let previous, score != previous {
                guard score < previous else {
                    unfolded = "the server sent score \(score) after \(previous)"
                    return
                }
                guard points != nil else {
                    unfolded = "the server's count of distinct scores did not come with the highest score"
                    return
                }
                closeScore()
                closing = true
            }
            previous = score
            let label = Int(loader.labels[row])
            let predicted = hasPrediction ? Int(loader.predicted[row]) : nil
            guard label < BinaryScoreSums.codes, (predicted ?? 0) < BinaryScoreSums.codes else {
                unfolded = "more classes than a binary model has"
                return
            }
            let multiplicity = loader.multiplicities[row]
            let weight = hasWeight ? loader.weights[row] : 1
            distinctRows += 1
            if resampling != nil {
                sliceCodes.removeAll(keepingCapacity: true)
                for column in slices.indices { sliceCodes.append(loader.sliceValues[column].code(row)) }
                resampling!.add(
                    row: row, names: loader.names, label: label, predicted: predicted, score: score, weight: hasWeight ? weight : nil,
                    count: multiplicity, sliceCodes: sliceCodes, closesScore: closing)
            }
            overall.add(label: label, predicted: predicted, score: score, multiplicity: multiplicity, weight: weight, threshold: threshold)
            for column in slices.indices {
                let code = Int(loader.sliceValues[column].code(row))
                while slices[column].count <= code { slices[column].append(BinaryScoreSums(curvePoints: nil)) }
                if slices[column][code].groupWeight == 0 { touched.append((column, code)) }
                slices[column][code].add(
                    label: label, predicted: predicted, score: score, multiplicity: multiplicity, weight: weight, threshold: threshold)
            }
        }
        resampling?.draw()
        loader.forgetRows()
    }

    private mutating func closeScore() {
        overall.closeScore()
        for (column, code) in touched { slices[column][code].closeScore() }
        touched.removeAll(keepingCapacity: true)
    }

    /// A ranked read is one stream from one server: never split into parts.
    mutating func append(_ later: RankedScoresConsumer) {
        precondition(scoresIndex == nil && later.scoresIndex == nil, "a ranked read split into parts")
        loader.append(later.loader)
    }

    /// The sums, or the rows when the server sent them unordered; the loader's errors as a
    /// plain read gives them (no rows, classes a binary model cannot have).
    mutating func finish() throws(TableReadError) -> RankedScores {
        if let unfolded { return .unfolded(unfolded) }
        // Unordered rows are the loader's; so is an empty table's error.
        guard scoresIndex != nil, distinctRows > 0 else { return .rows(try loader.finish()) }
        guard let points else { return .unfolded("the server's count of distinct scores did not come") }
        closeScore()
        // The loader resolves the classes from the names it met; it holds no rows now.
        let classes = try loader.finish()
        guard case .classification(let data) = classes.predictions else { preconditionFailure("a ranked read of a regressor") }
        // A score whose rows all weigh 0 is no threshold (``RankingPass``), so the
        // counts differ then too: the rows read one by one give the curves' thinning.
        guard overall.points == points else {
            return .unfolded("the server counted \(points) distinct scores, the rows \(overall.points) that weigh something")
        }
        // The weights' total over mlgate's limit is the loader's error, with its numbers:
        // the rows read one by one give it (the limit with room for the sums' rounding).
        guard overall.weightTotal <= InputLimits.weightTotal * (1 - 1e-9) else {
            return .unfolded("the weights add up to \(overall.weightTotal), near or over mlgate's limit")
        }
        let names = loader.names
        var scopes: [RankedScores.Sums.Scope] = []
        for (column, name) in loader.columns.slices.enumerated() {
            let values = loader.sliceValues[column].values
            for code in slices[column].indices.sorted(by: { values[$0] < values[$1] }) where slices[column][code].rows > 0 {
                let sums = slices[column][code]
                scopes.append(RankedScores.Sums.Scope(column: name, value: values[code], rows: sums.rows, metrics: sums.metrics(classes: data, names: names)))
            }
        }
        return .sums(
            RankedScores.Sums(
                classes: data, rows: overall.rows, distinctRows: distinctRows,
                overall: overall.metrics(classes: data, names: names), slices: scopes))
    }
}

extension RankedScoresConsumer {
    /// The paired bootstrap's draws of the rows folded into `sums` (what ``finish()``
    /// gave), or nil when the rows could not be drawn as the in-memory bootstrap draws
    /// them (``PairedResampling``).
    mutating func finishResampling(_ sums: RankedScores.Sums) -> PairedResampling.Drawn? {
        guard var resampling, resampling.drewWith(rankedClasses: sums.classes) else { return nil }
        let values = loader.sliceValues.map(\.values)
        guard let scopes = resampling.finish(sliceColumns: loader.columns.slices, sliceValues: values) else { return nil }
        return PairedResampling.Drawn(scopes: scopes, classes: sums.classes, names: loader.names)
    }
}

/// What a ranked read of a binary model's predictions gave (``RankedScoresConsumer``).
enum RankedScores: Sendable {
    /// The metrics of the whole table and of each slice value.
    case sums(Sums)
    /// The rows, when the server sent them unordered.
    case rows(LoadedPredictions)
    /// Why the rows could not be folded: the table is to be read again.
    case unfolded(String)

    /// What a ranked read gave once rows that could not be folded were read again.
    enum Folded: Sendable {
        case sums(Sums)
        case rows(LoadedPredictions)
    }

    /// The metrics of a ranked read.
    typealias Sums = FoldedScores<BinaryScoreMetrics>
}

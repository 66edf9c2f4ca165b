/// A multiclass model and its champion (or a classifier without scores and its champion)
/// read from the rows a server joined and grouped
/// (``ChampionPairing/classifierDemands(metrics:bootstrapped:settings:)``), sent in
/// descending order of both models' score columns and weights (or weights), ties by the
/// next column, so that rows of one content meet in one run of equal values of them all
/// (``PairedDraws``), whose contents then differ only in their labels and predictions;
/// the order is checked as the rows come. Both models'
/// loaders read and check each batch as always; its rows are then folded into each
/// model's sums (``MulticlassFold``: confusion counts, log loss and Brier sums, top-k
/// counts, the whole table's and each of the candidate's slice values') and drawn into
/// every resample's (``ResampledMulticlassSums``), and forgotten: nothing is kept per
/// row. Rankings are not read here but in reads of each model's unpivoted scores
/// (``ClassScoresConsumer``), so a check that ranks the rows (``Metric/needsSortedScores``)
/// has no resamples here: with a `confidence`, the gate reads the join otherwise.
struct PairedClassifierConsumer: PairedLoading {
    var candidate: PredictionsLoader.Consumer
    var champion: PredictionsLoader.Consumer
    private var candidateFold: MulticlassFold
    private var championFold: MulticlassFold
    private var draws: PairedDraws<ResampledMulticlassSums>
    /// What the rows are ordered by, each column as a model's score (its place among the
    /// model's score columns) or weight; nil when a column is neither. The last row's
    /// values and the current row's, in buffers kept from row to row.
    private let orderedBy: [OrderedColumn]?
    private var previous: [Double] = []
    private var current: [Double] = []
    /// Each model's score columns in the classes' final order (its scores' words).
    private let candidateColumnAtRank: [Int]
    private let championColumnAtRank: [Int]
    private var classKeys: [String: UInt64] = [:]
    /// A row's words and slice value codes, in buffers kept from row to row.
    private var words: [UInt64] = []
    private var sliceCodes: [UInt32] = []
    /// The most a scope's resampled sums may take (``byteLimit``), and the scopes met.
    private var scopeBytes: Int
    private let resamples: Int
    private var scopes = 1
    /// The rows the server sent.
    private var distinctRows = 0
    /// Why the rows cannot be folded and drawn as in memory (nil while they are).
    private(set) var unfolded: String?

    /// What the resamples' sums may take in all before the gate reads the rows instead:
    /// each resample keeps both models' confusion counts in every scope.
    static let byteLimit = 48 << 20

    /// A column the rows are ordered by.
    enum OrderedColumn: Equatable {
        /// A score column of the candidate's (`candidate`) or the champion's, by its place
        /// among that model's score columns.
        case score(candidate: Bool, Int)
        /// The candidate's weight or the champion's.
        case weight(candidate: Bool)
    }

    /// Folds the rows `candidate` and `champion` read, ordered by the score and weight
    /// columns `ordered` (descending, ties by the next), drawing `settings`' resamples.
    init(candidate: PredictionsLoader.Consumer, champion: PredictionsLoader.Consumer, ordered: [String], settings: BootstrapSettings) {
        var champion = champion
        // The champion is read with the candidate's classes, as a champion read on its own is given them.
        // (Without score columns, its classes are those the rows name: given at the end.)
        if !candidate.scoreClasses.isEmpty {
            champion.columns.classes = candidate.columns.classes.map { $0.map(ClassNames.canonical) } ?? ClassNames.sorted(candidate.scoreClasses)
        }
        self.candidate = candidate
        self.champion = champion
        candidateFold = MulticlassFold(loader: candidate, slices: candidate.columns.slices.count)
        championFold = MulticlassFold(loader: champion, slices: candidate.columns.slices.count)
        let width = candidate.scoreClasses.count
        func columnAtRank(_ fold: MulticlassFold) -> [Int]? {
            let ranks = fold.columnRanks
            guard ranks.count == width, Set(ranks) == Set(0..<width) else { return nil }
            return (0..<width).map { rank in ranks.firstIndex(of: rank)! }
        }
        let candidateAtRank = columnAtRank(candidateFold), championAtRank = columnAtRank(championFold)
        candidateColumnAtRank = candidateAtRank ?? []
        championColumnAtRank = championAtRank ?? []
        let orderedBy = ordered.map { name -> OrderedColumn? in
            guard let index = candidate.header.firstIndex(of: name) else { return nil }
            if index == candidate.weightIndex { return .weight(candidate: true) }
            if index == champion.weightIndex { return .weight(candidate: false) }
            if let place = candidate.scoreIndices.firstIndex(of: index) { return .score(candidate: true, place) }
            return champion.scoreIndices.firstIndex(of: index).map { .score(candidate: false, $0) }
        }
        self.orderedBy = orderedBy.contains(nil) || orderedBy.isEmpty ? nil : orderedBy.compactMap { $0 }
        let candidateRanks = candidateFold.columnRanks, championRanks = championFold.columnRanks
        draws = PairedDraws(settings: settings, slices: candidate.columns.slices.count) { _, _, resamples in
            ResampledMulticlassSums(resamples: resamples, candidateRanks: candidateRanks, championRanks: championRanks)
        }
        resamples = settings.resamples
        scopeBytes = Self.scopeBytes(classes: max(width, 2), resamples: resamples)
        if width == 1 || candidate.scoreClasses.count != champion.scoreClasses.count {
            unfolded = "the two models' score columns are not of the same classes"
        } else if candidateAtRank == nil || championAtRank == nil || Set(candidate.scoreClasses) != Set(champion.scoreClasses) {
            unfolded = "the two models' score columns are not of the same classes"
        } else if self.orderedBy == nil {
            unfolded = "the rows are not ordered by score or weight columns"
        } else if scopeBytes > Self.byteLimit {
            unfolded = "the resamples' sums would take more than \(Self.byteLimit >> 20) MB"
        }
    }

    /// What a scope's resampled sums take: each resample keeps a confusion matrix (a
    /// double and a flag a cell) and a few numbers a class, of each model.
    private static func scopeBytes(classes: Int, resamples: Int) -> Int {
        max(1, resamples) * 2 * (classes * classes * 9 + classes * 17 + (classes + 1) * 64 + 128)
    }

    /// The most distinct contents a run of rows held at once.
    var largestRun: Int { draws.largestRun }

    /// Once the rows cannot be folded and drawn, the rest of the table is not wanted.
    var isDone: Bool { unfolded != nil || draws.unfolded != nil }

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        guard !isDone else { return }
        try load(batch)
        defer { forgetRows() }
        let candidateScores = candidate.scores.asDoubles, championScores = champion.scores.asDoubles
        let width = candidateColumnAtRank.count, orderedBy = orderedBy!
        for row in 0..<candidate.labels.count {
            current.removeAll(keepingCapacity: true)
            for column in orderedBy {
                switch column {
                case .score(let isCandidate, let place):
                    current.append(isCandidate ? candidateScores[row * width + place] : championScores[row * width + place])
                case .weight(let isCandidate):
                    current.append(isCandidate ? candidate.weights[row] : champion.weights[row])
                }
            }
            switch RunStep(current, after: previous) {
            case .same: break
            case .next: draws.endRun()
            case .outOfOrder:
                unfolded = "the server sent \(current) after \(previous)"
                return
            }
            swap(&previous, &current)
            // A label of no score column: the loader's error at the end (the rows are read one by one).
            guard let candidateTerms = candidateFold.terms(row, of: candidate, scores: candidateScores),
                let championTerms = championFold.terms(row, of: champion, scores: championScores)
            else {
                unfolded = "a label without a score column"
                return
            }
            sliceCodes.removeAll(keepingCapacity: true)
            for column in candidate.sliceValues.indices { sliceCodes.append(candidate.sliceValues[column].code(row)) }
            let multiplicity = candidate.multiplicities[row]
            distinctRows += 1
            let candidateWeight = candidateFold.weight(row, of: candidate), championWeight = championFold.weight(row, of: champion)
            candidateFold.add(candidateTerms, multiplicity: multiplicity, weight: candidateWeight, sliceCodes: sliceCodes)
            championFold.add(championTerms, multiplicity: multiplicity, weight: championWeight, sliceCodes: sliceCodes)
            guard draws.isDrawing else { continue }
            // The content's words as ``Predictions/appendWords(of:classKeys:)`` gives them:
            // each model's label, prediction, scores in the classes' final order, weight.
            words.removeAll(keepingCapacity: true)
            appendWords(candidateTerms, candidate, candidateScores, row, candidateColumnAtRank)
            appendWords(championTerms, champion, championScores, row, championColumnAtRank)
            draws.add(
                words: words,
                row: ResampledMulticlassSums.Row(
                    candidate: candidateTerms, candidateWeight: candidateWeight, champion: championTerms, championWeight: championWeight),
                count: multiplicity, sliceCodes: sliceCodes)
        }
        let met = 1 + candidate.sliceValues.reduce(0) { $0 + $1.values.count }
        // (Without score columns the classes are those the rows name.)
        let classes = max(width, candidate.names.count, champion.names.count, 2)
        if met > scopes || Self.scopeBytes(classes: classes, resamples: resamples) > scopeBytes {
            scopes = met
            scopeBytes = Self.scopeBytes(classes: classes, resamples: resamples)
            if scopes * scopeBytes > Self.byteLimit { unfolded = "the resamples' sums would take more than \(Self.byteLimit >> 20) MB" }
        }
        draws.draw()
    }

    private mutating func appendWords(
        _ terms: MulticlassScoreSums.Terms, _ loader: PredictionsLoader.Consumer, _ scores: [Double], _ row: Int, _ columnAtRank: [Int]
    ) {
        words.append(key(loader.names[terms.label]))
        words.append(key(loader.names[terms.predicted]))
        let start = row * columnAtRank.count
        for column in columnAtRank { words.append(DistinctRows.word(scores[start + column])) }
        words.append(DistinctRows.word(loader.weightIndex == nil ? 1 : loader.weights[row]))
    }

    private mutating func key(_ name: String) -> UInt64 {
        if let known = classKeys[name] { return known }
        let key = DistinctRows.key(name)
        classKeys[name] = key
        return key
    }

    /// A read in score order is one stream from one server: rows read in parts are not drawn.
    mutating func append(_ later: PairedClassifierConsumer) {
        unfolded = "the rows were read in parts"
    }

    /// Each model's sums and the paired bootstrap's (by scope suffix, in parts that
    /// together hold every resample); nil when the rows could not be folded or drawn as
    /// in memory, or the champion's classes are not the candidate's. An error is the
    /// loader's (no rows, a class without a score column).
    mutating func finish() throws(TableReadError) -> Folded? {
        guard unfolded == nil else { return nil }
        if candidate.rows == 0 { _ = try candidate.finish() }
        candidate.rows = 0
        champion.rows = 0
        let classes = try candidate.classification(weights: nil)
        champion.columns.classes = classes.classes
        if let positive = classes.positiveClass { champion.columns.positiveLabel = classes.classes[positive] }
        guard Set(champion.names).isSubset(of: classes.classes), let championClasses = try? champion.classification(weights: nil),
            championClasses.classes == classes.classes, championClasses.positiveClass == classes.positiveClass,
            let drawn = draws.finish(sliceColumns: candidate.columns.slices, sliceValues: candidate.sliceValues.map(\.values))
        else { return nil }
        let names = candidate.columns.slices, values = candidate.sliceValues.map(\.values)
        return Folded(
            candidate: MulticlassSumsConsumer.Folded(
                classes: classes, names: candidate.names, overall: candidateFold.overall,
                slices: candidateFold.sliceScopes(names: names, values: values), distinctRows: distinctRows),
            champion: MulticlassSumsConsumer.Folded(
                classes: championClasses, names: champion.names, overall: championFold.overall,
                slices: championFold.sliceScopes(names: names, values: values), distinctRows: distinctRows),
            drawn: drawn)
    }

    /// What the read gave: each model's sums and the resamples'.
    struct Folded: Sendable {
        var candidate: MulticlassSumsConsumer.Folded
        var champion: MulticlassSumsConsumer.Folded
        var drawn: [String: [ResampledMulticlassSums]]
    }
}

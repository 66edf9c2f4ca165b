/// The paired bootstrap of a regressor and its champion drawn as a server sends their
/// joined rows (``ChampionPairing/regressionDemands(metrics:settings:)``): grouped by both
/// models' columns and the candidate's slices, in descending order of the candidate's
/// prediction, so that rows of one content meet in one run of equal predictions
/// (``PairedDraws``); the order is checked as the rows come (an engine that cannot order
/// by the column sends them unordered: they are not drawn, and the gate reads the rows
/// as in file mode). Both models' loaders read and check each batch as always; its rows
/// are then drawn into every resample's sums (``ResampledRegressionSums``) and
/// forgotten: nothing is kept per row. The metrics themselves are the server's sums
/// (``RegressionPushdown``).
struct PairedRegressionConsumer: PairedLoading {
    var candidate: PredictionsLoader.Consumer
    var champion: PredictionsLoader.Consumer
    private var draws: PairedDraws<ResampledRegressionSums>
    private var previous: Double?
    /// A row's words and slice value codes, in buffers kept from row to row.
    private var words: [UInt64] = []
    private var sliceCodes: [UInt32] = []

    init(candidate: PredictionsLoader.Consumer, champion: PredictionsLoader.Consumer, settings: BootstrapSettings) {
        self.candidate = candidate
        self.champion = champion
        draws = PairedDraws(settings: settings, slices: candidate.columns.slices.count) { _, _, resamples in
            ResampledRegressionSums(resamples: resamples)
        }
    }

    /// Once the rows cannot be drawn, the rest of the table is not wanted.
    var isDone: Bool { !draws.isDrawing }

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        try load(batch)
        defer { forgetRows() }
        guard draws.isDrawing else { return }
        for row in 0..<candidate.targets.count {
            let predicted = candidate.estimates[row]
            if let previous, predicted != previous {
                guard predicted < previous else {
                    draws.unfold("the server sent prediction \(predicted) after \(previous)")
                    return
                }
                draws.endRun()
            }
            previous = predicted
            let paired = Self.pairedRow(row, candidate: candidate, champion: champion, words: &words)
            sliceCodes.removeAll(keepingCapacity: true)
            for column in candidate.sliceValues.indices { sliceCodes.append(candidate.sliceValues[column].code(row)) }
            draws.add(words: words, row: paired, count: candidate.multiplicities[row], sliceCodes: sliceCodes)
        }
        draws.draw()
    }

    /// Row `row` of the batch both loaders read: its content's words in `words` (the
    /// candidate's label, prediction and weight, then the champion's:
    /// ``Predictions/appendWords(of:classKeys:)``), and what it adds to the sums (a weight
    /// of 1 without a weight column).
    @inline(__always)
    static func pairedRow(
        _ row: Int, candidate: PredictionsLoader.Consumer, champion: PredictionsLoader.Consumer, words: inout [UInt64]
    ) -> ResampledRegressionSums.Row {
        let paired = ResampledRegressionSums.Row(
            label: candidate.targets[row], candidate: candidate.estimates[row],
            candidateWeight: candidate.weightIndex != nil ? candidate.weights[row] : 1, champion: champion.estimates[row],
            championWeight: champion.weightIndex != nil ? champion.weights[row] : 1)
        words.removeAll(keepingCapacity: true)
        words.append(DistinctRows.word(paired.label))
        words.append(DistinctRows.word(paired.candidate))
        words.append(DistinctRows.word(paired.candidateWeight))
        words.append(DistinctRows.word(champion.targets[row]))
        words.append(DistinctRows.word(paired.champion))
        words.append(DistinctRows.word(paired.championWeight))
        return paired
    }

    /// A read in prediction order is one stream from one server: rows read in parts are not drawn.
    mutating func append(_ later: PairedRegressionConsumer) {
        draws.unfold("the rows were read in parts")
    }

    /// Each scope's sums, by scope suffix (``PairedDraws/finish(sliceColumns:sliceValues:)``);
    /// nil when the rows could not be drawn as the in-memory bootstrap draws them.
    mutating func finish() -> [String: [ResampledRegressionSums]]? {
        draws.finish(sliceColumns: candidate.columns.slices, sliceValues: candidate.sliceValues.map(\.values))
    }
}

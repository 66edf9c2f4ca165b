/// The paired bootstrap's median absolute error of one model of a regressor and its
/// champion, drawn as a server sends their joined rows grouped by both models' columns
/// and the candidate's slices, in ascending order of that model's absolute errors
/// (``ChampionPairing/medians(_:sliceValues:settings:)``): rows of one error meet in one
/// run, each content is drawn as ``PairedRegressionConsumer`` draws it (the same words,
/// so the same draws), and every resample's median is found as the rows pass
/// (``ResampledMedians``), its total weight known from that earlier read. Nothing is kept
/// per row.
struct PairedMedianConsumer: PairedLoading {
    var candidate: PredictionsLoader.Consumer
    var champion: PredictionsLoader.Consumer
    /// Whether the rows come in the champion's errors' order (otherwise the candidate's).
    private let orderedByChampion: Bool
    private var draws: PairedDraws<ResampledMedians>
    /// Each slice column's values as the earlier read coded them (its totals' codes),
    /// and this read's codes mapped to them (`UInt32.max`: a value the earlier read did
    /// not meet).
    private let knownCodes: [[String: UInt32]]
    private var mappedCodes: [[UInt32]]
    private let sliceValues: [[String]]
    private var previous: Double?
    private var words: [UInt64] = []
    private var sliceCodes: [UInt32] = []

    init(
        candidate: PredictionsLoader.Consumer, champion: PredictionsLoader.Consumer, orderedByChampion: Bool,
        totals: ResampledMedians.Totals, settings: BootstrapSettings
    ) {
        self.candidate = candidate
        self.champion = champion
        self.orderedByChampion = orderedByChampion
        sliceValues = totals.slices.map { $0.map(\.value) }
        knownCodes = sliceValues.map { values in
            Dictionary(values.enumerated().map { ($0.element, UInt32($0.offset)) }, uniquingKeysWith: { first, _ in first })
        }
        mappedCodes = sliceValues.map { _ in [] }
        draws = PairedDraws(settings: settings, slices: candidate.columns.slices.count) { column, code, resamples in
            totals.medians(column: column, code: code, resamples: resamples)
        }
        if totals.slices.count != candidate.columns.slices.count { draws.unfold("the slices were not read before") }
    }

    /// Once the rows cannot be drawn, the rest of the table is not wanted.
    var isDone: Bool { !draws.isDrawing }

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        try load(batch)
        defer { forgetRows() }
        guard draws.isDrawing else { return }
        for row in 0..<candidate.targets.count {
            let paired = PairedRegressionConsumer.pairedRow(row, candidate: candidate, champion: champion, words: &words)
            let error = abs(paired.label - (orderedByChampion ? paired.champion : paired.candidate))
            guard !error.isNaN else {
                draws.unfold("an error is NaN")
                return
            }
            if let previous, error != previous {
                guard error > previous else {
                    draws.unfold("the server sent error \(error) after \(previous)")
                    return
                }
                draws.endRun()
            }
            previous = error
            sliceCodes.removeAll(keepingCapacity: true)
            for column in candidate.sliceValues.indices {
                let code = mappedCode(column, candidate.sliceValues[column].code(row))
                guard code != UInt32.max else {
                    draws.unfold("slice value '\(candidate.sliceValues[column].values[Int(candidate.sliceValues[column].code(row))])' was not read before")
                    return
                }
                sliceCodes.append(code)
            }
            draws.add(
                words: words,
                row: ResampledMedians.Row(error: error, weight: orderedByChampion ? paired.championWeight : paired.candidateWeight),
                count: candidate.multiplicities[row], sliceCodes: sliceCodes)
        }
        draws.draw()
    }

    /// This read's code `code` of slice column `column` as the earlier read coded its value.
    private mutating func mappedCode(_ column: Int, _ code: UInt32) -> UInt32 {
        while mappedCodes[column].count <= Int(code) {
            let value = candidate.sliceValues[column].values[mappedCodes[column].count]
            mappedCodes[column].append(knownCodes[column][value] ?? UInt32.max)
        }
        return mappedCodes[column][Int(code)]
    }

    /// A read in error order is one stream from one server: rows read in parts are not drawn.
    mutating func append(_ later: PairedMedianConsumer) {
        draws.unfold("the rows were read in parts")
    }

    /// Each scope's medians, by scope suffix (``PairedDraws/finish(sliceColumns:sliceValues:)``);
    /// nil when the rows could not be drawn as the in-memory bootstrap draws them.
    mutating func finish() -> [String: [ResampledMedians]]? {
        draws.finish(sliceColumns: candidate.columns.slices, sliceValues: sliceValues)
    }
}

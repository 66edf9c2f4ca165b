import Foundation

/// The paired bootstrap folded into a ranked read of a candidate's predictions joined
/// with its champion's (``ChampionPairing``): the read ranks one model (its score
/// orders the rows; ``RankedScoresConsumer`` folds them into that model's sums), and
/// this draws every grouped row in every resample and adds it to that model's sums of
/// each resample (``ResampledBinarySums``), the whole table's and each slice value's.
/// Two such reads, one in each model's score order, give the two sides of every
/// resample; nothing is kept per row.
///
/// A row's draws are the in-memory bootstrap's (``PairedBootstrap``): seeded by its
/// content key, the words of both models' label, prediction, score and weight, the
/// candidate's first, as ``Predictions/appendWords(of:classKeys:)`` gives them. A model
/// without a prediction column predicts from its score and threshold, so its classes
/// (``ChampionPairing/labels``, resolved as the loader resolves them) must be known
/// before the first row; ``finish(rankedNames:rankedClasses:)`` checks the loader
/// resolved the same. Rows whose content the server sent in two groups (a text column
/// whose texts differ but read as the same number) or whose keys collide would be drawn
/// apart, not as the in-memory bootstrap draws them: a key met twice at one score
/// unfolds the read (``RankedScoresConsumer/unfolded``).
///
/// Resamples are shared out over the cores: each core draws every row of a batch for
/// its part of the resamples.
struct PairedResampling: Sendable {
    /// The other model's columns, loaded from the same rows for their words.
    private(set) var other: PredictionsLoader.Consumer
    /// Whether the ranked model is the candidate (its words come first).
    let rankedIsCandidate: Bool
    /// Each model's predicted classes from its score (positive, negative) when it has no
    /// prediction column: the ranked model's, then the other's.
    let thresholdClasses: (ranked: (String, String)?, other: (String, String)?)
    private let rankedThreshold: Double
    private let otherThreshold: Double
    private let streams: [UInt64]
    /// Each core's part of the resamples and its sums.
    private var parts: [Part]
    /// The rows of the current batch, to be drawn on every core, and their slice value
    /// codes (one per slice column each).
    private var pending: [Row] = []
    private var pendingSlices: [UInt32] = []
    private let sliceCount: Int
    /// The keys met at the current score.
    private var keysAtScore: Set<UInt64> = []
    private var classKeys: [String: UInt64] = [:]
    private var wordBuffer: [UInt64] = []
    /// Why the rows cannot be drawn as the in-memory bootstrap draws them.
    private(set) var unfolded: String?

    private struct Row {
        var key: UInt64
        var count: UInt64
        var label: Int
        var predicted: Int?
        var score: Double
        var weight: Double
        /// Whether the row's score is lower than the last one's (the rows before it end a score).
        var closesScore: Bool
    }

    init(
        other: PredictionsLoader.Consumer, rankedIsCandidate: Bool, rankedColumns: PredictionColumns,
        thresholdClasses: (ranked: (String, String)?, other: (String, String)?), settings: BootstrapSettings
    ) {
        self.other = other
        self.rankedIsCandidate = rankedIsCandidate
        self.thresholdClasses = thresholdClasses
        rankedThreshold = rankedColumns.threshold
        otherThreshold = other.columns.threshold
        streams = (0..<settings.resamples).map { PairedBootstrap.stream(seed: settings.seed, resample: $0) }
        let count = max(1, min(ProcessInfoCores.count, settings.resamples))
        parts = (0..<count).map { Part(resamples: settings.resamples * $0 / count..<settings.resamples * ($0 + 1) / count) }
        sliceCount = rankedColumns.slices.count
    }

    /// Loads the other model's columns of a batch, before the ranked read folds its rows.
    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        try other.observe(batch)
    }

    /// Each scope's sums drawn by a ranked read, with the ranked model's classes and its
    /// loader's class names by provisional code (``ResampledBinarySums/metrics(resample:classes:names:)``).
    struct Drawn: Sendable {
        var scopes: [String: [ResampledBinarySums]]
        var classes: ClassificationPredictions
        var names: [String]
    }

    private mutating func key(_ name: String) -> UInt64 {
        if let known = classKeys[name] { return known }
        let key = DistinctRows.key(name)
        classKeys[name] = key
        return key
    }

    /// The words of one model's row: label, prediction, score and weight.
    private mutating func words(
        label: String, predicted: String?, score: Double, weight: Double?, threshold: Double, classes: (String, String)?,
        into words: inout [UInt64]
    ) -> Bool {
        words.append(key(label))
        if let predicted {
            words.append(key(predicted))
        } else if let (positive, negative) = classes {
            words.append(key(score >= threshold ? positive : negative))
        } else {
            return false
        }
        words.append(DistinctRows.word(score))
        words.append(DistinctRows.word(weight ?? 1))
        return true
    }

    /// Passes the ranked read's row `row` (after the other model's loader has observed
    /// the batch): the ranked model's class names by code, its label and predicted codes
    /// (nil: from the threshold), score, weight (nil: no weight column), the row's count
    /// and its slice value codes; `closesScore` when its score is lower than the last row's.
    mutating func add(
        row: Int, names: [String], label: Int, predicted: Int?, score: Double, weight: Double?, count: UInt32,
        sliceCodes: [UInt32], closesScore: Bool
    ) {
        // No resample: nothing to draw, nor rows that must be drawn as one.
        guard unfolded == nil, !streams.isEmpty else { return }
        if closesScore { keysAtScore.removeAll(keepingCapacity: true) }
        // The candidate's words, then the champion's, in one buffer kept from row to row.
        var words = wordBuffer
        wordBuffer = []
        defer { wordBuffer = words }
        words.removeAll(keepingCapacity: true)
        let otherPredicted = other.predictionIndex == nil ? nil : other.names[Int(other.predicted[row])]
        let otherWeight = other.weightIndex == nil ? nil : other.weights[row]
        for pass in 0..<2 {
            // The ranked model's words on the candidate's pass (the first), or the champion's.
            let made =
                (pass == 0) == rankedIsCandidate
                ? self.words(
                    label: names[label], predicted: predicted.map { names[$0] }, score: score, weight: weight, threshold: rankedThreshold,
                    classes: thresholdClasses.ranked, into: &words)
                : self.words(
                    label: names[label], predicted: otherPredicted, score: other.scores[row], weight: otherWeight,
                    threshold: otherThreshold, classes: thresholdClasses.other, into: &words)
            guard made else {
                unfolded = "a model without a prediction column whose classes are not known ahead"
                return
            }
        }
        let key = DistinctRows.key(words)
        guard keysAtScore.insert(key).inserted else {
            unfolded = "two grouped rows have the same content (or content key): they are drawn as one in memory"
            return
        }
        pending.append(Row(key: key, count: UInt64(count), label: label, predicted: predicted, score: score, weight: weight ?? 1, closesScore: closesScore))
        pendingSlices += sliceCodes
    }

    /// Draws the rows passed since the last call in every resample, each core its part
    /// of the resamples; the other model's loader then forgets its rows.
    mutating func draw() {
        defer {
            pending.removeAll(keepingCapacity: true)
            pendingSlices.removeAll(keepingCapacity: true)
            other.forgetRows()
        }
        guard unfolded == nil, !pending.isEmpty else { return }
        for part in parts.indices { parts[part].makeSlices(pendingSlices, columns: sliceCount) }
        let rows = pending, codes = pendingSlices, streams = streams, threshold = rankedThreshold, sliceCount = sliceCount
        parts.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedWrites(buffer)
            DispatchQueue.concurrentPerform(iterations: shared.buffer.count) { part in
                shared.buffer[part].draw(rows, codes: codes, columns: sliceCount, streams: streams, threshold: threshold)
            }
        }
    }

    /// Each scope's sums, in parts that together hold every resample, once every batch is
    /// drawn: the whole table's (suffix "") and each slice value's (`[column=value]`,
    /// ``ModelGate``'s scope suffixes), with the ranked loader's slice columns and values
    /// by code; nil when the rows could not be drawn as in memory.
    mutating func finish(sliceColumns: [String], sliceValues: [[String]]) -> [String: [ResampledBinarySums]]? {
        guard unfolded == nil else { return nil }
        var scopes: [String: [ResampledBinarySums]] = [:]
        for part in parts.indices { parts[part].closeScore() }
        scopes[""] = parts.map(\.overall)
        for (column, name) in sliceColumns.enumerated() {
            for (code, value) in sliceValues[column].enumerated() {
                let sums = parts.compactMap { $0.slices.count > column && $0.slices[column].count > code ? $0.slices[column][code] : nil }
                if sums.count == parts.count { scopes["[\(name)=\(value)]"] = sums }
            }
        }
        return scopes
    }

    /// Whether the classes the loaders resolved are those the words were made with:
    /// the ranked model's (its loader's) and the other's (resolved from its names here).
    func drewWith(rankedClasses: ClassificationPredictions) -> Bool {
        func matches(_ expected: (String, String)?, _ classes: [String], _ positive: Int?) -> Bool {
            guard let (positiveName, negativeName) = expected else { return true }
            guard let positive, classes.count == 2 else { return false }
            return classes[positive] == positiveName && classes[1 - positive] == negativeName
        }
        guard matches(thresholdClasses.ranked, rankedClasses.classes, rankedClasses.positiveClass) else { return false }
        guard thresholdClasses.other != nil else { return true }
        guard let resolved = try? PredictionsLoader.binaryClasses(other.names, columns: other.columns, path: other.path) else { return false }
        return matches(thresholdClasses.other, resolved.classes, resolved.positive)
    }

    /// One core's part of the resamples: its sums of the whole table and of each slice
    /// value, and the slice values with rows at the current score.
    private struct Part: Sendable {
        let resamples: Range<Int>
        var overall: ResampledBinarySums
        var slices: [[ResampledBinarySums]] = []
        var touched: [(column: Int, code: Int)] = []

        init(resamples: Range<Int>) {
            self.resamples = resamples
            overall = ResampledBinarySums(resamples: resamples)
        }

        mutating func makeSlices(_ codes: [UInt32], columns: Int) {
            while slices.count < columns { slices.append([]) }
            for (index, code) in codes.enumerated() {
                let column = index % columns
                while slices[column].count <= Int(code) { slices[column].append(ResampledBinarySums(resamples: resamples)) }
            }
        }

        mutating func closeScore() {
            overall.closeScore()
            for (column, code) in touched { slices[column][code].closeScore() }
            touched.removeAll(keepingCapacity: true)
        }

        mutating func draw(_ rows: [Row], codes: [UInt32], columns: Int, streams: [UInt64], threshold: Double) {
            var draws = [UInt32](repeating: 0, count: resamples.count)
            let streams = Array(streams[resamples])
            for (index, row) in rows.enumerated() {
                if row.closesScore { closeScore() }
                draws.withUnsafeMutableBufferPointer { draws in
                    PairedBootstrap.draw(key: row.key, count: row.count, streams: streams, into: draws)
                }
                draws.withUnsafeBufferPointer { draws in
                    overall.add(label: row.label, predicted: row.predicted, score: row.score, weight: row.weight, threshold: threshold, draws: draws)
                    for column in 0..<columns {
                        let code = Int(codes[index * columns + column])
                        if slices[column][code].isOpen == false { touched.append((column, code)) }
                        slices[column][code].add(
                            label: row.label, predicted: row.predicted, score: row.score, weight: row.weight, threshold: threshold, draws: draws)
                    }
                }
            }
        }
    }
}

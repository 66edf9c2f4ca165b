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
/// before the first row; ``drewWith(rankedClasses:)`` checks the loaders resolved the
/// same. The in-memory bootstrap draws each distinct content once, Poisson(its count):
/// rows the server sent apart with one content (they differ in a slice column, or in a
/// cell's text that reads as the same number, `0.5` and `0.50`) meet at one score, so
/// the contents of a score are merged before they are drawn, in the whole table and in
/// each slice value, as the in-memory bootstrap merges each scope's rows. Two contents
/// of one key (which the in-memory bootstrap moves apart in order of first appearance)
/// unfold the read.
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
    /// The distinct contents met at the current score (of the ranked model), merged,
    /// and where each one's key is among them.
    private var atScore: [Content] = []
    private var atScoreIndex: [UInt64: Int] = [:]
    /// The contents of the scores ended since the last ``draw()``, each as it is drawn
    /// in each scope, to be drawn on every core.
    private var pending: [Item] = []
    private let sliceCount: Int
    private var classKeys: [String: UInt64] = [:]
    private var wordBuffer: [UInt64] = []
    /// Why the rows cannot be drawn as the in-memory bootstrap draws them.
    private(set) var unfolded: String?

    /// A distinct content at the current score: the rows the server sent with it (rows
    /// that differ only in a slice column, or in a cell's text that reads as the same
    /// number), their count in all and in each slice value.
    private struct Content {
        var key: UInt64
        var words: [UInt64]
        var count: UInt64
        var label: Int
        var predicted: Int?
        var score: Double
        var weight: Double
        /// Per slice column: the count of each slice value's code.
        var sliceCounts: [[UInt32: UInt64]]
    }

    /// A content as one scope draws it (the whole table: `column` −1; a slice value),
    /// or the end of a score (`column` −2).
    private struct Item {
        var column: Int
        var code: Int
        var key: UInt64
        var count: UInt64
        var label: Int
        var predicted: Int?
        var score: Double
        var weight: Double

        static let endOfScore = Item(column: -2, code: 0, key: 0, count: 0, label: 0, predicted: nil, score: 0, weight: 0)
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
        if closesScore { endScore() }
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
        // Rows of one content are drawn as one distinct row, as in memory (the same score:
        // they are met at one score).
        let key = DistinctRows.key(words)
        if let index = atScoreIndex[key] {
            guard atScore[index].words == words else {
                // Two contents of one key: in memory the later moves to another key.
                unfolded = "two contents have the same 64-bit key"
                return
            }
            atScore[index].count += UInt64(count)
            for (column, code) in sliceCodes.enumerated() { atScore[index].sliceCounts[column][code, default: 0] += UInt64(count) }
        } else {
            atScoreIndex[key] = atScore.count
            atScore.append(
                Content(
                    key: key, words: words, count: UInt64(count), label: label, predicted: predicted, score: score, weight: weight ?? 1,
                    sliceCounts: sliceCodes.map { [$0: UInt64(count)] }))
        }
    }

    /// Ends the current score: its contents are to be drawn, in the whole table and in
    /// each slice value (in order of first appearance, each slice value by code).
    private mutating func endScore() {
        guard !atScore.isEmpty else { return }
        for content in atScore {
            func item(_ column: Int, _ code: Int, _ count: UInt64) -> Item {
                Item(
                    column: column, code: code, key: content.key, count: count, label: content.label, predicted: content.predicted,
                    score: content.score, weight: content.weight)
            }
            pending.append(item(-1, 0, content.count))
            for (column, counts) in content.sliceCounts.enumerated() {
                for (code, count) in counts.sorted(by: { $0.key < $1.key }) { pending.append(item(column, Int(code), count)) }
            }
        }
        pending.append(.endOfScore)
        atScore.removeAll(keepingCapacity: true)
        atScoreIndex.removeAll(keepingCapacity: true)
    }

    /// Draws the contents of the scores ended since the last call in every resample,
    /// each core its part of the resamples; the other model's loader then forgets its
    /// rows (the current score's contents are kept, merged, until it ends).
    mutating func draw() {
        defer {
            pending.removeAll(keepingCapacity: true)
            other.forgetRows()
        }
        guard unfolded == nil, !pending.isEmpty else { return }
        for part in parts.indices { parts[part].makeSlices(pending, columns: sliceCount) }
        let items = pending, streams = streams, threshold = rankedThreshold
        parts.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedWrites(buffer)
            DispatchQueue.concurrentPerform(iterations: shared.buffer.count) { part in
                shared.buffer[part].draw(items, streams: streams, threshold: threshold)
            }
        }
    }

    /// Each scope's sums, in parts that together hold every resample, once every batch is
    /// drawn: the whole table's (suffix "") and each slice value's (`[column=value]`,
    /// ``ModelGate``'s scope suffixes), with the ranked loader's slice columns and values
    /// by code; nil when the rows could not be drawn as in memory.
    mutating func finish(sliceColumns: [String], sliceValues: [[String]]) -> [String: [ResampledBinarySums]]? {
        endScore()
        draw()
        guard unfolded == nil else { return nil }
        var scopes: [String: [ResampledBinarySums]] = [:]
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

        mutating func makeSlices(_ items: [Item], columns: Int) {
            while slices.count < columns { slices.append([]) }
            for item in items where item.column >= 0 {
                while slices[item.column].count <= item.code { slices[item.column].append(ResampledBinarySums(resamples: resamples)) }
            }
        }

        mutating func closeScore() {
            overall.closeScore()
            for (column, code) in touched { slices[column][code].closeScore() }
            touched.removeAll(keepingCapacity: true)
        }

        mutating func draw(_ items: [Item], streams: [UInt64], threshold: Double) {
            var draws = [UInt32](repeating: 0, count: resamples.count)
            let streams = Array(streams[resamples])
            // The draws last made: a content's scopes that count it alike draw it alike.
            var drawn: (key: UInt64, count: UInt64)?
            for item in items {
                guard item.column != -2 else {
                    closeScore()
                    continue
                }
                if drawn.map({ $0 != (item.key, item.count) }) ?? true {
                    draws.withUnsafeMutableBufferPointer { draws in
                        PairedBootstrap.draw(key: item.key, count: item.count, streams: streams, into: draws)
                    }
                    drawn = (item.key, item.count)
                }
                draws.withUnsafeBufferPointer { draws in
                    if item.column < 0 {
                        overall.add(
                            label: item.label, predicted: item.predicted, score: item.score, weight: item.weight, threshold: threshold,
                            draws: draws)
                    } else {
                        if slices[item.column][item.code].isOpen == false { touched.append((item.column, item.code)) }
                        slices[item.column][item.code].add(
                            label: item.label, predicted: item.predicted, score: item.score, weight: item.weight, threshold: threshold,
                            draws: draws)
                    }
                }
            }
        }
    }
}

import Foundation

/// The paired bootstrap folded into a ranked read of a candidate's predictions joined
/// with its champion's (``ChampionPairing``): the read ranks one model (its score
/// orders the rows; ``RankedScoresConsumer`` folds them into that model's sums), and
/// this draws every grouped row in every resample and adds it to that model's sums of
/// each resample (``ResampledBinarySums``), the whole table's and each slice value's.
/// Two such reads, one in each model's score order, give the two sides of every
/// resample; nothing is kept per row.
///
/// A row's draws are the in-memory bootstrap's (``PairedDraws``): seeded by its content
/// key, the words of both models' label, prediction, score and weight, the candidate's
/// first, as ``Predictions/appendWords(of:classKeys:)`` gives them; a score's rows are
/// one run, merged before they are drawn. A model without a prediction column predicts
/// from its score and threshold, so its classes (``ChampionPairing/labels``, resolved
/// as the loader resolves them) must be known before the first row;
/// ``drewWith(rankedClasses:)`` checks the loaders resolved the same.
///
/// Rows of one score come in descending order of the rest of their content's numbers
/// (``ties(ranked:other:)``, checked as they come), so that rows of one content meet in
/// a run of rows equal in all of them: each such run is merged and drawn, and a run's
/// contents differ only in their labels and predictions, however few values the score
/// takes. The ranking's tie of scores goes on across them.
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
    private var draws: PairedDraws<ResampledBinarySums>
    private var classKeys: [String: UInt64] = [:]
    private var wordBuffer: [UInt64] = []
    /// The last row's ties and the current row's (``ties(ranked:other:)``' values).
    private var previousTies: [Double] = []
    private var currentTies: [Double] = []

    /// The columns a ranked read orders the rows of one score by: the other model's score,
    /// then the ranked model's weight and the other's (those there are).
    static func ties(ranked: PredictionColumns, other: PredictionColumns) -> [String] {
        guard case .column(let score)? = other.scores else { return [] }
        return [score] + [ranked.weight, other.weight].compactMap { $0 }
    }

    /// The most distinct contents a run of rows held at once.
    var largestRun: Int { draws.largestRun }

    /// Why the rows cannot be drawn as the in-memory bootstrap draws them.
    var unfolded: String? { draws.unfolded }

    init(
        other: PredictionsLoader.Consumer, rankedIsCandidate: Bool, rankedColumns: PredictionColumns,
        thresholdClasses: (ranked: (String, String)?, other: (String, String)?), settings: BootstrapSettings
    ) {
        self.other = other
        self.rankedIsCandidate = rankedIsCandidate
        self.thresholdClasses = thresholdClasses
        rankedThreshold = rankedColumns.threshold
        otherThreshold = other.columns.threshold
        draws = PairedDraws(settings: settings, slices: rankedColumns.slices.count) { _, _, resamples in ResampledBinarySums(resamples: resamples) }
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
        guard draws.isDrawing else { return }
        currentTies.removeAll(keepingCapacity: true)
        currentTies.append(other.scores[row])
        if let weight { currentTies.append(weight) }
        if other.weightIndex != nil { currentTies.append(other.weights[row]) }
        if closesScore {
            draws.endRun()
        } else {
            switch RunStep(currentTies, after: previousTies) {
            case .same: break
            case .next: draws.endRun(closing: false)
            case .outOfOrder:
                draws.unfold("the server sent \(currentTies) after \(previousTies) at one score")
                return
            }
        }
        swap(&previousTies, &currentTies)
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
                draws.unfold("a model without a prediction column whose classes are not known ahead")
                return
            }
        }
        // Rows of one content are drawn as one distinct row, as in memory (the same score:
        // they are met at one score).
        draws.add(
            words: words,
            row: ResampledBinarySums.Row(label: label, predicted: predicted, score: score, weight: weight ?? 1, threshold: rankedThreshold),
            count: count, sliceCodes: sliceCodes)
    }

    /// Draws the rows of the scores ended since the last call in every resample, each
    /// core its part of the resamples; the other model's loader then forgets its rows.
    mutating func draw() {
        draws.draw()
        other.forgetRows()
    }

    /// Each scope's sums, in parts that together hold every resample, once every batch is
    /// drawn (``PairedDraws/finish(sliceColumns:sliceValues:)``); nil when the rows could
    /// not be drawn as in memory.
    mutating func finish(sliceColumns: [String], sliceValues: [[String]]) -> [String: [ResampledBinarySums]]? {
        draws.finish(sliceColumns: sliceColumns, sliceValues: sliceValues)
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
}

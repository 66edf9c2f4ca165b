import Foundation

/// A binary model's metrics on every resample of a paired bootstrap, gathered in one pass
/// over rows that arrive in descending order of the model's score, each standing for
/// `count` rows: the streamed form of ``PairedBootstrap``, whose memory does not grow
/// with the rows (a few numbers per resample).
///
/// Each row is drawn, in each resample, as ``PairedBootstrap`` draws a distinct row
/// (``PairedBootstrap/draw(key:count:streams:into:)``: Poisson with its count as the
/// mean, seeded from the seed, the resample and the row's content key), so a resample
/// here holds the rows the in-memory bootstrap's resample of the same index holds, and
/// its metrics are that resample's ``MetricEvaluator`` values (sums added in another
/// order: equal to rounding). Each resample keeps a ``BinaryScoreSums``; a row's terms
/// (its log loss and Brier terms) are computed once and scaled by each resample's draw.
///
/// The pass ranks one model: the candidate's sums come from rows in the candidate's score
/// order and the champion's from a second pass in the champion's; the draws of a row are
/// the same in both, which pairs them.
struct ResampledBinarySums: ResampledSums {
    /// The resamples kept here (a part of them, when the resamples are shared out over
    /// the cores).
    let resamples: Range<Int>
    /// Each resample's sums, `sums[i]` resample `resamples.lowerBound + i`'s: the
    /// loader's provisional class codes, as ``BinaryScoreSums`` keeps them.
    private var sums: [BinaryScoreSums]
    /// Whether rows were passed since the last score ended.
    private(set) var isOpen = false

    /// Sums for resamples `resamples`.
    init(resamples: Range<Int>) {
        self.resamples = resamples
        sums = Array(repeating: BinaryScoreSums(curvePoints: nil), count: resamples.count)
    }

    /// A row as ``BinaryScoreSums/add(label:predicted:score:multiplicity:weight:threshold:)``
    /// takes it.
    struct Row: Sendable {
        var label: Int
        var predicted: Int?
        var score: Double
        var weight: Double
        var threshold: Double
    }

    /// A ranking's scores are runs of rows.
    static var closesRuns: Bool { true }

    /// Passes a row at the current score (or lower than the last row's, after
    /// ``closeRun()``), drawn `draws[i]` times by resample `resamples.lowerBound + i`.
    mutating func add(_ row: Row, draws: UnsafeBufferPointer<UInt32>) {
        precondition(draws.count == sums.count)
        isOpen = true
        let terms = BinaryScoreSums.Terms(row.score)
        sums.withUnsafeMutableBufferPointer { sums in
            for index in 0..<draws.count where draws[index] > 0 {
                sums[index].add(
                    label: row.label, predicted: row.predicted, score: row.score, multiplicity: draws[index], weight: row.weight,
                    threshold: row.threshold, terms: terms)
            }
        }
    }

    /// Ends the current score: its rows become one threshold of every resample's ranking.
    mutating func closeRun() {
        isOpen = false
        sums.withUnsafeMutableBufferPointer { sums in
            for index in sums.indices where sums[index].groupWeight > 0 { sums[index].closeScore() }
        }
    }

    /// Resample `resample`'s metrics (of `resamples`), once every row is in and the last
    /// score closed: `classes` and `names` as ``BinaryScoreSums/metrics(classes:names:)``
    /// takes them.
    func metrics(resample: Int, classes: ClassificationPredictions, names: [String]) -> BinaryScoreMetrics {
        sums[resample - resamples.lowerBound].metrics(classes: classes, names: names)
    }

    /// The paired bootstrap's distributions (``PairedBootstrap/run(candidate:baseline:metrics:)``)
    /// from the candidate's pass and the champion's, each in parts that together hold
    /// resamples `0..<resamples`, with each model's classes and provisional codes' names.
    static func distributions(
        candidate: [ResampledBinarySums], classes: ClassificationPredictions, names: [String],
        baseline: [ResampledBinarySums], baselineClasses: ClassificationPredictions, baselineNames: [String],
        resamples: Int, metrics: [Metric]
    ) -> [PairedBootstrap.Distribution] {
        func part(_ parts: [ResampledBinarySums], _ resample: Int) -> ResampledBinarySums {
            guard let found = parts.first(where: { $0.resamples.contains(resample) }) else {
                preconditionFailure("no part holds resample \(resample)")
            }
            return found
        }
        return PairedBootstrap.distributions(resamples: resamples, metrics: metrics) { resample in
            (
                part(candidate, resample).metrics(resample: resample, classes: classes, names: names),
                part(baseline, resample).metrics(resample: resample, classes: baselineClasses, names: baselineNames)
            )
        }
    }
}

/// A multiclass model's and its champion's sums on every resample of a paired bootstrap
/// (or a classifier's without scores), gathered in one pass over the paired rows as they
/// come, each standing for `count` rows: the streamed form of ``PairedBootstrap`` for
/// checks that need no ranking, whose memory does not grow with the rows (each resample keeps a
/// ``MulticlassScoreSums`` per model: the confusion counts, the log loss and Brier sums,
/// the top-k counts).
///
/// Each row is drawn, in each resample, as ``PairedBootstrap`` draws a distinct row
/// (``PairedDraws``), so a resample here holds the rows the in-memory bootstrap's
/// resample of the same index holds, and its metrics are that resample's
/// ``MetricEvaluator`` values (sums added in another order: equal to rounding). A row's
/// terms are computed once (``MulticlassScoreSums/terms(label:predicted:labelColumn:scores:)``)
/// and added for each draw.
struct ResampledMulticlassSums: ResampledSums {
    /// The resamples kept here (a part of them, when the resamples are shared out over
    /// the cores).
    let resamples: Range<Int>
    /// Each resample's sums of the candidate and of the champion, `candidate[i]`
    /// resample `resamples.lowerBound + i`'s, in each model's provisional class codes.
    private var candidate: [MulticlassScoreSums]
    private var champion: [MulticlassScoreSums]

    /// A paired row: each model's terms and sample weight (1 without a weight column).
    struct Row: Sendable {
        var candidate: MulticlassScoreSums.Terms
        var candidateWeight: Double
        var champion: MulticlassScoreSums.Terms
        var championWeight: Double
    }

    /// The counts have no runs.
    static var closesRuns: Bool { false }
    var isOpen: Bool { true }
    mutating func closeRun() {}

    /// Sums for resamples `resamples`, none drawn, each model's scores ranked by its
    /// score columns' places in the classes' final order (``MulticlassScoreSums/columnRanks``).
    init(resamples: Range<Int>, candidateRanks: [Int], championRanks: [Int]) {
        self.resamples = resamples
        candidate = Array(repeating: MulticlassScoreSums(columnRanks: candidateRanks), count: resamples.count)
        champion = Array(repeating: MulticlassScoreSums(columnRanks: championRanks), count: resamples.count)
    }

    /// Adds `row`, drawn `draws[i]` times by resample `resamples.lowerBound + i`.
    mutating func add(_ row: Row, draws: UnsafeBufferPointer<UInt32>) {
        precondition(draws.count == candidate.count)
        candidate.withUnsafeMutableBufferPointer { candidate in
            champion.withUnsafeMutableBufferPointer { champion in
                for index in 0..<draws.count where draws[index] > 0 {
                    candidate[index].add(row.candidate, multiplicity: draws[index], weight: row.candidateWeight)
                    champion[index].add(row.champion, multiplicity: draws[index], weight: row.championWeight)
                }
            }
        }
    }

    /// Each model's classes and the names of its provisional codes, as
    /// ``MulticlassScoreMetrics`` takes them.
    struct Model: Sendable {
        var classes: ClassificationPredictions
        var names: [String]
        var weighted: Bool
    }

    /// The paired bootstrap's distributions (``PairedBootstrap/run(candidate:baseline:metrics:)``)
    /// from parts that together hold resamples `0..<resamples`.
    static func distributions(
        _ parts: [ResampledMulticlassSums], candidate: Model, champion: Model, resamples: Int, metrics: [Metric]
    ) -> [PairedBootstrap.Distribution] {
        func metricsOf(_ sums: MulticlassScoreSums, _ model: Model) -> MulticlassScoreMetrics {
            MulticlassScoreMetrics(
                classes: model.classes, rows: sums, rowNames: model.names, ranking: nil, rankingNames: [], columnClasses: [],
                weighted: model.weighted)
        }
        return PairedBootstrap.distributions(resamples: resamples, metrics: metrics) { resample in
            guard let part = parts.first(where: { $0.resamples.contains(resample) }) else {
                preconditionFailure("no part holds resample \(resample)")
            }
            let index = resample - part.resamples.lowerBound
            return (metricsOf(part.candidate[index], candidate), metricsOf(part.champion[index], champion))
        }
    }
}

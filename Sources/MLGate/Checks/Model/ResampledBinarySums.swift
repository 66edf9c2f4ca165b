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
/// order: equal to rounding). A row's terms (its log loss and Brier term) are computed
/// once and scaled by each resample's draw.
///
/// The pass ranks one model: the candidate's sums come from rows in the candidate's score
/// order and the champion's from a second pass in the champion's; the draws of a row are
/// the same in both, which pairs them.
struct ResampledBinarySums: Sendable {
    /// The classes (sorted, with the positive one), as the loader resolved them.
    let classes: ClassificationPredictions
    /// The resamples kept here (a part of them, when the resamples are shared out over
    /// the cores).
    let resamples: Range<Int>
    private let positive: Int
    private let classCount: Int
    /// Per resample (offset from `resamples.lowerBound`): the weighted confusion matrix,
    /// flat, `label * classCount + predicted`, and which cells a drawn row fell in.
    private var confusion: [Double]
    private var seen: [Bool]
    /// Per resample: Σ m, Σ m·(−log p(label)) and Σ m·(p − outcome)², m the row's draw
    /// times its sample weight.
    private var weight: [Double]
    private var logLoss: [Double]
    private var brier: [Double]
    /// Per resample: the ranking so far and the positive and negative weight at the
    /// current score.
    private var passes: [RankingPass]
    private var groupPositives: [Double]
    private var groupNegatives: [Double]

    /// Sums for resamples `resamples` of a binary model with these classes (no rows; one
    /// or two classes, one score column: the positive class's probability).
    init(classes: ClassificationPredictions, resamples: Range<Int>) {
        precondition(classes.classes.count <= 2 && classes.positiveClass != nil, "a binary model's classes")
        self.classes = classes
        self.resamples = resamples
        positive = classes.positiveClass!
        classCount = classes.classes.count
        let count = resamples.count
        confusion = Array(repeating: 0, count: count * classCount * classCount)
        seen = Array(repeating: false, count: count * classCount * classCount)
        weight = Array(repeating: 0, count: count)
        logLoss = Array(repeating: 0, count: count)
        brier = Array(repeating: 0, count: count)
        passes = Array(repeating: RankingPass(), count: count)
        groupPositives = Array(repeating: 0, count: count)
        groupNegatives = Array(repeating: 0, count: count)
    }

    /// Passes a row at the current score (or lower than the last row's, after
    /// ``closeScore()``): its label and predicted class (indices into the classes), the
    /// positive class's probability, its sample weight (1 without a weight column), and
    /// how often each resample of `resamples` draws it (`draws[i]` for resample
    /// `resamples.lowerBound + i`).
    mutating func add(label: Int, predicted: Int, score: Double, weight sampleWeight: Double, draws: UnsafeBufferPointer<UInt32>) {
        precondition(draws.count == resamples.count)
        let epsilon = Double.ulpOfOne
        let isPositive = label == positive
        let lossTerm = -Foundation.log(min(max(isPositive ? score : 1 - score, epsilon), 1 - epsilon))
        let outcome: Double = isPositive ? 1 : 0
        let brierTerm = (score - outcome) * (score - outcome)
        let cells = classCount * classCount, cell = label * classCount + predicted
        for index in 0..<draws.count where draws[index] > 0 {
            let m = Double(draws[index]) * sampleWeight
            confusion[index * cells + cell] += m
            seen[index * cells + cell] = true
            weight[index] += m
            logLoss[index] += m * lossTerm
            brier[index] += m * brierTerm
            if isPositive { groupPositives[index] += m } else { groupNegatives[index] += m }
        }
    }

    /// Ends the current score: its rows become one threshold of every resample's ranking.
    mutating func closeScore() {
        for index in passes.indices where groupPositives[index] > 0 || groupNegatives[index] > 0 {
            passes[index].close(positives: groupPositives[index], negatives: groupNegatives[index])
            groupPositives[index] = 0
            groupNegatives[index] = 0
        }
    }

    /// Resample `resample`'s metrics (of `resamples`), once every row is in and the last
    /// score closed.
    func metrics(resample: Int) -> BinaryScoreMetrics {
        let index = resample - resamples.lowerBound
        let cells = classCount * classCount
        var present = [Bool](repeating: false, count: classCount)
        for cell in 0..<cells where seen[index * cells + cell] {
            present[cell / classCount] = true
            present[cell % classCount] = true
        }
        let matrix = (0..<classCount).map { label in
            Array(confusion[(index * cells + label * classCount)..<(index * cells + (label + 1) * classCount)])
        }
        return BinaryScoreMetrics(
            counts: ClassificationMetrics(classes: classes, confusion: matrix, presentLabels: present.indices.filter { present[$0] }),
            ranking: passes[index], weight: weight[index], logLoss: logLoss[index], brier: brier[index])
    }

    /// Whether every metric of `metrics` is answered from these sums: a binary model's
    /// counts, sums and ranking (``BinaryScoreSums/answers(_:)``).
    static func answers(_ metrics: [Metric]) -> Bool {
        BinaryScoreSums.answers(metrics)
    }

    /// The paired bootstrap's distributions (``PairedBootstrap/run(candidate:baseline:metrics:)``)
    /// from the candidate's pass and the champion's, each in parts that together hold
    /// resamples `0..<resamples`.
    static func distributions(
        candidate: [ResampledBinarySums], baseline: [ResampledBinarySums], resamples: Int, metrics: [Metric]
    ) -> [PairedBootstrap.Distribution] {
        func part(_ parts: [ResampledBinarySums], _ resample: Int) -> ResampledBinarySums {
            guard let found = parts.first(where: { $0.resamples.contains(resample) }) else {
                preconditionFailure("no part holds resample \(resample)")
            }
            return found
        }
        let values = (0..<resamples).map { resample -> [(Double, Double)?] in
            let candidateMetrics = part(candidate, resample).metrics(resample: resample)
            let baselineMetrics = part(baseline, resample).metrics(resample: resample)
            return metrics.map { metric in
                guard let candidateValue = candidateMetrics.value(of: metric).number,
                    let baselineValue = baselineMetrics.value(of: metric).number
                else { return nil }
                return PairedBootstrap.drop(metric, candidate: candidateValue, baseline: baselineValue)
            }
        }
        return PairedBootstrap.distributions(values, metrics: metrics.count)
    }
}

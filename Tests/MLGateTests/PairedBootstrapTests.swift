import Foundation
import Testing

@testable import MLGate

/// The paired bootstrap draws distinct rows (Poisson, seeded by each row's content):
/// the same intervals in any row order and whether identical rows come one by one or
/// grouped with a count, and intervals as wide as the drop's standard error says.
@Suite struct PairedBootstrapTests {
    /// `rows` paired rows: a label, the candidate's and the champion's predicted class
    /// (right 80% and 75% of the time) and their scores (two decimals: many rows repeat).
    static func rows(_ count: Int, seed: UInt64) -> (candidate: ClassificationPredictions, champion: ClassificationPredictions) {
        var generator = SplitMix64(seed: seed)
        func uniform() -> Double { PoissonDraw.uniform(&generator) }
        var labels: [Int32] = [], candidate: [Int32] = [], champion: [Int32] = []
        var candidateScores: [Double] = [], championScores: [Double] = []
        for _ in 0..<count {
            let label: Int32 = uniform() < 0.4 ? 1 : 0
            labels.append(label)
            candidate.append(uniform() < 0.8 ? label : 1 - label)
            champion.append(uniform() < 0.75 ? label : 1 - label)
            candidateScores.append(((Double(candidate.last!) * 0.5 + uniform() * 0.5) * 100).rounded() / 100)
            championScores.append(((Double(champion.last!) * 0.5 + uniform() * 0.5) * 100).rounded() / 100)
        }
        func predictions(_ predicted: [Int32], _ scores: [Double]) -> ClassificationPredictions {
            ClassificationPredictions(
                classes: ["0", "1"], positiveClass: 1, labels: labels, predicted: predicted, scores: scores, scoreWidth: 1)
        }
        return (predictions(candidate, candidateScores), predictions(champion, championScores))
    }

    static let metrics: [Metric] = [.accuracy, .rocAUC(nil, .macro), .logLoss]

    static func distributions(
        _ candidate: ClassificationPredictions, _ champion: ClassificationPredictions, multiplicities: [UInt32]? = nil,
        resamples: Int = 300
    ) async -> [PairedBootstrap.Distribution] {
        await PairedBootstrap(settings: BootstrapSettings(resamples: resamples, seed: 9)).run(
            candidate: MetricEvaluator(.classification(candidate), multiplicities: multiplicities),
            baseline: MetricEvaluator(.classification(champion)), metrics: metrics)
    }

    static func expectClose(_ a: [PairedBootstrap.Distribution], _ b: [PairedBootstrap.Distribution]) {
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            #expect(x.undefined == y.undefined)
            #expect(x.drops.count == y.drops.count)
            for (p, q) in zip(x.drops, y.drops) {
                #expect(abs(p - q) <= 1e-12 * max(1, abs(p)), "\(p) vs \(q)")
            }
        }
    }

    @Test func theRowsOrderDoesNotMatter() async {
        let (candidate, champion) = Self.rows(600, seed: 1)
        var order = Array(0..<600)
        var generator = SplitMix64(seed: 2)
        order.shuffle(using: &generator)
        let inOrder = await Self.distributions(candidate, champion)
        let shuffled = await Self.distributions(candidate.subset(order), champion.subset(order))
        Self.expectClose(inOrder, shuffled)
        // The drops vary: the resamples differ from each other.
        #expect(Set(inOrder[0].drops).count > 20)
    }

    @Test func identicalRowsGroupedWithACountAreDrawnAsTheRows() async {
        let (candidate, champion) = Self.rows(900, seed: 3)
        let distinct = PairedBootstrap.distinct(.classification(candidate), .classification(champion), multiplicities: nil)
        #expect(distinct.count < 900, "two-decimal scores repeat")
        #expect(distinct.counts.reduce(0, +) == 900)
        // The distinct rows with their counts, as a database sends them grouped.
        let grouped = await Self.distributions(
            candidate.subset(distinct.representatives), champion.subset(distinct.representatives),
            multiplicities: distinct.counts.map { UInt32($0) })
        let oneByOne = await Self.distributions(candidate, champion)
        Self.expectClose(oneByOne, grouped)
    }

    @Test func aDifferentSeedOrRowGivesDifferentDraws() async {
        let (candidate, champion) = Self.rows(600, seed: 1)
        let first = await Self.distributions(candidate, champion)
        var changed = candidate
        changed.scores[0] = changed.scores[0] == 0.5 ? 0.51 : 0.5
        let other = await Self.distributions(changed, champion)
        #expect(first[0].drops != other[0].drops)
    }

    /// The interval of the accuracy drop is as wide as the paired difference's standard
    /// error says (2 × 1.96 × sd(d)/√n, d the per-row difference of correctness), to
    /// 10%, and centred on the observed drop.
    @Test func theIntervalMatchesTheStandardError() async {
        let n = 4000
        let (candidate, champion) = Self.rows(n, seed: 5)
        let differences = (0..<n).map { row -> Double in
            Double(champion.predicted[row] == champion.labels[row] ? 1 : 0)
                - Double(candidate.predicted[row] == candidate.labels[row] ? 1 : 0)
        }
        let mean = differences.reduce(0, +) / Double(n)
        let variance = differences.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        let standardError = (variance / Double(n)).squareRoot()
        let accuracy = await Self.distributions(candidate, champion, resamples: 2000)[0]
        #expect(accuracy.undefined == 0)
        let (low, high) = PairedBootstrap.interval(accuracy.drops, confidence: 0.95)!
        let ratio = (high - low) / (2 * 1.959964 * standardError)
        #expect(abs(ratio - 1) < 0.1, "width \(high - low), expected \(2 * 1.959964 * standardError)")
        #expect(abs((low + high) / 2 - mean) < 0.15 * standardError, "centre \((low + high) / 2), drop \(mean)")
    }
}

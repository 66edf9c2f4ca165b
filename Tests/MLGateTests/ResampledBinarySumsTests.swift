import Foundation
import Testing

@testable import MLGate

/// The paired bootstrap streamed (``ResampledBinarySums``: each model's pass over the
/// distinct paired rows in its own score order, every resample's sums kept, nothing
/// per row) gives the in-memory bootstrap's distributions (``PairedBootstrap``) on the
/// same rows: the same draws, the same metrics, sums in another order.
@Suite struct ResampledBinarySumsTests {
    static let metrics: [Metric] = [
        .accuracy, .balancedAccuracy, .precision(.binary), .recall(.binary), .f1(.binary), .fbeta(.binary, beta: 2),
        .matthewsCorrcoef, .cohenKappa, .specificity(.binary), .falseNegativeRate(.binary), .rocAUC(nil, .macro),
        .averagePrecision(.binary), .logLoss, .brierScore,
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var rows: Int
        /// Sample weights (some 0), or none.
        var weighted: Bool
        /// Scores rounded to two decimals (ties, repeated rows), or all distinct.
        var rounded: Bool
        /// Labels all of one class: ROC AUC undefined in every resample.
        var oneClass = false
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "two-decimal scores", rows: 700, weighted: false, rounded: true),
        Case(name: "distinct scores, sample weights", rows: 500, weighted: true, rounded: false),
        Case(name: "two-decimal scores, sample weights", rows: 800, weighted: true, rounded: true),
        Case(name: "one class", rows: 300, weighted: false, rounded: true, oneClass: true),
        Case(name: "few rows: resamples with classes missing", rows: 6, weighted: true, rounded: true),
    ]

    static func predictions(_ c: Case) -> (ClassificationPredictions, ClassificationPredictions) {
        var (candidate, champion) = PairedBootstrapTests.rows(c.rows, seed: UInt64(c.rows))
        var generator = SplitMix64(seed: 77)
        if !c.rounded {
            for row in 0..<c.rows {
                candidate.scores[row] = min(1, max(0, candidate.scores[row] + (PoissonDraw.uniform(&generator) - 0.5) / 100))
                champion.scores[row] = min(1, max(0, champion.scores[row] + (PoissonDraw.uniform(&generator) - 0.5) / 100))
            }
        }
        if c.weighted {
            let weights = (0..<c.rows).map { _ in [0, 0.5, 1, 2.25][Int(PoissonDraw.uniform(&generator) * 4)] }
            candidate.weights = weights
            champion.weights = weights
        }
        if c.oneClass {
            candidate.labels = candidate.labels.map { _ in 1 }
            champion.labels = candidate.labels
        }
        return (candidate, champion)
    }

    /// One model's pass: the distinct rows in descending order of its score, each drawn
    /// by every resample of each part.
    static func pass(
        _ model: ClassificationPredictions, _ distinct: DistinctRows, parts: [Range<Int>], seed: UInt64
    ) -> [ResampledBinarySums] {
        let order = distinct.count == 0 ? [] : (0..<distinct.count).sorted {
            model.scores[distinct.representatives[$0]] > model.scores[distinct.representatives[$1]]
        }
        return parts.map { resamples in
            var sums = ResampledBinarySums(resamples: resamples)
            let streams = resamples.map { PairedBootstrap.stream(seed: seed, resample: $0) }
            var draws = [UInt32](repeating: 0, count: resamples.count)
            var previous: Double?
            for index in order {
                let row = distinct.representatives[index]
                if let previous, previous != model.scores[row] { sums.closeRun() }
                previous = model.scores[row]
                draws.withUnsafeMutableBufferPointer { draws in
                    PairedBootstrap.draw(key: distinct.keys[index], count: distinct.counts[index], streams: streams, into: draws)
                }
                draws.withUnsafeBufferPointer { draws in
                    sums.add(
                        ResampledBinarySums.Row(
                            label: Int(model.labels[row]), predicted: Int(model.predicted[row]), score: model.scores[row],
                            weight: model.weights?[row] ?? 1, threshold: 0.5),
                        draws: draws)
                }
            }
            sums.closeRun()
            return sums
        }
    }

    @Test(arguments: cases)
    func streamedDistributionsAreTheInMemoryOnes(_ c: Case) async {
        let (candidate, champion) = Self.predictions(c)
        let settings = BootstrapSettings(resamples: 240, seed: 11)
        let inMemory = await PairedBootstrap(settings: settings).run(
            candidate: MetricEvaluator(.classification(candidate)), baseline: MetricEvaluator(.classification(champion)),
            metrics: Self.metrics)
        let distinct = PairedBootstrap.distinct(.classification(candidate), .classification(champion), multiplicities: nil)
        // The resamples shared out in uneven parts, as over cores.
        let parts = [0..<100, 100..<101, 101..<240]
        let streamed = ResampledBinarySums.distributions(
            candidate: Self.pass(candidate, distinct, parts: parts, seed: settings.seed), classes: candidate.subset([]),
            names: candidate.classes, baseline: Self.pass(champion, distinct, parts: parts, seed: settings.seed),
            baselineClasses: champion.subset([]), baselineNames: champion.classes, resamples: 240, metrics: Self.metrics)
        #expect(streamed.count == Self.metrics.count)
        for (metric, (a, b)) in zip(Self.metrics, zip(inMemory, streamed)) {
            #expect(a.undefined == b.undefined, "\(metric.name): undefined \(a.undefined) vs \(b.undefined)")
            #expect(a.drops.count == b.drops.count, "\(metric.name)")
            for (p, q) in zip(a.drops, b.drops) {
                #expect(abs(p - q) <= 1e-12, "\(metric.name): \(p) vs \(q)")
            }
            for (p, q) in zip(a.relativeDrops, b.relativeDrops) where p.isFinite || q.isFinite {
                #expect(abs(p - q) <= 1e-12 * max(1, abs(p)), "\(metric.name): relative \(p) vs \(q)")
            }
        }
        if c.oneClass {
            #expect(streamed[Self.metrics.firstIndex(of: .rocAUC(nil, .macro))!].undefined == 240)
        } else if c.rows > 100 {
            // The drops vary from resample to resample: the draws are not all alike.
            #expect(Set(streamed[0].drops).count > 20)
        }
    }

    /// A row's draw is the in-memory bootstrap's for the same key, count and resample.
    @Test func aRowsDrawsAreTheInMemoryBootstrapsDraws() {
        let (candidate, champion) = PairedBootstrapTests.rows(400, seed: 4)
        let distinct = PairedBootstrap.distinct(.classification(candidate), .classification(champion), multiplicities: nil)
        let streams = (0..<50).map { PairedBootstrap.stream(seed: 5, resample: $0) }
        var counts = [UInt32](repeating: 0, count: distinct.count)
        var perRow = [[UInt32]](repeating: [], count: distinct.count)
        for index in 0..<distinct.count {
            var draws = [UInt32](repeating: 0, count: 50)
            draws.withUnsafeMutableBufferPointer { draws in
                PairedBootstrap.draw(key: distinct.keys[index], count: distinct.counts[index], streams: streams, into: draws)
            }
            perRow[index] = draws
        }
        for resample in 0..<50 {
            PairedBootstrap.draw(into: &counts, distinct, seed: 5, resample: resample)
            #expect(counts == perRow.map { $0[resample] })
        }
        #expect(perRow.contains { $0.contains(0) } && perRow.contains { $0.contains { $0 > 1 } })
    }
}

import Foundation
import Testing

@testable import MLGate

/// A regressor's paired bootstrap drawn as a server's grouped rows come
/// (``PairedDraws`` of ``ResampledRegressionSums``: runs of equal candidate predictions,
/// rows of one content sent apart and merged, nothing per row) gives the in-memory
/// bootstrap's distributions (``PairedBootstrap``) on the same rows, in the whole table
/// and in each slice value: the same draws, the same metrics, sums in another order and
/// the deviations gathered in one pass.
@Suite struct ResampledRegressionSumsTests {
    static let metrics: [Metric] = [
        .meanAbsoluteError, .meanSquaredError, .rootMeanSquaredError, .meanAbsolutePercentageError, .maxError, .r2, .explainedVariance,
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var rows: Int
        /// Sample weights (some 0), or none.
        var weighted: Bool
        /// Labels far from 0 (a mean of 10⁴, a spread of a few units): the deviations'
        /// one-pass update must not lose them.
        var offset: Double
        /// Every row's label its own (no resample whose labels are all one: there R² and
        /// explained variance divide by deviations that are 0, or the in-memory mean's
        /// rounding away from it, ``ResampledRegressionSums``).
        var distinctLabels = false
        /// How far the drops may be apart, relative: the deviations of labels far from
        /// their spread round at about ε·(mean/spread)² in either computation.
        var tolerance = 1e-12
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unweighted", rows: 900, weighted: false, offset: 0),
        Case(name: "sample weights", rows: 700, weighted: true, offset: 0),
        Case(name: "labels near 10^4, sample weights", rows: 800, weighted: true, offset: 10_000, tolerance: 1e-9),
        Case(name: "few rows: resamples with one row or none", rows: 5, weighted: true, offset: 3, distinctLabels: true),
    ]

    /// The candidate's and champion's predictions of the same rows (predictions with one
    /// decimal: runs of several rows, contents that repeat), and each row's slice value.
    static func rows(_ c: Case) -> (RegressionPredictions, RegressionPredictions, [UInt32]) {
        var generator = SplitMix64(seed: UInt64(c.rows) &+ 9)
        func uniform() -> Double { PoissonDraw.uniform(&generator) }
        var labels: [Double] = [], candidate: [Double] = [], champion: [Double] = [], weights: [Double] = [], slices: [UInt32] = []
        for row in 0..<c.rows {
            // No label of 0: scikit-learn's MAPE divides by machine epsilon there, and its
            // terms of 10¹⁵ leave the others to rounding.
            let label = c.offset + 0.5 + (c.distinctLabels ? Double(row) * 1.25 : (uniform() * 8).rounded() / 2)
            labels.append(label)
            candidate.append(((label + uniform() * 2 - 1) * 10).rounded() / 10)
            champion.append(((label + uniform() * 3 - 1.5) * 10).rounded() / 10)
            weights.append([0, 0.5, 1, 2.25][Int(uniform() * 4)])
            slices.append(UInt32(uniform() * 3))
        }
        let w = c.weighted ? weights : nil
        return (
            RegressionPredictions(labels: labels, predicted: candidate, weights: w), RegressionPredictions(labels: labels, predicted: champion, weights: w),
            slices
        )
    }

    /// A paired row's content and slice value, as a server groups the rows.
    struct Group: Hashable {
        var label: Double, candidate: Double, candidateWeight: Double, champion: Double, championWeight: Double, slice: UInt32

        /// The content's words (``PairedRegressionConsumer/pairedRow(_:candidate:champion:words:)``'s).
        var words: [UInt64] { [label, candidate, candidateWeight, label, champion, championWeight].map(DistinctRows.word) }
    }

    /// The rows grouped as a server groups them (by content and slice value), with their counts.
    static func grouped(_ candidate: RegressionPredictions, _ champion: RegressionPredictions, slices: [UInt32]) -> [Group: UInt32] {
        var counts: [Group: UInt32] = [:]
        for row in candidate.labels.indices {
            let group = Group(
                label: candidate.labels[row], candidate: candidate.predicted[row], candidateWeight: candidate.weights?[row] ?? 1,
                champion: champion.predicted[row], championWeight: champion.weights?[row] ?? 1, slice: slices[row])
            counts[group, default: 0] += 1
        }
        return counts
    }

    /// The rows grouped (``grouped(_:_:slices:)``), sent in descending order of the
    /// candidate's prediction (ties in no particular order), in batches.
    static func streamed(
        _ candidate: RegressionPredictions, _ champion: RegressionPredictions, slices: [UInt32], settings: BootstrapSettings
    ) -> [String: [ResampledRegressionSums]]? {
        let counts = grouped(candidate, champion, slices: slices)
        var generator = SplitMix64(seed: 3)
        let groups = counts.keys.map { ($0, generator.next()) }.sorted { ($0.0.candidate, $0.1) > ($1.0.candidate, $1.1) }.map(\.0)
        var draws = PairedDraws(settings: settings, slices: 1) { _, _, resamples in ResampledRegressionSums(resamples: resamples) }
        var previous: Double?
        for (index, group) in groups.enumerated() {
            if let previous, previous != group.candidate { draws.endRun() }
            previous = group.candidate
            draws.add(
                words: group.words,
                row: ResampledRegressionSums.Row(
                    label: group.label, candidate: group.candidate, candidateWeight: group.candidateWeight, champion: group.champion,
                    championWeight: group.championWeight),
                count: counts[group]!, sliceCodes: [group.slice])
            if index % 37 == 36 { draws.draw() }
        }
        return draws.finish(sliceColumns: ["s"], sliceValues: [["a", "b", "c"]])
    }

    @Test(arguments: cases)
    func streamedDistributionsAreTheInMemoryOnes(_ c: Case) async throws {
        let (candidate, champion, slices) = Self.rows(c)
        let settings = BootstrapSettings(resamples: 240, seed: 13)
        let scopes = try #require(Self.streamed(candidate, champion, slices: slices, settings: settings))
        for (suffix, code) in [("", nil), ("[s=a]", 0), ("[s=c]", 2)] as [(String, UInt32?)] {
            let rows = candidate.labels.indices.filter { code == nil || slices[$0] == code }
            guard !rows.isEmpty else { continue }
            let inMemory = await PairedBootstrap(settings: settings).run(
                candidate: MetricEvaluator(.regression(candidate.subset(rows))), baseline: MetricEvaluator(.regression(champion.subset(rows))),
                metrics: Self.metrics)
            let parts = try #require(scopes[suffix], "no scope \(suffix)")
            let streamed = ResampledRegressionSums.distributions(parts, resamples: 240, metrics: Self.metrics)
            for (metric, (a, b)) in zip(Self.metrics, zip(inMemory, streamed)) {
                #expect(a.undefined == b.undefined, "\(suffix) \(metric.name): undefined \(a.undefined) vs \(b.undefined)")
                #expect(a.drops.count == b.drops.count, "\(suffix) \(metric.name)")
                for (p, q) in zip(a.drops, b.drops) {
                    #expect(abs(p - q) <= c.tolerance * max(1, abs(p)), "\(suffix) \(metric.name): \(p) vs \(q)")
                }
                for (p, q) in zip(a.relativeDrops, b.relativeDrops) where p.isFinite || q.isFinite {
                    #expect(abs(p - q) <= c.tolerance * max(1, abs(p)), "\(suffix) \(metric.name): relative \(p) vs \(q)")
                }
            }
            if rows.count > 100 {
                // The drops vary from resample to resample: the draws are not all alike.
                #expect(Set(streamed[0].drops).count > 20, "\(suffix)")
            }
        }
    }

    /// West's update keeps the deviations of labels far from 0 (a mean of 10⁸ and a
    /// spread of a few units, where Σy² − (Σy)²/n keeps nothing): R² and explained
    /// variance as the two-pass metrics give them, to the rounding of either
    /// (ε·(mean/spread)², about 10⁻⁹ here).
    @Test func theDeviationsSurviveAFarMean() {
        let labels = (0..<1000).map { 1e8 + Double($0 % 7) - 3 }
        let predicted = labels.enumerated().map { $1 + Double($0 % 5) / 4 - 0.5 + 0.3 }
        var running = ResampledRegressionSums.Running()
        for (label, estimate) in zip(labels, predicted) {
            running.add(.init(label: label, predicted: estimate), weight: 1, rows: 1)
        }
        let metrics = RegressionMetrics(RegressionPredictions(labels: labels, predicted: predicted, weights: nil))
        for metric in [Metric.r2, .explainedVariance, .meanAbsoluteError, .meanSquaredError] {
            let expected = metrics.value(of: metric).number!, found = running.sums.value(of: metric).number!
            #expect(abs(expected - found) <= 1e-9 * max(1, abs(expected)), "\(metric.name): \(expected) vs \(found)")
        }
    }
}

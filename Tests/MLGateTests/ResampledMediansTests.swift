import Foundation
import Testing

@testable import MLGate

/// A regressor's and its champion's median absolute error on every resample of the
/// paired bootstrap, found as a server sends the grouped rows in each model's errors'
/// order (``PairedDraws`` of ``ResampledMedians``, each resample's total weight from the
/// read in prediction order), are the in-memory bootstrap's (``PairedBootstrap``): the
/// same draws, scikit-learn's averaged weighted percentile at 50 — in the whole table and
/// in each slice value, with weights of 0, resamples of one row or none, and runs of
/// equal errors whose running weight reaches half the total exactly (the mean with the
/// next error drawn).
@Suite struct ResampledMediansTests {
    /// The rows grouped as a server groups them (``ResampledRegressionSumsTests/grouped(_:_:slices:)``),
    /// sent in ascending order of one model's absolute error (ties in no particular
    /// order), in batches, drawn into `totals`' medians.
    static func streamed(
        _ candidate: RegressionPredictions, _ champion: RegressionPredictions, slices: [UInt32], byChampion: Bool,
        totals: ResampledMedians.Totals, settings: BootstrapSettings
    ) -> [String: [ResampledMedians]]? {
        let counts = ResampledRegressionSumsTests.grouped(candidate, champion, slices: slices)
        func error(_ group: ResampledRegressionSumsTests.Group) -> Double { abs(group.label - (byChampion ? group.champion : group.candidate)) }
        var generator = SplitMix64(seed: 5)
        let groups = counts.keys.map { ($0, generator.next()) }.sorted { (error($0.0), $0.1) < (error($1.0), $1.1) }.map(\.0)
        var draws = PairedDraws(settings: settings, slices: 1) { column, code, resamples in
            totals.medians(column: column, code: code, resamples: resamples)
        }
        var previous: Double?
        for (index, group) in groups.enumerated() {
            let error = error(group)
            if let previous, previous != error { draws.endRun() }
            previous = error
            draws.add(
                words: group.words, row: ResampledMedians.Row(error: error, weight: byChampion ? group.championWeight : group.candidateWeight),
                count: counts[group]!, sliceCodes: [group.slice])
            if index % 29 == 28 { draws.draw() }
        }
        return draws.finish(sliceColumns: ["s"], sliceValues: [["a", "b", "c"]])
    }

    @Test(arguments: ResampledRegressionSumsTests.cases)
    func streamedMediansAreTheInMemoryOnes(_ c: ResampledRegressionSumsTests.Case) async throws {
        let (candidate, champion, slices) = ResampledRegressionSumsTests.rows(c)
        let settings = BootstrapSettings(resamples: 240, seed: 13)
        let sums = try #require(ResampledRegressionSumsTests.streamed(candidate, champion, slices: slices, settings: settings))
        func totals(_ parts: [ResampledRegressionSums]?) -> (candidate: [Double], champion: [Double]) {
            ResampledRegressionSums.totalWeights(parts ?? [], resamples: settings.resamples)
        }
        let all = totals(sums[""])
        let sliced = ["a", "b", "c"].map { (value: $0, totals: totals(sums["[s=\($0)]"])) }
        let candidateMedians = try #require(Self.streamed(
            candidate, champion, slices: slices, byChampion: false,
            totals: ResampledMedians.Totals(overall: all.candidate, slices: [sliced.map { ($0.value, $0.totals.candidate) }]), settings: settings))
        let championMedians = try #require(Self.streamed(
            candidate, champion, slices: slices, byChampion: true,
            totals: ResampledMedians.Totals(overall: all.champion, slices: [sliced.map { ($0.value, $0.totals.champion) }]), settings: settings))
        var averaged = 0
        for (suffix, code) in [("", nil), ("[s=a]", 0), ("[s=c]", 2)] as [(String, UInt32?)] {
            let rows = candidate.labels.indices.filter { code == nil || slices[$0] == code }
            guard !rows.isEmpty else { continue }
            let inMemory = await PairedBootstrap(settings: settings).run(
                candidate: MetricEvaluator(.regression(candidate.subset(rows))), baseline: MetricEvaluator(.regression(champion.subset(rows))),
                metrics: [.medianAbsoluteError])[0]
            let medians = (try #require(candidateMedians[suffix]), try #require(championMedians[suffix]))
            let streamed = ResampledRegressionSums.distributions(
                try #require(sums[suffix]), medians: medians, resamples: settings.resamples, metrics: [.medianAbsoluteError])[0]
            // Weights in quarters, labels in halves: every sum exact, the medians equal.
            #expect(inMemory.undefined == streamed.undefined, "\(suffix): undefined \(inMemory.undefined) vs \(streamed.undefined)")
            let differing = zip(inMemory.drops, streamed.drops).filter { $0 != $1 }
            #expect(inMemory.drops.count == streamed.drops.count && differing.isEmpty, "\(suffix): \(differing.count) drops differ, first \(differing.prefix(3))")
            let relative = zip(inMemory.relativeDrops, streamed.relativeDrops).filter { $0.bitPattern != $1.bitPattern }
            #expect(relative.isEmpty, "\(suffix): \(relative.count) relative drops differ, first \(relative.prefix(3))")
            if rows.count > 100 {
                // Errors in tenths: the medians (and so the drops) take a few values.
                #expect(Set(streamed.drops).count > 3, "\(suffix)")
            }
            // A median not a multiple of a tenth is the mean of two errors.
            for part in medians.0 {
                averaged += part.resamples.filter { abs((part.median(resample: $0) * 10).rounded() - part.median(resample: $0) * 10) > 1e-6 }.count
            }
        }
        // (Which rows hit half their total exactly is the data's: these two cases' rows do.)
        if c.rows > 100, c.offset == 0 { #expect(averaged > 0, "no resample's median was a mean of two errors") }
    }
}

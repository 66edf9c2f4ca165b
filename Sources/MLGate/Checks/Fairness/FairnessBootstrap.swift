/// Bootstrap intervals of a fairness gate's measures: the distinct rows are drawn as the
/// model gate's paired bootstrap draws them (Poisson, seeded from the seed, the
/// resample and each row's content), the groups re-tallied on each draw, and every
/// check measured on the same draws.
///
/// A row's content is its label's class, its prediction's class (or, for a model judged
/// by a score and a threshold, the side of the threshold its score falls on: 1 at or
/// above it, 0 below), its weight and its group: words that do not depend on which
/// class is the positive one, so that rows a server sends are drawn as they come
/// (``ResampledFairnessTallies``), before every class is known.
struct FairnessBootstrap: Sendable {
    var settings: BootstrapSettings

    /// A row's content words, as the bootstrap keys it.
    struct ContentWords: Sendable {
        /// The label's class key (`DistinctRows.key` of its name).
        var label: UInt64
        /// The prediction's class key, or the side of the threshold (0 or 1).
        var predicted: UInt64
    }

    /// A group's content word: its values' keys' key.
    static func groupWord(_ values: [String]) -> UInt64 {
        DistinctRows.key(values.map { DistinctRows.key($0) })
    }

    /// Each check's interval at `confidence`, by check name (checks whose measure is
    /// undefined on every draw have none). Row `i` stands for `multiplicities[i]` rows
    /// (1 without: rows read one by one); `words(i)` is its label's and prediction's
    /// content words.
    func intervals(
        _ checks: [FairnessCheck], labels: [Bool], predicted: [Bool], words: @Sendable (Int) -> ContentWords, weights: [Double]?,
        groups: RowGroups, multiplicities: [UInt32]?, features: [String], judged: Set<[String]>, reference: [String]?,
        confidence: Double
    ) async -> [String: (low: Double, high: Double)] {
        let groupWords = groups.keys.map(Self.groupWord)
        let distinct = DistinctRows(count: labels.count, multiplicities: multiplicities) { row, content in
            let classes = words(row)
            content.append(classes.label)
            content.append(classes.predicted)
            content.append(weights.map { DistinctRows.word($0[row]) } ?? DistinctRows.word(1))
            content.append(groupWords[Int(groups.groupOfRow[row])])
        }
        let rows = distinct.representatives
        let labels = rows.map { labels[$0] }, predicted = rows.map { predicted[$0] }
        let weights = weights.map { all in rows.map { all[$0] } }
        let groups = RowGroups(keys: groups.keys, groupOfRow: rows.map { groups.groupOfRow[$0] })
        let samples = await PairedBootstrap.resamples(distinct, settings: settings) { counts in
            let table = FairnessTable(
                labels: labels, predicted: predicted, weights: weights, groups: groups, features: features,
                counts: counts
            ).restricted(to: judged)
            return checks.map { $0.measure(on: table, reference: reference, features: features).value }
        }
        return Self.intervals(checks, samples: samples, confidence: confidence)
    }

    /// Each check's interval at `confidence` from resamples a server's rows were drawn
    /// into as they came (``ResampledFairnessTallies``): the same resamples as the
    /// in-memory bootstrap's of the same rows.
    static func intervals(
        _ checks: [FairnessCheck], drawn: ResampledFairnessTallies.Drawn, judged: Set<[String]>, reference: [String]?,
        confidence: Double
    ) -> [String: (low: Double, high: Double)] {
        let features = drawn.features
        let samples = (0..<drawn.resamples).map { resample in
            let table = drawn.table(resample: resample).restricted(to: judged)
            return checks.map { $0.measure(on: table, reference: reference, features: features).value }
        }
        return intervals(checks, samples: samples, confidence: confidence)
    }

    /// The percentile intervals of each check's values over the resamples.
    private static func intervals(_ checks: [FairnessCheck], samples: [[Double?]], confidence: Double) -> [String: (low: Double, high: Double)] {
        var intervals: [String: (low: Double, high: Double)] = [:]
        for (index, check) in checks.enumerated() {
            let values = samples.compactMap { $0[index] }.sorted()
            if let interval = PairedBootstrap.interval(values, confidence: confidence) { intervals[check.name] = interval }
        }
        return intervals
    }
}

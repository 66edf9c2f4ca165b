/// Bootstrap intervals of a fairness gate's measures: the distinct rows are drawn as the
/// model gate's paired bootstrap draws them (Poisson, seeded from the seed, the
/// resample and each row's content), the groups re-tallied on each draw, and every
/// check measured on the same draws.
struct FairnessBootstrap: Sendable {
    var settings: BootstrapSettings

    /// Each check's interval at `confidence`, by check name (checks whose measure is
    /// undefined on every draw have none). Row `i` stands for `multiplicities[i]` rows
    /// (1 without: rows read one by one).
    func intervals(
        _ checks: [FairnessCheck], labels: [Bool], predicted: [Bool], weights: [Double]?, groups: RowGroups,
        multiplicities: [UInt32]?, features: [String], judged: Set<[String]>, reference: [String]?, confidence: Double
    ) async -> [String: (low: Double, high: Double)] {
        let groupKeys = groups.keys.map { key in DistinctRows.key(key.map { DistinctRows.key($0) }) }
        let distinct = DistinctRows(count: labels.count, multiplicities: multiplicities) { row, words in
            words.append(labels[row] ? 1 : 0)
            words.append(predicted[row] ? 1 : 0)
            words.append(weights.map { DistinctRows.word($0[row]) } ?? DistinctRows.word(1))
            words.append(groupKeys[Int(groups.groupOfRow[row])])
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
        var intervals: [String: (low: Double, high: Double)] = [:]
        for (index, check) in checks.enumerated() {
            let values = samples.compactMap { $0[index] }.sorted()
            if let interval = PairedBootstrap.interval(values, confidence: confidence) { intervals[check.name] = interval }
        }
        return intervals
    }
}

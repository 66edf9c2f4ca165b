/// Bootstrap intervals of a fairness gate's measures: the rows are drawn as the model
/// gate's paired bootstrap draws them (same seeds), the groups re-tallied on each draw,
/// and every check measured on the same draws.
struct FairnessBootstrap: Sendable {
    var settings: BootstrapSettings

    /// Each check's interval at `confidence`, by check name (checks whose measure is
    /// undefined on every draw have none).
    func intervals(
        _ checks: [FairnessCheck], labels: [Bool], predicted: [Bool], weights: [Double]?, groups: RowGroups,
        features: [String], judged: Set<[String]>, reference: [String]?, confidence: Double
    ) async -> [String: (low: Double, high: Double)] {
        let samples = await PairedBootstrap.resamples(rows: labels.count, settings: settings) { counts in
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

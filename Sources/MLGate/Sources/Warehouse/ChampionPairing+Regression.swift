import Foundation

/// A regressor and its champion on one engine: each model's metrics are the engine's
/// sums over the joined relation (``RegressionPushdown``, as for a regressor alone), and
/// the paired bootstrap is drawn from one streamed read of it
/// (``PairedRegressionConsumer``): nothing kept per row.
extension ChampionPairing {
    /// Each model's sums over the joined relation, computed by the engine (the whole
    /// table's and each of the candidate's slice values'); nil when it cannot compute
    /// them with the file mode's definitions (``RegressionPushdown/run(_:columns:median:location:dialect:shared:)``).
    /// The two statements run at once, each on its own connection: the engine joins the
    /// relations for each, once (a statement that would read the join several times, a
    /// weighted median's on PostgreSQL, materializes it).
    func regressionSums(median: Bool, location: SourceLocation) throws(TableReadError)
        -> (candidate: RegressionPushdown.Result, champion: RegressionPushdown.Result)?
    {
        var candidate = candidateColumns, champion = championColumns
        candidate.multiplicity = nil
        champion.multiplicity = nil
        champion.slices = candidateColumns.slices
        guard RegressionPushdown.isPushable(candidate), RegressionPushdown.isPushable(champion) else { return nil }
        let relation = relation
        let models = [candidate, champion]
        var results = [Result<RegressionPushdown.Result?, TableReadError>](repeating: .success(nil), count: models.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedWrites(buffer)
            DispatchQueue.concurrentPerform(iterations: models.count) { index in
                shared.buffer[index] = Result { () throws(TableReadError) -> RegressionPushdown.Result? in
                    if let table = relation.database {
                        return try RegressionPushdown.run(table, columns: models[index], median: median, location: location, shared: true)
                    }
                    if let table = relation.spark {
                        return try RegressionPushdown.run(table, columns: models[index], median: median, location: location)
                    }
                    return nil
                }
            }
        }
        guard let candidateSums = try results[0].get(), let championSums = try results[1].get() else { return nil }
        return (candidateSums, championSums)
    }

    /// The read that draws the paired bootstrap of `metrics` (those a check judges with a
    /// confidence): the joined relation grouped by both models' columns and the
    /// candidate's slices, in descending order of the candidate's prediction, drawn as
    /// the rows come (``PairedRegressionConsumer``); none without resamples. Nil unless
    /// the model is a regressor with a prediction column on both sides, the server orders
    /// the rows by the candidate's (``ranks``), and, when a metric is the median absolute
    /// error, by each model's errors (``ordersErrors``: two more reads then draw it,
    /// ``medians(_:sliceValues:settings:)``).
    func regressionDemands(metrics: [Metric], settings: BootstrapSettings) -> [TableDemand]? {
        guard candidateColumns.task == .regression, let prediction = candidateColumns.prediction, championColumns.prediction != nil,
            ranks, ordersErrors || !metrics.contains(.medianAbsoluteError)
        else { return nil }
        guard settings.resamples > 0, !metrics.isEmpty else { return [] }
        var input = relation
        let candidate = candidateColumns, champion = championColumns, path = relation.path
        let reading = "\(candidate)\u{0}\(champion)\u{0}regression"
        input.database = input.database?.grouped(.ordered(.descending([prediction])), reading: reading)
        input.spark = input.spark?.grouped(.ordered(.descending([prediction])), reading: reading)
        return [
            TableDemand(input) { header throws(TableReadError) in
                PairedRegressionConsumer(
                    candidate: try PredictionsLoader.Consumer(columns: candidate, header: header, path: path),
                    champion: try PredictionsLoader.Consumer(columns: champion, header: header, path: path), settings: settings)
            }
        ]
    }

    /// Each model's median absolute error on every resample of the paired bootstrap,
    /// by scope suffix, from two more reads of the joined relation, grouped as
    /// ``regressionDemands(metrics:settings:)``'s and sent in ascending order of the
    /// candidate's errors and of the champion's (``DatabaseTable/Grouping/ordered(_:)``),
    /// read at once (``SharedScan``) and drawn as the rows come (``PairedMedianConsumer``).
    /// `drawn` is that earlier read's sums (each resample's total weight of each model)
    /// and `sliceValues` the slice values it met, by code. Nil when the rows could not
    /// be drawn as in memory; an error when a read failed.
    func medians(_ drawn: [String: [ResampledRegressionSums]], sliceValues: [[String]], settings: BootstrapSettings) async throws(TableReadError)
        -> (candidate: [String: [ResampledMedians]], champion: [String: [ResampledMedians]])?
    {
        guard let prediction = candidateColumns.prediction, let championPrediction = championColumns.prediction, let overall = drawn[""]
        else { return nil }
        let label = candidateColumns.label
        let resamples = settings.resamples
        func totals(_ parts: [ResampledRegressionSums]?) -> (candidate: [Double], champion: [Double]) {
            ResampledRegressionSums.totalWeights(parts ?? [], resamples: resamples)
        }
        let all = totals(overall)
        var candidateTotals = ResampledMedians.Totals(overall: all.candidate, slices: [])
        var championTotals = ResampledMedians.Totals(overall: all.champion, slices: [])
        for (column, name) in candidateColumns.slices.enumerated() {
            let values = column < sliceValues.count ? sliceValues[column] : []
            let sliced = values.map { (value: $0, totals: totals(drawn["[\(name)=\($0)]"])) }
            candidateTotals.slices.append(sliced.map { ($0.value, $0.totals.candidate) })
            championTotals.slices.append(sliced.map { ($0.value, $0.totals.champion) })
        }
        let candidate = candidateColumns, champion = championColumns, path = relation.path
        func demand(_ ordered: String, byChampion: Bool, totals: ResampledMedians.Totals) -> TableDemand {
            var input = relation
            let reading = "\(candidate)\u{0}\(champion)\u{0}errors\u{0}\(byChampion)"
            input.database = input.database?.grouped(.ordered(.absoluteDifference(label, ordered)), reading: reading)
            input.spark = input.spark?.grouped(.ordered(.absoluteDifference(label, ordered)), reading: reading)
            return TableDemand(input) { header throws(TableReadError) in
                PairedMedianConsumer(
                    candidate: try PredictionsLoader.Consumer(columns: candidate, header: header, path: path),
                    champion: try PredictionsLoader.Consumer(columns: champion, header: header, path: path),
                    orderedByChampion: byChampion, totals: totals, settings: settings)
            }
        }
        let reads = await SharedScan.read([
            demand(prediction, byChampion: false, totals: candidateTotals),
            demand(championPrediction, byChampion: true, totals: championTotals),
        ])
        var candidateRead = try ScannedTables(results: reads).consumer(0, as: PairedMedianConsumer.self)
        var championRead = try ScannedTables(results: reads).consumer(1, as: PairedMedianConsumer.self)
        guard let candidateMedians = candidateRead.finish(), let championMedians = championRead.finish() else { return nil }
        return (candidateMedians, championMedians)
    }
}

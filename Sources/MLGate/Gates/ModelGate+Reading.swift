import Foundation

/// How a model gate reads its predictions: planned before the shared scan (``prepare(_:)``:
/// sums a server computes, the reads the scan makes) and loaded after it (``load(_:_:)``).
extension ModelGate {
    /// How the predictions are read.
    enum Reading: Sendable {
        /// In the shared scan, every row (a database table's grouped by the server).
        case rows
        /// Grouped by the server and sent in score order, folded into sums as they come
        /// (``PredictionsLoader/rankedDemand(_:columns:metrics:)``).
        case ranked
        /// Grouped by the server and folded into sums as they come, with the score
        /// columns' rankings when a check needs them
        /// (``PredictionsLoader/multiclassDemands(_:columns:metrics:)``).
        case multiclass
        /// A regressor's sums, computed by the server (``RegressionPushdown``).
        case sums(RegressionPushdown.Result)
        /// A binary model's ranking and counts, computed by the server (``BinaryRankingPushdown``).
        case rankedSums(RankedScores.Sums)
        /// Joined with the champion's predictions by id on the server that holds both,
        /// and grouped (``ChampionPairing``).
        case paired(ChampionPairing)
        /// Joined so, and read twice in score order, the candidate's then the
        /// champion's, folded into sums and the paired bootstrap's draws as the rows come
        /// (``ChampionPairing/rankedDemands(metrics:settings:)``).
        case pairedRanked(ChampionPairing)
        /// A multiclass model and its champion so joined (or a classifier without scores),
        /// read once in the candidate's first score's order (or weight's), folded into
        /// each model's sums and the paired bootstrap's draws as the rows come, and each
        /// model's scores in descending order when a check ranks the rows (``ChampionPairing/classifierDemands(metrics:bootstrapped:settings:)``).
        case pairedClassifier(ChampionPairing)
        /// A regressor and its champion so joined: each one's sums computed by the
        /// server, the paired bootstrap drawn from one read of the joined rows as they
        /// come, when a check needs it (``ChampionPairing/regressionDemands(metrics:settings:)``),
        /// and the median absolute error's from two more (``ChampionPairing/medians(_:sliceValues:settings:)``).
        case pairedSums(RegressionPushdown.Result, champion: RegressionPushdown.Result, pairing: ChampionPairing)
    }

    /// With a champion's predictions on the candidate's engine, the join of the two
    /// (``ChampionPairing``): read in each model's score order (a binary model with a
    /// score column), summed by the server and drawn in one read (a regressor), read once
    /// in the candidate's first score's order (a multiclass model without a ranking check
    /// that has a confidence) or weight's (a classifier without scores), or read grouped. Otherwise a regressor's sums or a binary model's ranking and counts
    /// computed by the server (``RegressionPushdown``, ``BinaryRankingPushdown``), when it
    /// could; a binary model's sums from the rows in score order, when every metric
    /// allows; otherwise the predictions are read in the shared scan.
    func prepare(_ recorder: inout GateRecorder) async -> (prepared: Reading, reads: [TableDemand])? {
        if case .predictions(let input, let columns)? = gate.baseline,
            let pairing = ChampionPairing.make(candidate: gate.predictions, champion: input, columns: gate.columns, championColumns: columns)
        {
            // No check with a confidence: no resample drawn.
            let resampled = gate.checks.contains { $0.confidence != nil }
            let settings = resampled ? gate.bootstrap : BootstrapSettings(resamples: 0, seed: gate.bootstrap.seed)
            if let demands = pairing.rankedDemands(metrics: gate.checks.map(\.metric), settings: settings) {
                return (.pairedRanked(pairing), demands)
            }
            if let demands = pairing.classifierDemands(metrics: gate.checks.map(\.metric), bootstrapped: bootstrappedMetrics, settings: settings) {
                return (.pairedClassifier(pairing), demands)
            }
            if let demands = pairing.regressionDemands(metrics: bootstrappedMetrics, settings: settings) {
                do throws(TableReadError) {
                    let median = gate.checks.contains { $0.metric == .medianAbsoluteError }
                    if let sums = try pairing.regressionSums(median: median, location: gate.predictions.location) {
                        return (.pairedSums(sums.candidate, champion: sums.champion, pairing: pairing), demands)
                    }
                } catch {
                    recorder.cannotRead(error, since: recorder.start, skipping: "\(gate.predictions.path) could not be read (see 'input')")
                    return nil
                }
            }
            return (.paired(pairing), [pairing.demand])
        }
        if metricsAreAggregates, gate.predictions.database != nil || gate.predictions.spark != nil {
            do throws(TableReadError) {
                let median = gate.checks.contains { $0.metric == .medianAbsoluteError }
                let location = gate.predictions.location
                let sums = try pushedDown(
                    database: { (table) throws(TableReadError) in
                        try RegressionPushdown.run(table, columns: gate.columns, median: median, location: location)
                    },
                    spark: { (table) throws(TableReadError) in
                        try RegressionPushdown.run(table, columns: gate.columns, median: median, location: location)
                    })
                if let sums { return (.sums(sums), []) }
                let metrics = gate.checks.map(\.metric)
                let ranked = try pushedDown(
                    database: { (table) throws(TableReadError) in
                        try BinaryRankingPushdown.run(table, columns: gate.columns, metrics: metrics, location: location)
                    },
                    spark: { (table) throws(TableReadError) in
                        try BinaryRankingPushdown.run(table, columns: gate.columns, metrics: metrics, location: location)
                    })
                if let ranked { return (.rankedSums(ranked), []) }
            } catch {
                recorder.cannotRead(error, since: recorder.start, skipping: "\(gate.predictions.path) could not be read (see 'input')")
                return nil
            }
        }
        if metricsAreAggregates,
            let ranked = PredictionsLoader.rankedDemand(gate.predictions, columns: gate.columns, metrics: gate.checks.map(\.metric))
        {
            return (.ranked, [ranked])
        }
        if metricsAreAggregates,
            let demands = PredictionsLoader.multiclassDemands(gate.predictions, columns: gate.columns, metrics: gate.checks.map(\.metric))
        {
            return (.multiclass, demands)
        }
        return (.rows, [PredictionsLoader.demand(gate.predictions, columns: gate.columns, aggregates: metricsAreAggregates)])
    }

    /// What the engine holding the predictions computed (`database` or `spark`, as the
    /// input names it); nil when it could not, or the input is a file.
    private func pushedDown<Result>(
        database: (DatabaseTable) throws(TableReadError) -> Result?, spark: (SparkTable) throws(TableReadError) -> Result?
    ) throws(TableReadError) -> Result? {
        if let table = gate.predictions.database { return try database(table) }
        if let table = gate.predictions.spark { return try spark(table) }
        return nil
    }

    /// The predictions as read: rows in memory, or sums.
    enum Loaded {
        case rows(LoadedPredictions)
        case ranked(RankedScores.Sums)
        case multiclass(MulticlassScores.Sums)
        case sums(RegressionPushdown.Result)
        /// The candidate's rows and the champion's, paired and grouped by the server.
        case paired(LoadedPredictions, champion: LoadedPredictions)
        /// The candidate's sums and the champion's from their ranked reads of the joined
        /// relation, and the paired bootstrap's distributions by scope suffix.
        case pairedRanked(RankedScores.Sums, champion: RankedScores.Sums, distributions: [String: [Metric: PairedBootstrap.Distribution]])
        /// A classifier's sums and its champion's from one read of the joined relation (and
        /// their rankings' reads), the paired bootstrap's distributions by scope suffix,
        /// and what the read was ordered by (`score` or `weight`).
        case pairedClassifier(
            MulticlassScores.Sums, champion: MulticlassScores.Sums, distributions: [String: [Metric: PairedBootstrap.Distribution]], order: String)
        /// A regressor's sums and its champion's computed by the server, and the paired
        /// bootstrap's distributions drawn from the joined rows by scope suffix.
        case pairedSums(RegressionPushdown.Result, champion: RegressionPushdown.Result, distributions: [String: [Metric: PairedBootstrap.Distribution]])

        /// The champion's rows, when the server paired them.
        var pairedChampion: LoadedPredictions? {
            if case .paired(_, let champion) = self { champion } else { nil }
        }

        /// The champion's metrics by scope suffix when they came from the joined reads
        /// (not rows), with its row count and how they were read.
        var championSums: (scopes: [String: any ComputedMetrics], rows: Int, read: String)? {
            switch self {
            case .pairedRanked(_, let champion, _):
                (ModelGate.scopeMetrics(champion).mapValues { $0 }, champion.rows, "read in each model's score order")
            case .pairedSums(_, let champion, _): (ModelGate.scopeMetrics(champion), champion.overall.rows, "sums computed by it")
            case .pairedClassifier(_, let champion, _, let order):
                (ModelGate.scopeMetrics(champion).mapValues { $0 }, champion.rows, "read in the candidate's \(order) order")
            default: nil
            }
        }

        /// The paired bootstrap's distributions by scope suffix, when drawn as the joined
        /// rows came.
        var drawnDistributions: [String: [Metric: PairedBootstrap.Distribution]]? {
            switch self {
            case .pairedRanked(_, _, let all), .pairedSums(_, _, let all), .pairedClassifier(_, _, let all, _): all
            default: nil
            }
        }
    }

    func load(_ reading: Reading, _ tables: consuming ScannedTables) async throws(TableReadError) -> Loaded {
        switch reading {
        case .sums(let sums):
            return .sums(sums)
        case .rankedSums(let sums):
            return .ranked(sums)
        case .rows:
            return .rows(try await PredictionsLoader.loaded(tables, 0, input: gate.predictions, columns: gate.columns))
        case .paired(let pairing):
            do throws(TableReadError) {
                var consumer = try tables.consumer(0, as: PairedPredictionsConsumer.self)
                let (candidate, champion) = try consumer.finish(candidateColumns: pairing.candidateColumns)
                return .paired(candidate, champion: champion)
            } catch where ["type-error", "missing-cell", "constraint-error"].contains(error.code) {
                // A cell the loader cannot take: both are read row by row and paired
                // here, so that the error is the file mode's, naming its row.
                return .rows(try await PredictionsLoader(columns: gate.columns).load(gate.predictions))
            }
        case .pairedRanked:
            do throws(TableReadError) {
                var candidate = try tables.consumer(0, as: RankedScoresConsumer.self)
                var champion = try tables.consumer(1, as: RankedScoresConsumer.self)
                if case .sums(let candidateSums) = try candidate.finish(), case .sums(let championSums) = try champion.finish(),
                    candidateSums.classes.classes == championSums.classes.classes,
                    candidateSums.classes.positiveClass == championSums.classes.positiveClass,
                    let candidateDrawn = candidate.finishResampling(candidateSums), let championDrawn = champion.finishResampling(championSums)
                {
                    return .pairedRanked(
                        candidateSums, champion: championSums, distributions: bootstrapDistributions(candidateDrawn, championDrawn))
                }
            } catch where ["type-error", "missing-cell", "constraint-error"].contains(error.code) {
                // As for a grouped read of the joined relation, below.
            }
            // Rows the reads could not fold or draw as in memory: both tables are read row
            // by row and paired here, so that numbers and errors are the file mode's.
            return .rows(try await PredictionsLoader(columns: gate.columns).load(gate.predictions))
        case .pairedClassifier(let pairing):
            do throws(TableReadError) {
                var consumer = try tables.consumer(0, as: PairedClassifierConsumer.self)
                // Each model's rankings, when a check needs them (``ChampionPairing/classifierDemands(metrics:bootstrapped:settings:)``).
                var rankings: [ClassScoresConsumer.Folded?] = [nil, nil]
                for index in rankings.indices where tables.results.count > 1 {
                    var ranking = try tables.consumer(1 + index, as: ClassScoresConsumer.self)
                    if case .success(let folded) = ranking.finish() { rankings[index] = folded }
                }
                if let folded = try consumer.finish(), tables.results.count == 1 || !rankings.contains(where: { $0 == nil }),
                    let candidate = MulticlassScores.sums(rows: folded.candidate, ranking: rankings[0], weighted: gate.columns.weight != nil),
                    let champion = MulticlassScores.sums(rows: folded.champion, ranking: rankings[1], weighted: pairing.championColumns.weight != nil)
                {
                    return .pairedClassifier(
                        candidate, champion: champion, distributions: bootstrapDistributions(folded),
                        order: gate.columns.scores == nil ? "weight" : "score")
                }
            } catch where ["type-error", "missing-cell", "constraint-error"].contains(error.code) {
                // As for a grouped read of the joined relation, above.
            }
            return .rows(try await PredictionsLoader(columns: gate.columns).load(gate.predictions))
        case .pairedSums(let candidate, let champion, let pairing):
            if tables.results.isEmpty { return .pairedSums(candidate, champion: champion, distributions: [:]) }
            do throws(TableReadError) {
                var consumer = try tables.consumer(0, as: PairedRegressionConsumer.self)
                if let scopes = consumer.finish() {
                    // The median's bootstrap: each resample's total weights known, a read in each model's error order.
                    guard bootstrappedMetrics.contains(.medianAbsoluteError) else {
                        return .pairedSums(candidate, champion: champion, distributions: bootstrapDistributions(scopes))
                    }
                    let sliceValues = consumer.candidate.sliceValues.map(\.values)
                    // (A scope the reads in error order did not meet: the table changed between reads.)
                    if let medians = try await pairing.medians(scopes, sliceValues: sliceValues, settings: gate.bootstrap),
                        scopes.keys.allSatisfy({ medians.candidate[$0] != nil && medians.champion[$0] != nil })
                    {
                        return .pairedSums(candidate, champion: champion, distributions: bootstrapDistributions(scopes, medians: medians))
                    }
                }
            } catch where ["type-error", "missing-cell", "constraint-error"].contains(error.code) {
                // As for a grouped read of the joined relation, above.
            }
            return .rows(try await PredictionsLoader(columns: gate.columns).load(gate.predictions))
        case .ranked:
            switch try await PredictionsLoader.loadedRanked(tables, 0, input: gate.predictions, columns: gate.columns) {
            case .sums(let sums): return .ranked(sums)
            case .rows(let rows): return .rows(rows)
            }
        case .multiclass:
            switch try await PredictionsLoader.loadedMulticlass(tables, input: gate.predictions, columns: gate.columns) {
            case .sums(let sums): return .multiclass(sums)
            case .rows(let rows): return .rows(rows)
            }
        }
    }

    /// Whether every number the gate reports depends on the rows only through each
    /// distinct row's count, so that a database table can be read grouped: a
    /// classifier's metrics (confusion counts, log loss, Brier, per-score counts for ROC
    /// AUC and average precision, curves, slices), a regressor's (sums, the maximum, the
    /// median of the errors counted), unless a champion's predictions are paired with
    /// the rows by id (then the server joins the two tables and groups the joined rows
    /// when it holds both, ``ChampionPairing``; otherwise mlgate pairs every row).
    private var metricsAreAggregates: Bool {
        if case .predictions? = gate.baseline { return false }
        return true
    }
}

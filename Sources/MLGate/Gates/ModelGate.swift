import Foundation

/// A model gate: reads the predictions (in the run's shared scan) and the champion's,
/// then judges every metric check overall and per slice.
///
/// The first result is `input` (the predictions file read and valid), then `baseline`
/// when one is configured; if either cannot be read, it is an error and the metric
/// checks are skipped.
struct ModelGate: Gate {
    var gate: ModelGateConfig
    var gateName: String

    /// The ranking metrics sort the rows by score (``ScoreOrder``): a word of 8 bytes a
    /// row while sorting, then 9 bytes a row kept (the row, its label, where a score
    /// starts), about the score column's size.
    static var judgingMemory: JudgingMemory { .columns }

    /// A baseline ready for comparisons.
    enum LoadedBaseline {
        case predictions(MetricEvaluator)
        case report([String: Double])
        /// The champion's metrics folded from its ranked read of the joined relation
        /// (``ChampionPairing/rankedDemands(metrics:settings:)``), or its sums computed
        /// by the server (``ChampionPairing/regressionSums(median:location:)``), by scope suffix.
        case sums([String: any ComputedMetrics])
    }

    var plannedChecks: [PlannedCheck] {
        gate.checks.map { PlannedCheck(name: $0.name, check: $0.metric.name, severity: $0.severity, location: $0.location) }
    }

    func judge(_ reading: Reading, tables: consuming ScannedTables, _ recorder: inout GateRecorder) async -> GateDetail? {
        let clock = ContinuousClock()
        var start = recorder.start
        let loaded: Loaded
        do throws(TableReadError) {
            // The tables are released once loaded: the consumer's columns (its compact
            // scores) are not held while the scores are sorted.
            loaded = try await load(reading, consume tables)
        } catch {
            recorder.cannotRead(error, since: start, skipping: "\(gate.predictions.path) could not be read (see 'input')")
            return nil
        }
        var candidate: LoadedPredictions?
        let rowCount: Int, description: String
        switch loaded {
        case .sums(let sums), .pairedSums(let sums, _, _):
            rowCount = sums.overall.rows
            description = " (sums computed by the server), regression"
        case .ranked(let sums), .pairedRanked(let sums, _, _):
            (rowCount, description) = describe(sums)
        case .multiclass(let sums), .pairedClassifier(let sums, _, _, _):
            (rowCount, description) = describe(sums)
        case .rows(let rows), .paired(let rows, _):
            candidate = rows
            rowCount = rows.rowCount
            description = "\(rows.groupingNote), \(Self.describe(rows.predictions, task: gate.columns.task))"
        }
        recorder.passed(
            "input",
            message: "\(gate.predictions.path): \(rowCount) rows\(description)\(gate.predictions.detectionSuffix)",
            measurements: [Measurement("rows", Double(rowCount))], since: start,
            location: gate.predictions.location, detection: gate.predictions.detection?.summary)

        var baseline: LoadedBaseline?
        if let configured = gate.baseline {
            start = clock.now
            do {
                let (loaded, message, location) =
                    if let (scopes, rows, read) = loaded.championSums, case .predictions(let input, _) = configured {
                        (
                            LoadedBaseline.sums(scopes),
                            "\(input.path): \(rows) rows, paired by '\(gate.columns.id ?? "")' (joined by the server, \(read))",
                            input.location
                        )
                    } else {
                        try await loadBaseline(configured, candidate: candidate, paired: loaded.pairedChampion)
                    }
                baseline = loaded
                recorder.passed("baseline", message: message, since: start, location: location)
            } catch {
                recorder.cannotRead(error, as: "baseline", since: start, skipping: "the baseline could not be read (see 'baseline')")
                return nil
            }
        }

        var curves: [CurveReport]?
        let judgedScopes: [Scope]
        switch loaded {
        case .rows(let rows), .paired(let rows, _): judgedScopes = scopes(rows)
        case .ranked(let sums), .pairedRanked(let sums, _, _): judgedScopes = scopes(sums)
        case .multiclass(let sums), .pairedClassifier(let sums, _, _, _): judgedScopes = scopes(sums)
        case .sums(let sums), .pairedSums(let sums, _, _): judgedScopes = scopes(sums)
        }
        for scope in judgedScopes {
            start = clock.now
            // From the rows read (all of them sorted by score on both cores, a slice's on
            // one), or from the sums the server computed.
            var evaluator: MetricEvaluator?
            // All rows' metrics that need no ranking, computed on one core once the
            // scores are sorted on all of them, while the pass down the ranking runs on
            // another (as `mlgate metrics` does: ``MetricTable``).
            var unranked: [Metric: MetricValue] = [:]
            if let candidate {
                let multiplicities = candidate.multiplicities(scope.indices)
                if let indices = scope.indices {
                    evaluator = MetricEvaluator(candidate.predictions.subset(indices), multiplicities: multiplicities)
                } else {
                    let order = await MetricEvaluator.scoreOrder(candidate.predictions)
                    async let sorted = MetricEvaluator(candidate.predictions, order: order, multiplicities: multiplicities)
                    let plain = MetricEvaluator(candidate.predictions, multiplicities: multiplicities, ranking: false)
                    for metric in Set(gate.checks.map(\.metric)) where !metric.needsSortedScores {
                        unranked[metric] = plain.value(metric)
                    }
                    evaluator = await sorted
                }
            }
            var baselineEvaluator: MetricEvaluator?
            if case .predictions(let all)? = baseline {
                // The champion's rows are the candidate's (counted alike, when grouped).
                baselineEvaluator = scope.indices.map { MetricEvaluator(all.predictions.subset($0), multiplicities: candidate?.multiplicities($0)) } ?? all
            }
            if scope.indices == nil, gate.columns.task == .binary {
                let computed = evaluator?.curves() ?? (scope.computed as? BinaryScoreMetrics)?.curves ?? []
                if !computed.isEmpty { curves = computed }
            }
            let rows = scope.rows
            let bootstrapChecks = gate.checks.filter { $0.confidence != nil }
            var distributions: [Metric: PairedBootstrap.Distribution] = [:]
            if let all = loaded.drawnDistributions, scope.judged {
                distributions = all[scope.suffix] ?? [:]
            } else if let evaluator, let baselineEvaluator, !bootstrapChecks.isEmpty, scope.judged {
                let metrics = Array(Set(bootstrapChecks.map(\.metric)))
                let computed = await PairedBootstrap(settings: gate.bootstrap)
                    .run(candidate: evaluator, baseline: baselineEvaluator, metrics: metrics)
                for (metric, distribution) in zip(metrics, computed) { distributions[metric] = distribution }
            }
            let setupTime = clock.now - start
            for (check, planned) in zip(gate.checks, recorder.planned) {
                let checkStart = clock.now
                let name = check.name + scope.suffix
                let value = unranked[check.metric] ?? evaluator?.value(check.metric) ?? scope.computed!.value(of: check.metric)
                guard scope.judged else {
                    recorder.skipped(
                        planned, name: name,
                        message: "slice has \(rows) rows, fewer than min_slice_size \(gate.minSliceSize): reported, not judged"
                            + (value.number.map { "; \(check.metric.name) = \(MetricCheck.format($0))" } ?? ""),
                        measurements: value.number.map { [Measurement("value", $0), Measurement("rows", Double(rows))] } ?? [])
                    continue
                }
                var comparison: BaselineComparison?
                var missingBaseline: String?
                if check.needsBaseline, let candidateValue = value.number {
                    let baselineValue: MetricValue
                    switch baseline {
                    case .predictions?: baselineValue = baselineEvaluator!.value(check.metric)
                    case .sums(let scopes)?:
                        baselineValue = scopes[scope.suffix]?.value(of: check.metric) ?? .undefined("the champion's rows hold no '\(scope.suffix)'")
                    case .report(let values)?:
                        baselineValue = values[name].map(MetricValue.value) ?? .undefined("the baseline report has no value for '\(name)'")
                    case nil: baselineValue = .undefined("no baseline configured")
                    }
                    if let base = baselineValue.number {
                        let drop = check.metric.higherIsBetter ? base - candidateValue : candidateValue - base
                        comparison = BaselineComparison(baseline: base, drop: drop)
                        if let confidence = check.confidence, let distribution = distributions[check.metric] {
                            comparison?.confidence = confidence
                            comparison?.interval = PairedBootstrap.interval(distribution.drops, confidence: confidence)
                            comparison?.relativeInterval = PairedBootstrap.interval(distribution.relativeDrops, confidence: confidence)
                        }
                    } else {
                        missingBaseline = "baseline \(check.metric.name) is undefined: \(baselineValue.reason ?? "")"
                    }
                }
                let duration = (clock.now - checkStart) + setupTime / max(1, gate.checks.count)
                if let missingBaseline {
                    recorder.error(
                        planned, name: name, message: missingBaseline,
                        measurements: value.number.map { [Measurement("value", $0)] } ?? [], duration: duration.seconds)
                    continue
                }
                let evaluation = check.judge(value, comparison: comparison)
                guard value.number != nil else {
                    recorder.error(
                        planned, name: name, message: evaluation.message, details: evaluation.details,
                        measurements: evaluation.measurements, duration: duration.seconds)
                    continue
                }
                recorder.judged(
                    planned, name: name, passed: evaluation.passed, message: evaluation.message, details: evaluation.details,
                    measurements: evaluation.measurements, duration: duration.seconds)
            }
        }
        return curves.map(GateDetail.curves)
    }

    /// The whole file, then every slice value of every slice column.
    private struct Scope {
        var suffix: String
        var indices: [Int]?
        /// The table's rows in the scope (the rows loaded, counted with their multiplicities).
        var rows: Int
        var judged: Bool
        /// The scope's metrics, when they come from sums (``ComputedMetrics``), not rows.
        var computed: (any ComputedMetrics)?
    }

    /// The scopes of sums computed by the server, in the order of ``scopes(_:)``.
    private func scopes(_ pushed: RegressionPushdown.Result) -> [Scope] {
        var scopes = [Scope(suffix: "", indices: nil, rows: pushed.overall.rows, judged: true, computed: pushed.overall)]
        for column in gate.columns.slices {
            for (value, sums) in (pushed.slices[column] ?? [:]).sorted(by: { $0.key < $1.key }) {
                scopes.append(Scope(suffix: "[\(column)=\(value)]", indices: nil, rows: sums.rows, judged: sums.rows >= gate.minSliceSize, computed: sums))
            }
        }
        return scopes
    }

    /// The scopes of sums folded from a server's grouped rows, in the order of ``scopes(_:)``.
    private func scopes<Metrics>(_ folded: FoldedScores<Metrics>) -> [Scope] {
        [Scope(suffix: "", indices: nil, rows: folded.rows, judged: true, computed: folded.overall)]
            + folded.slices.map { slice in
                Scope(suffix: "[\(slice.column)=\(slice.value)]", indices: nil, rows: slice.rows, judged: slice.rows >= gate.minSliceSize, computed: slice.metrics)
            }
    }

    private func scopes(_ loaded: LoadedPredictions) -> [Scope] {
        var scopes = [Scope(suffix: "", indices: nil, rows: loaded.rowCount, judged: true)]
        for column in gate.columns.slices {
            for (value, indices) in (loaded.slices[column] ?? SliceColumn()).rowsByValue {
                let rows = loaded.multiplicities(indices).map { $0.reduce(0) { $0 + Int($1) } } ?? indices.count
                scopes.append(Scope(suffix: "[\(column)=\(value)]", indices: indices, rows: rows, judged: rows >= gate.minSliceSize))
            }
        }
        return scopes
    }

    /// The rows of sums folded from a server's grouped rows, and how the input says so.
    private func describe<Metrics>(_ folded: FoldedScores<Metrics>) -> (rows: Int, description: String) {
        let read = folded.distinctRows.map { "\($0) distinct rows counted by the server" } ?? "sums computed by the server"
        return (folded.rows, " (\(read)), \(Self.describe(.classification(folded.classes), task: gate.columns.task))")
    }

    static func describe(_ predictions: Predictions, task: ModelTask) -> String {
        switch predictions {
        case .regression: return "regression"
        case .classification(let data):
            var text = "\(task.rawValue), classes \(data.classes.joined(separator: ", "))"
            if let positive = data.positiveClass { text += " (positive: \(data.classes[positive]))" }
            return text
        }
    }
}

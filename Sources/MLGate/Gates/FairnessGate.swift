/// A fairness gate: reads the predictions (in the run's shared scan), groups the rows by
/// the sensitive columns, and judges every check on the groups large enough to judge.
/// The measures, verdicts, reference group and bootstrap live in `Checks/Fairness/`.
struct FairnessGate: Gate {
    var gate: FairnessGateConfig

    /// Confusion counts per group (the rows were grouped while they were read).
    static var judgingMemory: JudgingMemory { .groups }

    var plannedChecks: [PlannedCheck] {
        gate.checks.map { PlannedCheck(name: $0.name, check: $0.measure.rawValue, severity: $0.severity, location: $0.location) }
    }

    /// A file's rows are read in the shared scan; a database or Spark table's grouped by
    /// the server and folded as they come (``FairnessContentsConsumer``): prepared `true`.
    func prepare(_ recorder: inout GateRecorder) async -> (prepared: Bool, reads: [TableDemand])? {
        // Rates are sums over each group's rows; the bootstrap draws distinct rows.
        guard gate.predictions.database != nil || gate.predictions.spark != nil else {
            return (false, [PredictionsLoader.demand(gate.predictions, columns: columns, aggregates: true)])
        }
        let (input, read) = PredictionsLoader.grouped(
            gate.predictions, columns, FairnessContentsConsumer.grouping(columns, confidence: gate.confidence))
        let path = input.path, bootstrap = gate.confidence == nil ? nil : gate.bootstrap
        return (
            true,
            [
                TableDemand(input) { header throws(TableReadError) in
                    try FairnessContentsConsumer(columns: read, header: header, path: path, bootstrap: bootstrap)
                }
            ]
        )
    }

    /// The predictions as read: rows, or what the grouped rows folded into.
    private enum Loaded {
        case rows(LoadedPredictions)
        case folded(FairnessContentsConsumer.Folded)
    }

    /// When the rows could not be folded (a content stands for too many rows) or a
    /// grouped row holds a cell the loader cannot take, the table is read again row by
    /// row, so that the numbers and errors are the file mode's.
    private func load(_ folds: Bool, _ tables: consuming ScannedTables) async throws(TableReadError) -> Loaded {
        guard folds else { return .rows(try await PredictionsLoader.loaded(tables, 0, input: gate.predictions, columns: columns)) }
        do throws(TableReadError) {
            var consumer = try tables.consumer(0, as: FairnessContentsConsumer.self)
            if let folded = try consumer.finish() { return .folded(folded) }
        } catch where ["type-error", "missing-cell", "constraint-error"].contains(error.code) {
            // Read again, below.
        }
        return .rows(try await PredictionsLoader(columns: columns).load(gate.predictions))
    }

    /// The predictions' columns, the sensitive ones as slices.
    private var columns: PredictionColumns {
        var columns = gate.columns
        columns.slices = gate.sensitive
        return columns
    }

    func judge(_ folds: Bool, tables: consuming ScannedTables, _ recorder: inout GateRecorder) async -> GateDetail? {
        let loaded: Loaded
        do throws(TableReadError) {
            loaded = try await load(folds, consume tables)
        } catch {
            recorder.cannotRead(error, since: recorder.start, skipping: "\(gate.predictions.path) could not be read (see 'input')")
            return nil
        }
        let (rowCount, note) =
            switch loaded {
            case .rows(let rows): (rows.rowCount, rows.groupingNote)
            case .folded(let folded): (folded.rows, " (\(folded.distinctRows) distinct rows counted by the server)")
            }
        recorder.passed(
            "input",
            message: "\(gate.predictions.path): \(rowCount) rows\(note), grouped by \(gate.sensitive.joined(separator: " × "))\(gate.predictions.detectionSuffix)",
            measurements: [Measurement("rows", Double(rowCount))], since: recorder.start,
            location: gate.predictions.location, detection: gate.predictions.detection?.summary)
        let regression: RegressionGroupTable
        switch loaded {
        case .folded(let folded):
            switch folded.contents {
            case .classification(let table, let drawn):
                return await classification(nil, tallied: table, drawn: drawn, &recorder)
            case .regression(let keys, let sums, let overall):
                regression = RegressionGroupTable(features: gate.sensitive, keys: keys, sums: sums, overall: overall)
            }
        case .rows(let loaded):
            let slices = gate.sensitive.map { loaded.slices[$0]! }
            switch loaded.predictions {
            case .classification(let data):
                return await classification(data, multiplicities: loaded.multiplicities, slices: slices, &recorder)
            case .regression(let data):
                regression = RegressionGroupTable(
                    labels: data.labels, predicted: data.predicted, weights: data.weights, groups: RowGroups(slices),
                    features: gate.sensitive, multiplicities: loaded.multiplicities)
            }
        }
        for (check, planned) in zip(gate.checks, recorder.planned) {
            record(check, planned, check.measure(on: regression, minGroupSize: gate.minGroupSize, features: gate.sensitive),
                interval: nil, duration: 0, &recorder)
        }
        return .groups(GroupTableReport(regression: regression, features: gate.sensitive, minGroupSize: gate.minGroupSize))
    }

    /// A classifier's rows as the table and the bootstrap take them: whether each one's
    /// label and prediction are the positive class, their content words, its weight,
    /// group and count.
    private struct ClassifiedRows {
        var labels: [Bool]
        var predicted: [Bool]
        var words: @Sendable (Int) -> FairnessBootstrap.ContentWords
        var weights: [Double]?
        var groups: RowGroups
        var multiplicities: [UInt32]?
    }

    private func classification(
        _ data: ClassificationPredictions, multiplicities: [UInt32]?, slices: [SliceColumn], _ recorder: inout GateRecorder
    ) async -> GateDetail {
        let positive = data.positiveClass ?? 1
        // Rows that each weigh one, judged without a bootstrap: tallied from their codes.
        if data.weights == nil, multiplicities == nil, gate.confidence == nil {
            let tallied = FairnessTable(
                classCodes: data.labels, predicted: data.predicted, positive: Int32(positive), slices: slices, features: gate.sensitive)
            return await classification(nil, tallied: tallied, drawn: nil, &recorder)
        }
        let classKeys = data.classes.map { DistinctRows.key($0) }
        let labels = data.labels, predicted = data.predicted, threshold = gate.columns.prediction == nil
        let rows = ClassifiedRows(
            labels: labels.map { Int($0) == positive }, predicted: predicted.map { Int($0) == positive },
            words: { row in
                FairnessBootstrap.ContentWords(
                    label: classKeys[Int(labels[row])],
                    predicted: threshold ? (Int(predicted[row]) == positive ? 1 : 0) : classKeys[Int(predicted[row])])
            },
            weights: data.weights, groups: RowGroups(slices), multiplicities: multiplicities)
        return await classification(rows, tallied: nil, drawn: nil, &recorder)
    }

    /// Judges a classifier's groups: `tallied` when the rows were counted from their
    /// codes or folded as a server sent them (then `made` is nil, and the bootstrap's
    /// resamples, if any, are `drawn`), else the table of `made`.
    private func classification(
        _ made: ClassifiedRows?, tallied: FairnessTable?, drawn: ResampledFairnessTallies.Drawn?, _ recorder: inout GateRecorder
    ) async -> GateDetail {
        let features = gate.sensitive
        let full = tallied ?? FairnessTable(
            labels: made!.labels, predicted: made!.predicted, weights: made!.weights, groups: made!.groups, features: features,
            multiplicities: made!.multiplicities)
        let judgedKeys = Set(full.groups.filter { $0.rates.count >= gate.minGroupSize }.map(\.key))
        let table = full.restricted(to: judgedKeys)
        let small = full.groups.filter { !judgedKeys.contains($0.key) }
        if !small.isEmpty {
            recorder.append(
                CheckResult(
                    name: "group_size", check: "min_group_size", severity: .warn, outcome: .warning,
                    message: "\(small.count) group\(small.count == 1 ? "" : "s") with fewer than \(gate.minGroupSize) rows reported, not judged: "
                        + small.map { "\(FairnessTable.label($0.key, features: features)) (\($0.rates.count))" }.joined(separator: "; "),
                    measurements: [Measurement("small_groups", Double(small.count))]))
        }
        var reference: [String]?
        var referenceError: FairnessReferenceError?
        if gate.checks.contains(where: { $0.measure.needsReference }) {
            switch gate.reference?.group(in: full, judged: judgedKeys, table: table, minGroupSize: gate.minGroupSize, features: features)
                ?? .failure(.notSet)
            {
            case .success(let group): reference = group
            case .failure(let error): referenceError = error
            }
        }
        let report = GroupTableReport(
            rates: full, judged: judgedKeys, reference: reference, features: features, minGroupSize: gate.minGroupSize,
            confidence: gate.confidence)
        guard judgedKeys.count >= 2 else {
            let reason = "fewer than two groups have at least \(gate.minGroupSize) rows (min_group_size): nothing to compare"
            for planned in recorder.planned { recorder.error(planned, message: reason) }
            return .groups(report)
        }

        // The bootstrap draws the distinct rows once for every check.
        var intervals: [String: (low: Double, high: Double)] = [:]
        if let confidence = gate.confidence, let made {
            intervals = await FairnessBootstrap(settings: gate.bootstrap).intervals(
                gate.checks, labels: made.labels, predicted: made.predicted, words: made.words, weights: made.weights, groups: made.groups,
                multiplicities: made.multiplicities, features: features, judged: judgedKeys, reference: reference, confidence: confidence)
        } else if let confidence = gate.confidence, let drawn {
            intervals = FairnessBootstrap.intervals(gate.checks, drawn: drawn, judged: judgedKeys, reference: reference, confidence: confidence)
        }
        for (check, planned) in zip(gate.checks, recorder.planned) {
            let clockStart = ContinuousClock.now
            if check.measure.needsReference, let referenceError {
                recorder.error(planned, message: referenceError.message)
                continue
            }
            let measured = check.measure(on: table, reference: reference, features: features)
            record(check, planned, measured, interval: intervals[check.name],
                duration: (ContinuousClock.now - clockStart).seconds, &recorder)
        }
        return .groups(report)
    }

    private func record(
        _ check: FairnessCheck, _ planned: PlannedCheck, _ measured: FairnessMeasurement,
        interval: (low: Double, high: Double)?, duration: Double, _ recorder: inout GateRecorder
    ) {
        // Fail closed: NaN or an infinity compares false with every bound, so it would pass.
        let numbers = [measured.value, interval?.low, interval?.high].compactMap { $0 }
        if let bad = numbers.first(where: { !$0.isFinite }) {
            recorder.error(
                planned,
                message: "\(check.measure.rawValue) is \(bad) (not a finite number): the groups' sums overflow, so it cannot be compared with its bounds",
                duration: duration)
            return
        }
        guard let evaluation = check.evaluate(measured, interval: interval, confidence: gate.confidence, features: gate.sensitive)
        else {
            recorder.error(planned, message: measured.undefinedMessage(check.measure), duration: duration)
            return
        }
        recorder.judged(
            planned, passed: evaluation.passed, message: evaluation.message, details: evaluation.details,
            measurements: evaluation.measurements, duration: duration)
    }
}

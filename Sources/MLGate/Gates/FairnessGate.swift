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

    func prepare(_ recorder: inout GateRecorder) async -> (prepared: Void, reads: [TableDemand])? {
        // Rates are sums over each group's rows; the bootstrap draws distinct rows.
        ((), [PredictionsLoader.demand(gate.predictions, columns: columns, aggregates: true)])
    }

    /// The predictions' columns, the sensitive ones as slices.
    private var columns: PredictionColumns {
        var columns = gate.columns
        columns.slices = gate.sensitive
        return columns
    }

    func judge(_ prepared: Void, tables: consuming ScannedTables, _ recorder: inout GateRecorder) async -> GateDetail? {
        let loaded: LoadedPredictions
        do throws(TableReadError) {
            loaded = try await PredictionsLoader.loaded(tables, 0, input: gate.predictions, columns: columns)
        } catch {
            recorder.cannotRead(error, since: recorder.start, skipping: "\(gate.predictions.path) could not be read (see 'input')")
            return nil
        }
        let slices = gate.sensitive.map { loaded.slices[$0]! }
        recorder.passed(
            "input",
            message: "\(gate.predictions.path): \(loaded.rowCount) rows\(loaded.groupingNote), grouped by \(gate.sensitive.joined(separator: " × "))\(gate.predictions.detectionSuffix)",
            measurements: [Measurement("rows", Double(loaded.rowCount))], since: recorder.start,
            location: gate.predictions.location, detection: gate.predictions.detection?.summary)
        switch loaded.predictions {
        case .classification(let data):
            return await classification(data, multiplicities: loaded.multiplicities, slices: slices, &recorder)
        case .regression(let data):
            let table = RegressionGroupTable(
                labels: data.labels, predicted: data.predicted, weights: data.weights, groups: RowGroups(slices),
                features: gate.sensitive, multiplicities: loaded.multiplicities)
            for (check, planned) in zip(gate.checks, recorder.planned) {
                record(check, planned, check.measure(on: table, minGroupSize: gate.minGroupSize, features: gate.sensitive),
                    interval: nil, duration: 0, &recorder)
            }
            return .groups(GroupTableReport(regression: table, features: gate.sensitive, minGroupSize: gate.minGroupSize))
        }
    }

    private func classification(
        _ data: ClassificationPredictions, multiplicities: [UInt32]?, slices: [SliceColumn], _ recorder: inout GateRecorder
    ) async -> GateDetail {
        let positive = data.positiveClass ?? 1
        let features = gate.sensitive
        /// The rows as the row-by-row table and the bootstrap take them.
        func rows() -> (labels: [Bool], predicted: [Bool], groups: RowGroups) {
            (data.labels.map { Int($0) == positive }, data.predicted.map { Int($0) == positive }, RowGroups(slices))
        }
        // Rows that each weigh one, judged without a bootstrap: tallied from their codes.
        let tallied = data.weights == nil && multiplicities == nil && gate.confidence == nil
            ? FairnessTable(
                classCodes: data.labels, predicted: data.predicted, positive: Int32(positive), slices: slices, features: features)
            : nil
        let made = tallied == nil ? rows() : nil
        let full = tallied ?? FairnessTable(
            labels: made!.labels, predicted: made!.predicted, weights: data.weights, groups: made!.groups, features: features,
            multiplicities: multiplicities)
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
        if let confidence = gate.confidence {
            let (labels, predicted, groups) = made ?? rows()
            intervals = await FairnessBootstrap(settings: gate.bootstrap).intervals(
                gate.checks, labels: labels, predicted: predicted, weights: data.weights, groups: groups,
                multiplicities: multiplicities, features: features, judged: judgedKeys, reference: reference, confidence: confidence)
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

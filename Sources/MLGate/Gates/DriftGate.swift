import Foundation

/// A drift gate: reads the reference (a table, or its stored profile) and the current
/// data in the run's shared scan, then compares every column concurrently and judges
/// the share of drifted columns. The statistics and verdicts live in `Checks/Drift/`.
struct DriftGate: Gate {
    var gate: DriftGateConfig

    /// Statistics on columns sorted during the scan; a column held as value counts is
    /// made into values only for a numeric statistic (``DriftColumnTest``).
    static var judgingMemory: JudgingMemory { .column }

    /// The columns to compare, what was found before the scan.
    struct Prepared: Sendable {
        var wanted: [DriftColumnConfig]
        /// Columns named in the config that a file does not have.
        var missing: [CheckResult]
        var profile: ReferenceProfile?
        /// The columns the engine holding both tables summarized (``DriftPushdown``), by
        /// their position in ``wanted``: their outcome and how long it took.
        var pushed: [Int: (outcome: DriftColumnOutcome, seconds: Double)] = [:]
        /// Both tables' rows, when the engine summarized columns.
        var pushedRows: (reference: Int, current: Int)?
        /// The positions in ``wanted`` of the columns read (all but ``pushed``).
        var read: [Int] { wanted.indices.filter { pushed[$0] == nil } }
    }

    var plannedChecks: [PlannedCheck] {
        [PlannedCheck(name: "dataset_drift", check: "dataset_drift", severity: gate.severity, location: gate.location)]
    }

    private func cannotRead(_ error: TableReadError, _ path: String, _ recorder: inout GateRecorder) {
        recorder.cannotRead(error, since: recorder.start, skipping: "\(path) could not be read (see 'input')")
    }

    func prepare(_ recorder: inout GateRecorder) async -> (prepared: Prepared, reads: [TableDemand])? {
        // The columns to compare, from both headers.
        let referenceHeader: [String], currentHeader: [String]
        var profile: ReferenceProfile?
        do throws(TableReadError) {
            switch gate.reference {
            case .table(let input):
                referenceHeader = DriftGate.columnNames(try input.readHeader())
            case .profile(let path, let url, _):
                guard let data = try? DocumentFile.read(url) else {
                    throw TableReadError(code: "scheme-error", message: "cannot read the reference profile", location: SourceLocation(file: path))
                }
                profile = try ReferenceProfile(data: data, source: path)
                referenceHeader = profile!.columns.map(\.name)
            }
        } catch {
            cannotRead(error, gate.reference.path, &recorder)
            return nil
        }
        do throws(TableReadError) {
            currentHeader = DriftGate.columnNames(try gate.current.readHeader())
        } catch {
            cannotRead(error, gate.current.path, &recorder)
            return nil
        }
        var missing: [CheckResult] = []
        var wanted: [DriftColumnConfig] = []
        if let configured = gate.columns {
            for column in configured {
                let absent: [(path: String, header: [String])] = [(gate.reference.path, referenceHeader), (gate.current.path, currentHeader)]
                    .filter { !$0.header.contains(column.name) }
                if let (path, header) = absent.first {
                    missing.append(CheckResult(
                        name: column.name, check: "column_drift", severity: gate.columnSeverity, outcome: .error,
                        message: "\(path) has no column '\(column.name)'\(Suggestion.didYouMean(column.name, in: header))",
                        location: column.location ?? gate.location))
                } else {
                    wanted.append(column)
                }
            }
        } else {
            let shared = Set(referenceHeader)
            wanted = currentHeader.filter { shared.contains($0) && !gate.exclude.contains($0) }.map { DriftColumnConfig(name: $0) }
        }
        var prepared = Prepared(wanted: wanted, missing: missing, profile: profile)
        do throws(TableReadError) {
            try pushDown(&prepared)
        } catch {
            // Located where the config names the table that could not be read.
            cannotRead(error, error.location == gate.current.location ? gate.current.path : gate.reference.path, &recorder)
            return nil
        }
        let names = prepared.read.map { wanted[$0].name }
        guard !names.isEmpty || prepared.pushedRows == nil else { return (prepared, []) }
        var reads: [TableDemand] = []
        if case .table(let input) = gate.reference {
            reads.append(Self.demand(input, positions: names.map { referenceHeader.firstIndex(of: $0)! }))
        }
        reads.append(Self.demand(gate.current, positions: names.map { currentHeader.firstIndex(of: $0)! }))
        return (prepared, reads)
    }

    /// The numeric columns that the engine holding both tables summarizes
    /// (``DriftPushdown``), compared from its summaries: those not named `categorical`
    /// whose method is `auto`, `ks`, `wasserstein`, or `psi` or `jensenshannon` (with
    /// reference-quantile bins), where the test takes the summary.
    private func pushDown(_ prepared: inout Prepared) throws(TableReadError) {
        guard case .table(let referenceInput) = gate.reference else { return }
        let candidates = prepared.wanted.indices.filter { index in
            let column = prepared.wanted[index]
            return !gate.categorical.contains(column.name)
                && [.auto, .ks, .wasserstein, .psi, .jensenshannon].contains(column.method ?? gate.method)
        }
        let names = candidates.map { prepared.wanted[$0].name }
        let quantiles = Set(candidates.indices.filter { position in
            [.psi, .jensenshannon].contains(prepared.wanted[candidates[position]].method ?? gate.method)
        })
        let locations = (referenceInput.location, gate.current.location)
        let summarized: DriftPushdown.Result?
        if let reference = referenceInput.database, let current = gate.current.database {
            summarized = try DriftPushdown.run(
                reference: reference, current: current, names: names, locations: locations, quantiles: quantiles, bins: gate.bins)
        } else if let reference = referenceInput.spark, let current = gate.current.spark {
            summarized = try DriftPushdown.run(
                reference: reference, current: current, names: names, locations: locations, quantiles: quantiles, bins: gate.bins)
        } else {
            summarized = nil
        }
        guard let result = summarized else { return }
        for (position, summary) in result.summaries {
            let index = candidates[position]
            let begin = ContinuousClock.now
            guard let outcome = DriftColumnTest.compare(prepared.wanted[index], gate: gate, summary: summary) else { continue }
            prepared.pushed[index] = (outcome, (ContinuousClock.now - begin).seconds)
        }
        prepared.pushedRows = (result.referenceRows, result.currentRows)
    }

    /// A header's labels as drift names its columns: a repeated label suffixed with its
    /// occurrence (`x`, `x2`, `x3`), as the contract names fields (Frictionless), so
    /// that every column is compared and no two results share a name.
    static func columnNames(_ labels: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return labels.map { label in
            let occurrence = seen[label, default: 0] + 1
            seen[label] = occurrence
            return occurrence == 1 ? label : "\(label)\(occurrence)"
        }
    }

    /// A demand that collects the columns at `positions`. A database table's server counts
    /// each column's values (``DatabaseTable/Grouping/eachColumn``): the same samples,
    /// exact, from a fraction of the table's bytes.
    static func demand(_ input: TableInput, positions: [Int]) -> TableDemand {
        var input = input
        if let database = input.database {
            input.database = database.grouped(.eachColumn, reading: "\(positions)")
        } else if let spark = input.spark {
            input.spark = spark.grouped(.eachColumn, reading: "\(positions)")
        }
        let counted = input.database != nil || input.spark != nil
        let budget = DriftCollector.serverSpillBudget
        return TableDemand(input) { header throws(TableReadError) in
            var collector = DriftCollector(positions: positions)
            if counted {
                collector.counted = (header.count - 2, header.count - 1)
                collector.spillBudget = budget
            }
            return collector
        }
    }

    /// What the input result adds for columns the engine summarized.
    private static func pushedNote(_ prepared: Prepared) -> String {
        let names = prepared.wanted.indices.filter { prepared.pushed[$0] != nil }.map { prepared.wanted[$0].name }
        return names.isEmpty ? "" : " (\(names.joined(separator: ", ")) summarized by the server)"
    }

    /// What the input result adds for a table whose values the server counted.
    private static func countedNote(_ collector: DriftCollector) -> String {
        collector.counted == nil ? "" : " (\(collector.countedRows) values counted by the server)"
    }

    func judge(_ prepared: Prepared, tables: consuming ScannedTables, _ recorder: inout GateRecorder) async -> GateDetail? {
        let wanted = prepared.wanted
        let read = prepared.read
        // Every column summarized by the engine: nothing was read.
        let nothingRead = prepared.pushedRows != nil && read.isEmpty
        var reference = DriftCollector(positions: []), current = DriftCollector(positions: [])
        if nothingRead, let rows = prepared.pushedRows { (reference.rows, current.rows) = rows }
        do throws(TableReadError) {
            if let profile = prepared.profile {
                reference = DriftCollector(positions: wanted.indices.map { $0 })
                reference.rows = profile.rows
                reference.samples = wanted.map { profile.sample($0.name)! }
            } else if !nothingRead {
                reference = try tables.take(0, as: DriftCollector.self)
                reference.settle()
            }
        } catch {
            cannotRead(error, gate.reference.path, &recorder)
            return nil
        }
        do throws(TableReadError) {
            if !nothingRead {
                current = try tables.take(prepared.profile == nil ? 1 : 0, as: DriftCollector.self)
                current.settle()
            }
        } catch {
            cannotRead(error, gate.current.path, &recorder)
            return nil
        }
        await DriftCollector.sortNumbers(&reference, &current)
        let profile = prepared.profile
        recorder.passed(
            "input",
            message: "\(gate.reference.path): \(reference.rows) rows\(Self.countedNote(reference))\(profile == nil ? "" : " (profile of \(profile!.source))"); \(gate.current.path): \(current.rows) rows\(Self.countedNote(current)); \(wanted.count) columns compared\(Self.pushedNote(prepared))\(Self.detectionText(gate))",
            measurements: [
                Measurement("reference_rows", Double(reference.rows)), Measurement("current_rows", Double(current.rows)),
                Measurement("columns", Double(wanted.count)),
            ],
            since: recorder.start, location: gate.location,
            detection: { let text = Self.detectionText(gate); return text.isEmpty ? nil : String(text.dropFirst(2)) }())
        for result in prepared.missing { recorder.append(result) }

        // Every column read at once (a collector's slot is the column's place among them).
        let config = gate
        let outcomes = await withTaskGroup(of: (Int, DriftColumnOutcome, Double).self) { group in
            for (slot, index) in read.enumerated() {
                let column = wanted[index]
                group.addTask { [reference, current] in
                    let begin = ContinuousClock.now
                    let outcome = DriftColumnTest.compare(
                        column, gate: config, reference: reference.samples[slot], current: current.samples[slot])
                    return (index, outcome, (ContinuousClock.now - begin).seconds)
                }
            }
            var outcomes = wanted.indices.map { prepared.pushed[$0].map { ($0.outcome, $0.seconds) } }
            for await (index, outcome, seconds) in group { outcomes[index] = (outcome, seconds) }
            return outcomes.map { $0! }
        }

        var compared: [DriftColumnResult] = []
        for (column, (outcome, seconds)) in zip(wanted, outcomes) {
            let planned = PlannedCheck(
                name: column.name, check: "column_drift", severity: gate.columnSeverity, location: column.location ?? gate.location)
            switch outcome {
            case .compared(let result):
                compared.append(result)
                let evaluation = result.evaluation
                recorder.judged(
                    planned, passed: evaluation.passed, message: evaluation.message, measurements: evaluation.measurements,
                    duration: seconds)
            case .freeText:
                recorder.skipped(
                    planned,
                    message: "free text (more than half of the values are distinct): not compared; name it in 'categorical' to compare its values",
                    duration: seconds)
            case .problem(let message):
                recorder.error(planned, message: message, duration: seconds)
            }
        }

        let dataset = DatasetDrift(columns: compared, driftShare: gate.driftShare)
        let planned = recorder.planned[0]
        let duration = recorder.seconds(since: recorder.start)
        if let evaluation = dataset.evaluation {
            recorder.judged(
                planned, passed: evaluation.passed, message: evaluation.message, measurements: evaluation.measurements,
                duration: duration)
        } else {
            recorder.error(planned, message: dataset.message, measurements: dataset.measurements, duration: duration)
        }
        return .drift(dataset.report)
    }
}

extension DriftGate {
    /// What detection found in the reference and current tables, for the `input` message.
    static func detectionText(_ gate: DriftGateConfig) -> String {
        var parts: [String] = []
        if case .table(let reference) = gate.reference, let summary = reference.detection?.summary {
            parts.append("\(reference.path): \(summary)")
        }
        if let summary = gate.current.detection?.summary { parts.append("\(gate.current.path): \(summary)") }
        return parts.isEmpty ? "" : "; " + parts.joined(separator: "; ")
    }
}

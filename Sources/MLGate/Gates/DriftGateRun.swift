import Foundation

/// One drift gate: reads the reference and the current data at once (each CSV on two
/// cores), then tests every column concurrently and judges the share of drifted columns.
struct DriftGateRun: Sendable {
    var gate: DriftGateConfig

    func run() async -> (checks: [CheckResult], drift: DriftTableReport?) {
        let clock = ContinuousClock()
        let start = clock.now
        func inputError(_ error: TableReadError, _ input: some DriftInputNamed) -> [CheckResult] {
            [CheckResult(
                name: "input", check: "input", outcome: .error, message: error.message, details: "\(error)",
                duration: (clock.now - start).seconds, location: error.location),
             CheckResult(
                name: "dataset_drift", check: "dataset_drift", severity: gate.severity, outcome: .skipped,
                message: "not run: \(input.path) could not be read (see 'input')", location: gate.location)]
        }

        // The columns to compare, from both headers.
        let referenceHeader: [String], currentHeader: [String]
        var profile: ReferenceProfile?
        do throws(TableReadError) {
            switch gate.reference {
            case .table(let input):
                referenceHeader = try Self.header(input)
            case .profile(let path, let url, _):
                guard let data = try? Data(contentsOf: url) else {
                    throw TableReadError(code: "scheme-error", message: "cannot read the reference profile", location: SourceLocation(file: path))
                }
                profile = try ReferenceProfile(data: data, source: path)
                referenceHeader = profile!.columns.map(\.name)
            }
        } catch {
            return (inputError(error, gate.reference), nil)
        }
        do { currentHeader = try Self.header(gate.current) } catch { return (inputError(error, gate.current), nil) }
        var checks: [CheckResult] = []
        var wanted: [DriftColumnConfig] = []
        if let configured = gate.columns {
            for column in configured {
                let missing: [(path: String, header: [String])] = [(gate.reference.path, referenceHeader), (gate.current.path, currentHeader)]
                    .filter { !$0.header.contains(column.name) }
                if let (path, header) = missing.first {
                    checks.append(CheckResult(
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

        // One pass over each file, both files at once.
        let names = wanted.map(\.name)
        let (referenceRead, currentRead) = await withTaskGroup(of: (Int, Result<DriftCollector, TableReadError>).self) { group in
            if case .table(let input) = gate.reference {
                group.addTask { (0, await Self.collect(input, positions: names.map { referenceHeader.firstIndex(of: $0)! })) }
            } else if let profile {
                var collector = DriftCollector(positions: names.indices.map { $0 })
                collector.rows = profile.rows
                collector.samples = names.map { profile.sample($0)! }
                group.addTask { (0, .success(collector)) }
            }
            group.addTask { (1, await Self.collect(gate.current, positions: names.map { currentHeader.firstIndex(of: $0)! })) }
            var results: [Result<DriftCollector, TableReadError>?] = [nil, nil]
            for await (index, result) in group { results[index] = result }
            return (results[0]!, results[1]!)
        }
        let reference: DriftCollector, current: DriftCollector
        switch (referenceRead, currentRead) {
        case (.failure(let error), _): return (inputError(error, gate.reference), nil)
        case (_, .failure(let error)): return (inputError(error, gate.current), nil)
        case (.success(let r), .success(let c)): (reference, current) = (r, c)
        }
        checks.insert(CheckResult(
            name: "input", check: "input", outcome: .passed,
            message: "\(gate.reference.path): \(reference.rows) rows\(profile == nil ? "" : " (profile of \(profile!.source))"); \(gate.current.path): \(current.rows) rows; \(names.count) columns compared",
            measurements: [
                Measurement("reference_rows", Double(reference.rows)), Measurement("current_rows", Double(current.rows)),
                Measurement("columns", Double(names.count)),
            ],
            duration: (clock.now - start).seconds, location: gate.location), at: 0)

        // Every column at once.
        let config = gate
        let outcomes = await withTaskGroup(of: (Int, Result<DriftColumnResult, DriftColumnTest.Problem>, Double).self) { group in
            for (index, column) in wanted.enumerated() {
                group.addTask {
                    let begin = ContinuousClock.now
                    var referenceSample = reference.samples[index], currentSample = current.samples[index]
                    if referenceSample.allNumbers { referenceSample.sortNumbers() }
                    if currentSample.allNumbers { currentSample.sortNumbers() }
                    let kind = DriftColumnKind.infer(
                        currentSample, forcedCategorical: config.categorical.contains(column.name),
                        forcedNumeric: config.numeric.contains(column.name))
                    let test = DriftColumnTest(
                        column: column.name, kind: kind, method: column.method ?? config.method,
                        threshold: column.threshold ?? config.threshold, ksMethod: config.ksMethod, bins: config.bins)
                    let result: Result<DriftColumnResult, DriftColumnTest.Problem>
                    if kind == .text {
                        result = .failure(.init(message: "text"))
                    } else {
                        do throws(DriftColumnTest.Problem) {
                            result = .success(try test.run(reference: referenceSample, current: currentSample))
                        } catch {
                            result = .failure(error)
                        }
                    }
                    return (index, result, (ContinuousClock.now - begin).seconds)
                }
            }
            var outcomes = [(Result<DriftColumnResult, DriftColumnTest.Problem>, Double)?](repeating: nil, count: wanted.count)
            for await (index, result, seconds) in group { outcomes[index] = (result, seconds) }
            return outcomes.map { $0! }
        }

        var results: [DriftColumnResult] = []
        for (column, (outcome, seconds)) in zip(wanted, outcomes) {
            switch outcome {
            case .success(let result):
                results.append(result)
                checks.append(Self.check(result, severity: gate.columnSeverity, duration: seconds, location: column.location ?? gate.location))
            case .failure(let problem) where problem.message == "text":
                checks.append(CheckResult(
                    name: column.name, check: "column_drift", severity: gate.columnSeverity, outcome: .skipped,
                    message: "free text (more than half of the values are distinct): not compared; name it in 'categorical' to compare its values",
                    duration: seconds, location: column.location ?? gate.location))
            case .failure(let problem):
                checks.append(CheckResult(
                    name: column.name, check: "column_drift", severity: gate.columnSeverity, outcome: .error,
                    message: problem.message, duration: seconds, location: column.location ?? gate.location))
            }
        }

        let drifted = results.filter(\.drifted)
        let share = results.isEmpty ? 0 : Double(drifted.count) / Double(results.count)
        let datasetDrift = share >= gate.driftShare
        let listed = drifted.map(\.column).joined(separator: ", ")
        let outcome: CheckOutcome = results.isEmpty ? .error : datasetDrift ? (gate.severity == .error ? .failed : .warning) : .passed
        checks.append(CheckResult(
            name: "dataset_drift", check: "dataset_drift", severity: gate.severity, outcome: outcome,
            message: results.isEmpty
                ? "no column could be compared"
                : "\(drifted.count) of \(results.count) columns drifted (share \(NumberFormatting.fixed(share)), \(datasetDrift ? "≥" : "<") \(NumberFormatting.fixed(gate.driftShare)))\(listed.isEmpty ? "" : ": \(listed)")",
            measurements: [
                Measurement("drifted_columns", Double(drifted.count)), Measurement("columns", Double(results.count)),
                Measurement("share", share), Measurement("drift_share", gate.driftShare),
            ],
            duration: (clock.now - start).seconds, location: gate.location))
        return (checks, DriftTableReport(columns: results, driftShare: gate.driftShare, share: share, drifted: datasetDrift))
    }

    /// A column's result as a check.
    static func check(_ result: DriftColumnResult, severity: CheckSeverity, duration: Double, location: SourceLocation?) -> CheckResult {
        var message = "\(result.method.rawValue) \(result.valueName) \(NumberFormatting.fixed(result.value)) \(result.comparison) \(NumberFormatting.fixed(result.threshold)): \(result.drifted ? "drifted" : "no drift")"
        var notes: [String] = []
        if let statistic = result.statistic { notes.append("statistic \(NumberFormatting.fixed(statistic))") }
        if let reason = result.autoReason { notes.append(reason) }
        notes += result.categoryNotes
        if !notes.isEmpty { message += " (\(notes.joined(separator: "; ")))" }
        var measurements = [Measurement("value", result.value), Measurement("threshold", result.threshold)]
        if let statistic = result.statistic { measurements.append(Measurement("statistic", statistic)) }
        measurements += [
            Measurement("reference_count", Double(result.referenceCount)), Measurement("current_count", Double(result.currentCount)),
        ]
        measurements += result.details.sorted { $0.key < $1.key }.map { Measurement($0.key, $0.value) }
        return CheckResult(
            name: result.column, check: "column_drift", severity: severity,
            outcome: result.drifted ? (severity == .error ? .failed : .warning) : .passed, message: message,
            measurements: measurements, duration: duration, location: location)
    }

    static func header(_ input: TableInput) throws(TableReadError) -> [String] {
        switch input.format {
        case .csv, .tsv:
            return try CSVReader(url: input.url, dialect: input.format == .tsv && input.dialect == .csv ? .tsv : input.dialect, displayPath: input.path).columns
        case .jsonl:
            return try JSONLinesReader(url: input.url, displayPath: input.path).columns
        }
    }

    static func collect(_ input: TableInput, positions: [Int]) async -> Result<DriftCollector, TableReadError> {
        (await collectUnsettled(input, positions: positions)).map { collector in
            var collector = collector
            for index in collector.samples.indices { collector.samples[index].settle() }
            return collector
        }
    }

    private static func collectUnsettled(_ input: TableInput, positions: [Int]) async -> Result<DriftCollector, TableReadError> {
        do throws(TableReadError) {
            switch input.format {
            case .csv, .tsv:
                // Each half of a large file sizes its columns for half the file's bytes.
                let size = (try? FileManager.default.attributesOfItem(atPath: input.url.path)[.size] as? NSNumber)?.intValue ?? 0
                let expected = size >= ParallelCSVScan.minimumSize ? size / 2 : size
                return .success(try await ParallelCSVScan.scan(
                    url: input.url, dialect: input.format == .tsv && input.dialect == .csv ? .tsv : input.dialect,
                    displayPath: input.path) { _ throws(TableReadError) in DriftCollector(positions: positions, expectedBytes: expected) })
            case .jsonl:
                var reader = try JSONLinesReader(url: input.url, displayPath: input.path)
                var collector = DriftCollector(positions: positions)
                while let batch = try reader.nextBatch() { try collector.observe(batch) }
                return .success(collector)
            }
        } catch {
            return .failure(error)
        }
    }
}

/// An input named in messages: a table or a reference.
protocol DriftInputNamed {
    var path: String { get }
}

extension TableInput: DriftInputNamed {}
extension DriftReference: DriftInputNamed {}

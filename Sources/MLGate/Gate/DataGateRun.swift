import Foundation

/// One data gate: reads its table once, feeding every batch to every check's
/// accumulator, then evaluates each check.
///
/// The first result is always `input`: it passes when the file exists and parses to the
/// end, and is an error otherwise, in which case the other checks are skipped (they
/// would judge a partial table).
struct DataGateRun {
    var gate: DataGateConfig

    /// Every check's accumulator for one stretch of the table: what one core gathers.
    struct Accumulators: TableConsumer {
        var columns: [String]
        var accumulators: [any TableAccumulator]
        var checkTime: [Duration]
        var rows = 0

        init(checks: [ConfiguredCheck], columns: [String]) {
            self.columns = columns
            accumulators = checks.map { $0.check.makeAnyAccumulator(columns: columns) }
            checkTime = Array(repeating: .zero, count: checks.count)
        }

        mutating func observe(_ batch: RowBatch) throws(TableReadError) {
            let clock = ContinuousClock()
            rows += batch.rowCount
            for index in accumulators.indices {
                let before = clock.now
                accumulators[index].observe(batch)
                checkTime[index] += clock.now - before
            }
        }

        mutating func append(_ later: Accumulators) {
            rows += later.rows
            for index in accumulators.indices {
                accumulators[index].merge(any: later.accumulators[index])
                checkTime[index] += later.checkTime[index]
            }
        }
    }

    func run() async -> [CheckResult] {
        let clock = ContinuousClock()
        let start = clock.now
        let input = gate.input
        let checks = gate.checks
        do throws(TableReadError) {
            var state: Accumulators
            switch input.format {
            case .csv, .tsv:
                // A large file is read on both cores; the accumulators of its halves merge.
                state = try await ParallelCSVScan.scan(url: input.url, dialect: input.dialect, displayPath: input.path) {
                    columns throws(TableReadError) in Accumulators(checks: checks, columns: columns)
                }
            case .jsonl:
                var reader = try JSONLinesReader(url: input.url, displayPath: input.path)
                state = Accumulators(checks: checks, columns: reader.columns)
                while let batch = try reader.nextBatch() { try state.observe(batch) }
            }
            return results(state, start: start, clock: clock)
        } catch {
            let inputResult = CheckResult(
                name: "input", check: "input", outcome: .error, message: error.message,
                details: "\(error)", measurements: [], duration: (clock.now - start).seconds,
                location: error.location)
            return [inputResult]
                + gate.checks.map { configured in
                    CheckResult(
                        name: configured.name, check: type(of: configured.check).identifier,
                        severity: configured.severity, outcome: .skipped,
                        message: "not run: \(input.path) could not be read (see 'input')",
                        location: configured.location)
                }
        }
    }

    private func results(_ state: Accumulators, start: ContinuousClock.Instant, clock: ContinuousClock) -> [CheckResult] {
        let (columns, accumulators, checkTime, rows) = (state.columns, state.accumulators, state.checkTime, state.rows)
        let table = TableSummary(path: gate.input.path, columns: columns, rowCount: rows)
        let readTime = (clock.now - start) - checkTime.reduce(.zero, +)
        var results = [
            CheckResult(
                name: "input", check: "input", outcome: .passed,
                message: "\(gate.input.path): \(rows) rows × \(columns.count) columns (\(gate.input.format.rawValue.uppercased()))",
                measurements: [Measurement("rows", Double(rows)), Measurement("columns", Double(columns.count))],
                duration: readTime.seconds, location: gate.input.location)
        ]
        for (index, configured) in gate.checks.enumerated() {
            let before = clock.now
            let evaluation = configured.check.evaluate(any: accumulators[index], table: table)
            let outcome: CheckOutcome =
                evaluation.passed ? .passed : (configured.severity == .warn ? .warning : .failed)
            results.append(
                CheckResult(
                    name: configured.name, check: type(of: configured.check).identifier,
                    severity: configured.severity, outcome: outcome, message: evaluation.message,
                    details: evaluation.details, measurements: evaluation.measurements,
                    duration: (checkTime[index] + (clock.now - before)).seconds, location: configured.location))
        }
        return results
    }
}

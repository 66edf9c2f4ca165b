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
        /// The schema's checks, when the gate has one.
        var contract: ContractValidator?
        var contractTime = Duration.zero

        init(checks: [ConfiguredCheck], columns: [String], contract: ContractValidator? = nil) {
            self.columns = columns
            accumulators = checks.map { $0.check.makeAnyAccumulator(columns: columns) }
            checkTime = Array(repeating: .zero, count: checks.count)
            self.contract = contract
        }

        mutating func observe(_ batch: RowBatch) throws(TableReadError) {
            let clock = ContinuousClock()
            rows += batch.rowCount
            if contract != nil {
                let before = clock.now
                contract!.observe(batch)
                contractTime += clock.now - before
            }
            for index in accumulators.indices {
                let before = clock.now
                accumulators[index].observe(batch)
                checkTime[index] += clock.now - before
            }
        }

        mutating func append(_ later: Accumulators) {
            if let laterContract = later.contract { contract?.append(laterContract) }
            contractTime += later.contractTime
            rows += later.rows
            for index in accumulators.indices {
                accumulators[index].merge(any: later.accumulators[index])
                checkTime[index] += later.checkTime[index]
            }
        }
    }

    func run() async -> (checks: [CheckResult], contract: ContractReport?) {
        let clock = ContinuousClock()
        let start = clock.now
        let input = gate.input
        let checks = gate.checks
        do throws(TableReadError) {
            var schema: TableSchema?
            var inferredSchema: String?
            switch gate.contract?.source {
            case .schema(let given, _)?: schema = given
            case .inferred(let sampleRows)?:
                schema = try Self.inferSchema(input, sampleRows: sampleRows)
                inferredSchema = schema.map(TableSchemaWriter.json)
            case nil: break
            }
            let sampleLimit = gate.contract?.samples ?? 0
            let headerless = input.format != .jsonl && !input.dialect.header
            let file = input.path
            let makeState: @Sendable ([String]) throws(TableReadError) -> Accumulators = { [schema] columns throws(TableReadError) in
                var contract: ContractValidator?
                if let schema {
                    do {
                        contract = try ContractValidator(
                            schema: schema, labels: columns, headerless: headerless, sampleLimit: sampleLimit)
                    } catch {
                        throw TableReadError(code: "schema-error", message: "\(error)", location: SourceLocation(file: file))
                    }
                }
                return Accumulators(checks: checks, columns: columns, contract: contract)
            }
            var state: Accumulators
            switch input.format {
            case .csv, .tsv:
                // A large file is read on both cores; the accumulators of its halves merge.
                // With a contract, a malformed row is one of its findings and the file is
                // read on; without one, it ends the read (exit 2), as for every other gate.
                state = try await ParallelCSVScan.scan(
                    url: input.url, dialect: input.dialect, displayPath: input.path, recovering: schema != nil,
                    makeConsumer: makeState)
            case .jsonl:
                var reader = try JSONLinesReader(url: input.url, displayPath: input.path)
                reader.recoversMalformedRows = schema != nil
                state = try makeState(reader.columns)
                while let batch = try reader.nextBatch() { try state.observe(batch) }
            }
            var results = results(state, start: start, clock: clock)
            var report: ContractReport?
            if let contract = state.contract, let config = gate.contract {
                let tally = contract.finish()
                let name: String
                if case .schema(_, let given) = config.source { name = given } else { name = "inferred" }
                report = ContractReport(schema: name, rows: contract.rows, tally: tally, inferredSchema: inferredSchema)
                results.insert(
                    contentsOf: ContractResults.checks(
                        tally: tally, validator: contract, config: config, input: input, duration: state.contractTime.seconds),
                    at: 1)
            }
            return (results, report)
        } catch {
            let inputResult = CheckResult(
                name: "input", check: "input", outcome: .error, message: error.message,
                details: "\(error)", measurements: [], duration: (clock.now - start).seconds,
                location: error.location)
            return ([inputResult]
                + gate.checks.map { configured in
                    CheckResult(
                        name: configured.name, check: type(of: configured.check).identifier,
                        severity: configured.severity, outcome: .skipped,
                        message: "not run: \(input.path) could not be read (see 'input')",
                        location: configured.location)
                }, nil)
        }
    }

    /// The schema Frictionless would infer from the table's first rows: types only.
    static func inferSchema(_ input: TableInput, sampleRows: Int) throws(TableReadError) -> TableSchema {
        // Malformed rows are read past here too: the contract reports them.
        var reader: any TableReader
        switch input.format {
        case .csv, .tsv:
            var csv = try CSVReader(url: input.url, dialect: input.dialect, displayPath: input.path, batchSize: max(1, sampleRows))
            csv.recoversMalformedRows = true
            reader = csv
        case .jsonl:
            var jsonl = try JSONLinesReader(url: input.url, displayPath: input.path, batchSize: max(1, sampleRows))
            jsonl.recoversMalformedRows = true
            reader = jsonl
        }
        var options = SchemaInference.Options()
        options.constraints = false
        options.frictionlessSampleRows = sampleRows
        var inference = SchemaInference(columns: SchemaInference.fieldNames(reader.columns), options: options)
        if let batch = try reader.nextBatch() { inference.observe(batch) }
        return inference.schema()
    }

    private func results(_ state: Accumulators, start: ContinuousClock.Instant, clock: ContinuousClock) -> [CheckResult] {
        let (columns, accumulators, checkTime, rows) = (state.columns, state.accumulators, state.checkTime, state.rows)
        let table = TableSummary(path: gate.input.path, columns: columns, rowCount: rows)
        let readTime = (clock.now - start) - checkTime.reduce(.zero, +) - state.contractTime
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

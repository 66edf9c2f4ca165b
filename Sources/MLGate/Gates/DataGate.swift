import Foundation

/// A data gate: its table's checks and, with a schema, its contract, from one read of
/// the table (shared with every other gate of the run that reads it).
///
/// The first result is always `input`: it passes when the file exists and parses to the
/// end, and is an error otherwise, in which case the other checks are skipped (they
/// would judge a partial table).
struct DataGate: Gate {
    var gate: DataGateConfig

    /// Verdicts from accumulators (a quantile selects among its values in place).
    static var judgingMemory: JudgingMemory { .none }

    /// The schema the contract checks, if any, and its text when it was inferred.
    struct Prepared: Sendable {
        var schema: TableSchema?
        var inferredSchema: String?
        /// A database table's checks, computed by the server (``PushdownTableCheck``).
        var pushedDown: DataTableConsumer?
        /// What the `input` result says of a contract pushed down (``ContractPushdown``).
        var pushdownNote: String?
    }

    var plannedChecks: [PlannedCheck] {
        gate.checks.map {
            PlannedCheck(name: $0.name, check: type(of: $0.check).identifier, severity: $0.severity, location: $0.location)
        }
    }

    func prepare(_ recorder: inout GateRecorder) async -> (prepared: Prepared, reads: [TableDemand])? {
        let input = gate.input
        var prepared = Prepared()
        switch gate.contract?.source {
        case .schema(let given, _)?: prepared.schema = given
        case .inferred(let sampleRows)?:
            do throws(TableReadError) {
                prepared.schema = try Self.inferSchema(input, sampleRows: sampleRows)
            } catch {
                recorder.cannotRead(error, since: recorder.start, skipping: "\(input.path) could not be read (see 'input')")
                return nil
            }
            prepared.inferredSchema = prepared.schema.map(TableSchemaWriter.json)
        case nil: break
        }
        do throws(TableReadError) {
            if let pushed = try pushDown(prepared.schema) {
                prepared.pushedDown = pushed.state
                prepared.pushdownNote = pushed.note
                return (prepared, [])
            }
        } catch {
            recorder.cannotRead(error, since: recorder.start, skipping: "\(input.path) could not be read (see 'input')")
            return nil
        }
        let schema = prepared.schema
        // A Parquet file's columns are typed: their values' types decide, as in frictionless.
        var valueKinds: [String: TypedValueKind] = [:]
        if schema != nil, input.format == .parquet {
            do throws(TableReadError) {
                valueKinds = try ParquetReader(url: input.url, displayPath: input.path).valueKinds
            } catch {
                recorder.cannotRead(error, since: recorder.start, skipping: "\(input.path) could not be read (see 'input')")
                return nil
            }
        }
        let kinds = valueKinds
        let sampleLimit = gate.contract?.samples ?? 0
        let headerless = input.format != .jsonl && !input.dialect.header
        let file = input.path
        let checks = gate.checks
        // With a contract, a malformed row is one of its findings and the file is read
        // on; without one, it ends the read (exit 2), as for every other gate.
        let demand = TableDemand(input, recovering: schema != nil) { columns throws(TableReadError) in
            var contract: ContractValidator?
            if let schema {
                do {
                    contract = try ContractValidator(
                        schema: schema, labels: columns, headerless: headerless, sampleLimit: sampleLimit,
                        valueKinds: kinds)
                } catch {
                    throw TableReadError(code: "schema-error", message: "\(error)", location: SourceLocation(file: file))
                }
            }
            return DataTableConsumer(checks: checks, columns: columns, contract: contract)
        }
        return (prepared, [demand])
    }

    func judge(_ prepared: Prepared, tables: consuming ScannedTables, _ recorder: inout GateRecorder) async -> GateDetail? {
        let input = gate.input
        let state: DataTableConsumer
        do throws(TableReadError) {
            if let pushed = prepared.pushedDown {
                state = pushed
            } else {
                state = try tables.consumer(0, as: DataTableConsumer.self)
            }
        } catch {
            recorder.cannotRead(error, since: recorder.start, skipping: "\(input.path) could not be read (see 'input')")
            return nil
        }
        let clock = ContinuousClock()
        let checksTime = state.checkTime.reduce(.zero, +) + state.contractTime
        var inputResult = CheckResult(
            name: "input", check: "input", outcome: .passed,
            message: "\(input.path): \(state.rows) rows × \(state.columns.count) columns (\(input.database != nil ? "PostgreSQL" : input.spark != nil ? "Spark" : input.format.rawValue.uppercased())\(prepared.pushdownNote.map { "; \($0)" } ?? ""))\(input.detectionSuffix)",
            measurements: [Measurement("rows", Double(state.rows)), Measurement("columns", Double(state.columns.count))],
            duration: max(0, ((clock.now - recorder.start) - checksTime).seconds), location: input.location)
        inputResult.detection = input.detection?.summary
        recorder.append(inputResult)
        var detail: GateDetail?
        if let contract = state.contract, let config = gate.contract {
            let tally = contract.finish()
            let name: String
            if case .schema(_, let given) = config.source { name = given } else { name = "inferred" }
            detail = .contract(
                ContractReport(schema: name, rows: state.rows, tally: tally, inferredSchema: prepared.inferredSchema))
            let results = ContractResults.checks(
                tally: tally, validator: contract, config: config, input: input, duration: state.contractTime.seconds)
            for result in ContractPushdown.correctingRows(results, observed: contract.rows, total: state.rows) {
                recorder.append(result)
            }
        }
        let table = TableSummary(path: input.path, columns: state.columns, rowCount: state.rows)
        for (index, configured) in gate.checks.enumerated() {
            let before = clock.now
            let evaluation = configured.check.evaluate(any: state.accumulators[index], table: table)
            recorder.judged(
                recorder.planned[index], passed: evaluation.passed, message: evaluation.message, details: evaluation.details,
                measurements: evaluation.measurements, duration: (state.checkTime[index] + (clock.now - before)).seconds)
        }
        return detail
    }

    /// The gate's checks computed by the engine that holds its table, when every one of
    /// them can be (Spark, or PostgreSQL with a contract or without); nil for a file or
    /// when the rows must be streamed.
    private func pushDown(_ schema: TableSchema?) throws(TableReadError) -> (state: DataTableConsumer, note: String?)? {
        let input = gate.input
        if let spark = input.spark {
            return try Self.pushDown(gate, schema: schema, to: spark, location: input.location, file: input.path)
                .map { ($0.state, $0.note) }
        }
        guard let database = input.database else { return nil }
        if let schema,
            let pushed = try ContractPushdown.run(
                checks: gate.checks, schema: schema, table: database, sampleLimit: gate.contract?.samples ?? 0,
                location: input.location, file: input.path)
        {
            return (pushed.consumer, pushed.note)
        }
        guard gate.contract == nil else { return nil }
        return try Self.pushDown(gate.checks, to: database, location: input.location).map { ($0, nil) }
    }

    /// The checks' state computed by the server, when every check is an aggregate it can
    /// compute with the file mode's definition; nil when the table must be streamed.
    static func pushDown(_ checks: [ConfiguredCheck], to database: DatabaseTable, location: SourceLocation) throws(TableReadError)
        -> DataTableConsumer?
    {
        guard checks.allSatisfy({ $0.check is any PushdownTableCheck }) else { return nil }
        var session = try PostgresPushdownSession(database, location: location)
        return try WarehousePushdown.checks(checks, on: &session)
    }

    /// The gate computed by a Spark cluster (docs/spark.md): its contract's candidates and
    /// its checks' aggregates, with what the `input` result says of it; nil when a check
    /// or the contract cannot be pushed down exactly (the table is then streamed).
    static func pushDown(
        _ gate: DataGateConfig, schema: TableSchema?, to spark: SparkTable, location: SourceLocation, file: String
    ) throws(TableReadError) -> (state: DataTableConsumer, note: String)? {
        guard gate.checks.allSatisfy({ $0.check is any PushdownTableCheck }),
              var session = try SparkPushdownSession(spark, location: location)
        else { return nil }
        let bytes = { (count: Int) in "\(count.formatted(.number.grouping(.never))) bytes received" }
        if let schema {
            guard let pushed = try ContractPushdown.run(
                checks: gate.checks, schema: schema, session: &session, sampleLimit: gate.contract?.samples ?? 0, file: file)
            else { return nil }
            return (pushed.consumer, "pushed down: \(pushed.candidateRows) rows fetched for mlgate to judge, the rest cleared by the cluster; \(bytes(pushed.bytesReceived))")
        }
        guard let state = try WarehousePushdown.checks(gate.checks, on: &session) else { return nil }
        return (state, "pushed down: aggregates computed by the cluster, no rows fetched; \(bytes(session.bytesReceived))")
    }

    /// The schema Frictionless would infer from the table's first rows: types only.
    static func inferSchema(_ input: TableInput, sampleRows: Int) throws(TableReadError) -> TableSchema {
        // Malformed rows are read past here too: the contract reports them.
        var reader: any TableReader
        if let database = try input.openDatabaseReader(batchSize: max(1, sampleRows), limit: max(1, sampleRows), recovering: true) {
            reader = database
        } else {
        switch input.format {
        case .csv, .tsv:
            var csv = try CSVReader(url: input.url, dialect: input.dialect, displayPath: input.path, batchSize: max(1, sampleRows))
            csv.recoversMalformedRows = true
            reader = csv
        case .jsonl:
            var jsonl = try JSONLinesReader(url: input.url, displayPath: input.path, batchSize: max(1, sampleRows))
            jsonl.recoversMalformedRows = true
            reader = jsonl
        case .parquet:
            reader = try ParquetReader(url: input.url, displayPath: input.path, batchSize: max(1, sampleRows))
        }
        }
        var options = SchemaInference.Options()
        options.knownTypes = (reader as? ParquetReader)?.tableSchemaTypes ?? [:]
        options.constraints = false
        options.frictionlessSampleRows = sampleRows
        var inference = SchemaInference(columns: SchemaInference.fieldNames(reader.columns), options: options)
        if let batch = try reader.nextBatch() { inference.observe(batch) }
        return inference.schema()
    }
}

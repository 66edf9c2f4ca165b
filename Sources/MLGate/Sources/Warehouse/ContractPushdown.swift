/// A data gate's contract on a database table, pushed down (docs/warehouse.md): the
/// server clears the rows it can decide break nothing (``ContractPushdownPlan``), sends
/// the others with their row numbers, and the contract's own validator judges them as it
/// judges a file's rows. The gate's dataset checks, which must then all be aggregates,
/// are computed by the server too (``PostgresPushdown``).
enum ContractPushdown {
    /// What the pushdown computed: the gate's state, as if every row had been streamed.
    struct Outcome: Sendable {
        /// The checks' accumulators, the validator (which saw only the candidates) and
        /// the table's row count.
        var consumer: DataTableConsumer
        /// Rows the server sent for the validator to judge.
        var candidateRows: Int
        /// Bytes received for them.
        var bytesReceived: Int

        /// What the `input` result adds: `412 rows judged by mlgate, the rest cleared by the server`.
        var note: String { "\(candidateRows) rows judged by mlgate, the rest cleared by the server" }
    }

    /// Rows per batch given to the validator.
    static let batchRows = 4096

    /// The gate's state computed with the server, or nil when the contract or a check
    /// cannot be pushed down exactly (then the table is streamed).
    ///
    /// `file`: how errors in the schema name the input.
    static func run(
        checks: [ConfiguredCheck], schema: TableSchema, table: DatabaseTable, sampleLimit: Int, location: SourceLocation,
        file: String, dialect: PostgreSQLDialect = PostgreSQLDialect()
    ) throws(TableReadError) -> Outcome? {
        guard checks.allSatisfy({ $0.check is any PushdownTableCheck }) else { return nil }
        var session = try PostgresPushdownSession(table, location: location, dialect: dialect)
        return try run(checks: checks, schema: schema, session: &session, sampleLimit: sampleLimit, file: file)
    }

    /// The gate's state computed with the engine behind `session`, or nil when the
    /// contract or a check cannot be pushed down exactly (then the table is streamed).
    static func run(
        checks: [ConfiguredCheck], schema: TableSchema, session: inout some PushdownSession, sampleLimit: Int, file: String
    ) throws(TableReadError) -> Outcome? {
        let pushable = checks.compactMap { $0.check as? any PushdownTableCheck }
        // A relation without columns: the streamed read reports it.
        guard pushable.count == checks.count, !session.columnNames.isEmpty else { return nil }
        var validator: ContractValidator
        do {
            validator = try ContractValidator(schema: schema, labels: session.columnNames, sampleLimit: sampleLimit)
        } catch {
            throw TableReadError(code: "schema-error", message: "\(error)", location: SourceLocation(file: file))
        }
        guard let plan = ContractPushdownPlan(validator),
              let values = try WarehousePushdown.values(&session, aggregates: [.rowCount] + pushable.flatMap(\.aggregates))
        else { return nil }
        try session.startCandidates(plan)
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var candidates = 0
        var pending: RowBatch?
        // Each foreign key's verdicts for the pending rows (by key, then row); nil when
        // the engine sent every row and the validator looks the keys up itself.
        var verdicts: [[Bool]]? = plan.foreignKeys.isEmpty ? nil : Array(repeating: [], count: plan.foreignKeys.count)
        func flush() {
            guard let batch = pending else { return }
            let start = clock.now
            validator.observe(batch, foreignKeyVerdicts: verdicts)
            elapsed += clock.now - start
            pending = nil
            if verdicts != nil { verdicts = Array(repeating: [], count: plan.foreignKeys.count) }
        }
        let width = session.columnNames.count
        while let rows = try session.nextCandidates() {
            for candidate in rows {
                if let current = pending, current.firstRowNumber + current.rowCount != candidate.row || current.rowCount >= batchRows {
                    flush()
                }
                if pending == nil { pending = RowBatch(firstRowNumber: candidate.row, width: width) }
                pending!.appendRow(candidate.cells, line: candidate.line)
                if let resolved = candidate.resolved, verdicts != nil {
                    for key in resolved.indices { verdicts![key].append(resolved[key]) }
                } else {
                    verdicts = nil
                }
                candidates += 1
            }
        }
        flush()
        var consumer = DataTableConsumer(checks: checks, columns: values.columns, contract: validator)
        consumer.rows = values.integer(.rowCount)
        consumer.accumulators = pushable.map { $0.anyAccumulator(values) }
        consumer.contractTime = elapsed
        return Outcome(consumer: consumer, candidateRows: candidates, bytesReceived: session.bytesReceived)
    }

    /// The contract's results with the table's row count where the validator, which
    /// saw only the candidates, counted `observed` rows.
    static func correctingRows(_ results: [CheckResult], observed: Int, total: Int) -> [CheckResult] {
        guard observed != total else { return results }
        return results.map { result in
            var result = result
            result.measurements = result.measurements.map { $0.name == "rows" ? Measurement("rows", Double(total)) : $0 }
            if result.check == ContractCheck.rows.rawValue, result.message.hasPrefix("\(observed) rows,") {
                result.message = "\(total)" + result.message.dropFirst("\(observed)".count)
            }
            return result
        }
    }
}

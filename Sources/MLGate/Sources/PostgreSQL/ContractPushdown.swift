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
        let pushable = checks.compactMap { $0.check as? any PushdownTableCheck }
        guard pushable.count == checks.count else { return nil }
        let connection: PostgresConnection
        let columns: [PostgresConnection.Column]
        do throws(PostgresError) {
            connection = try PostgresConnection(
                try PostgresConnectionParameters(table.connection), statementTimeout: table.statementTimeoutMilliseconds)
            columns = try connection.query(dialect.describeStatement(table.relation)).columns
        } catch {
            throw error.tableReadError(table, at: location)
        }
        // A relation without columns: the streamed read reports it.
        guard !columns.isEmpty else { return nil }
        var validator: ContractValidator
        do {
            validator = try ContractValidator(schema: schema, labels: columns.map(\.name), sampleLimit: sampleLimit)
        } catch {
            throw TableReadError(code: "schema-error", message: "\(error)", location: SourceLocation(file: file))
        }
        guard let plan = ContractPushdownPlan(validator),
              let values = try PostgresPushdown.values(table, aggregates: [.rowCount] + pushable.flatMap(\.aggregates), location: location)
        else { return nil }
        do throws(PostgresError) {
            // Rows are numbered in the order a streamed read sends them: one scan, not a
            // parallel one (whose workers interleave the rows).
            _ = try connection.query("SET max_parallel_workers_per_gather = 0; SET standard_conforming_strings = on")
            try connection.startCopy(dialect.contractCandidateStatement(table.relation, columns: columns, plan: plan))
        } catch {
            throw error.tableReadError(table, at: location)
        }
        var reader = try CSVReader(
            source: PostgresCopySource(connection: connection, table: table, location: location), dialect: .csv,
            displayPath: table.display, batchSize: batchRows)
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var candidates = 0
        var pending: RowBatch?
        func flush() {
            guard let batch = pending else { return }
            let start = clock.now
            validator.observe(batch)
            elapsed += clock.now - start
            pending = nil
        }
        let width = columns.count
        while let batch = try reader.nextBatch() {
            for row in 0..<batch.rowCount {
                guard let position = batch.string(0, row).flatMap({ Int($0) }), let breaks = batch.string(1, row).flatMap({ Int($0) })
                else {
                    throw PostgresError(.protocolViolation, "a candidate row without its row number")
                        .tableReadError(table, at: location)
                }
                // The header is row 1 and line 1, as in a file of the rows.
                let rowNumber = position + 1, line = rowNumber + breaks
                if let current = pending, current.firstRowNumber + current.rowCount != rowNumber || current.rowCount >= batchRows {
                    flush()
                }
                if pending == nil { pending = RowBatch(firstRowNumber: rowNumber, width: width) }
                pending!.appendRow(
                    (0..<width).map { batch.isMissing($0 + 2, row) ? nil : batch.string($0 + 2, row) }, line: line)
                candidates += 1
            }
        }
        flush()
        var consumer = DataTableConsumer(checks: checks, columns: values.columns, contract: validator)
        consumer.rows = values.integer(.rowCount)
        consumer.accumulators = pushable.map { $0.anyAccumulator(values) }
        consumer.contractTime = elapsed
        return Outcome(consumer: consumer, candidateRows: candidates, bytesReceived: connection.bytesReceived)
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

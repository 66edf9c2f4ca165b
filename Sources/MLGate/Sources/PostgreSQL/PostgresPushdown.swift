/// A data gate's pushdown on a PostgreSQL-wire engine (``PushdownSession``), in one
/// read-only snapshot: the aggregates in one statement (``PostgreSQLDialect``), the contract's candidates by one
/// `COPY` numbered as a streamed read numbers the rows.
struct PostgresPushdownSession: PushdownSession {
    let table: DatabaseTable
    let location: SourceLocation
    let dialect: PostgreSQLDialect
    let connection: PostgresConnection
    /// The relation's columns and types.
    let columns: [PostgresConnection.Column]
    private var reader: CSVReader<PostgresCopySource>?
    /// The foreign keys whose verdicts come before the candidates' cells.
    private var foreignKeys = 0

    /// Connects and reads the relation's columns.
    init(_ table: DatabaseTable, location: SourceLocation, dialect: PostgreSQLDialect = PostgreSQLDialect()) throws(TableReadError) {
        self.table = table
        self.location = location
        self.dialect = dialect
        do throws(PostgresError) {
            connection = try PostgresConnection(
                try PostgresConnectionParameters(table.connection), statementTimeout: table.statementTimeoutMilliseconds)
            // Every statement of the session sees the same rows (the connection's close
            // ends the transaction).
            _ = try connection.query(PostgreSQLDialect.snapshotStatement)
            columns = try connection.query(dialect.describeStatement(table.relation)).columns
        } catch {
            throw error.tableReadError(table, at: location)
        }
    }

    var columnNames: [String] { columns.map(\.name) }
    var bytesReceived: Int { connection.bytesReceived }
    var expressionsPerStatement: Int { PostgreSQLDialect.expressionsPerStatement }

    func aggregateExpressions(_ aggregate: TableAggregate, column: Int?) -> [String]? {
        dialect.aggregateExpressions(aggregate, column: column.map { columns[$0] })
    }

    func aggregateRow(_ expressions: [String]) throws(TableReadError) -> [String?] {
        do throws(PostgresError) {
            let result = try connection.query("SELECT \(expressions.joined(separator: ", ")) FROM \(dialect.fromClause(table.relation))")
            guard result.rows.count == 1, result.rows[0].count == expressions.count else {
                throw PostgresError(.protocolViolation, "the aggregate query returned \(result.rows.count) rows, expected one")
            }
            return result.rows[0]
        } catch {
            throw error.tableReadError(table, at: location)
        }
    }

    /// The values, unless a float column holds NaN (a failing cell to the file mode).
    func completed(_ values: TableAggregateValues) -> TableAggregateValues? {
        for aggregate in values.values.keys {
            if case .numericSummary = aggregate, values.integer(aggregate, 5) > 0 { return nil }
        }
        return values
    }

    mutating func startCandidates(_ plan: ContractPushdownPlan) throws(TableReadError) {
        do throws(PostgresError) {
            // Rows are numbered in the order a streamed read sends them: one scan, not a
            // parallel one (whose workers interleave the rows).
            _ = try connection.query("SET max_parallel_workers_per_gather = 0; SET standard_conforming_strings = on")
            try connection.startCopy(dialect.contractCandidateStatement(table.relation, columns: columns, plan: plan))
        } catch {
            throw error.tableReadError(table, at: location)
        }
        reader = try CSVReader(
            source: PostgresCopySource(connection: connection, table: table, location: location), dialect: .csv,
            displayPath: table.display, batchSize: ContractPushdown.batchRows)
        foreignKeys = plan.foreignKeys.count
    }

    mutating func nextCandidates() throws(TableReadError) -> [ContractCandidate]? {
        guard let batch = try reader?.nextBatch() else { return nil }
        return try (0..<batch.rowCount).map { row throws(TableReadError) in
            guard let position = batch.string(0, row).flatMap({ Int($0) }), let breaks = batch.string(1, row).flatMap({ Int($0) })
            else {
                throw PostgresError(.protocolViolation, "a candidate row without its row number").tableReadError(table, at: location)
            }
            // Each foreign key's verdict (`t`, `f`; empty: unknown, every row is sent).
            let verdicts = (0..<foreignKeys).map { batch.string($0 + 2, row) }
            let resolved = verdicts.allSatisfy { $0 == "t" || $0 == "f" } ? verdicts.map { $0 == "t" } : nil
            // The header is row 1 and line 1, as in a file of the rows.
            let first = 2 + foreignKeys
            return ContractCandidate(
                row: position + 1, line: position + 1 + breaks,
                cells: (0..<columns.count).map { batch.isMissing($0 + first, row) ? nil : batch.string($0 + first, row) },
                resolved: foreignKeys == 0 ? nil : resolved)
        }
    }
}

/// Computes a table's aggregates on the server, in as few statements as the target-list
/// limit allows (usually one), instead of streaming the rows.
enum PostgresPushdown {
    /// The aggregates' values, or nil when one cannot be computed on the server with the
    /// file mode's definition (a numeric statistic of a text column, a NaN in a float
    /// column): the caller then streams the table.
    static func values(
        _ table: DatabaseTable, aggregates: [TableAggregate], location: SourceLocation,
        dialect: PostgreSQLDialect = PostgreSQLDialect()
    ) throws(TableReadError) -> TableAggregateValues? {
        var session = try PostgresPushdownSession(table, location: location, dialect: dialect)
        return try WarehousePushdown.values(&session, aggregates: aggregates)
    }
}

/// A data gate's pushdown on a Spark cluster through Spark Connect (``PushdownSession``,
/// docs/spark.md): the aggregates in one statement (``SparkSQLDialect``), a quantile's
/// two order statistics by `percentile_disc` in a second, the contract's candidates
/// numbered from `monotonically_increasing_id()` and the scan partitions' row counts.
final class SparkPushdownSession: PushdownSession {
    let table: SparkTable
    let location: SourceLocation
    let dialect = SparkSQLDialect()
    /// The relation's columns (Arrow fields).
    let columns: [SparkSQLDialect.Column]
    private let client: SparkConnectClient
    private var result: SparkConnectClient.QueryResult?
    /// The rows of the scan partitions before each one, by partition index.
    private var rowsBefore: [Int: Int] = [:]
    /// The foreign keys whose verdicts come after each candidate's id (none when every
    /// row is sent).
    private var foreignKeys = 0

    /// Connects, sets the session's time zone to UTC (as ``SparkTableReader`` does) and
    /// reads the relation's columns; nil when a column is a struct (whose leaves a
    /// streamed read names `parent.child`: such a table streams).
    init?(_ table: SparkTable, location: SourceLocation) throws(TableReadError) {
        self.table = table
        self.location = location
        let address: SparkConnectURL
        do {
            address = try table.url()
        } catch {
            throw TableReadError(code: "scheme-error", message: error.message, location: location)
        }
        do throws(SparkConnectError) {
            client = try SparkConnectClient(url: address, timeout: table.timeoutSeconds)
            try client.setConfig([("spark.sql.session.timeZone", "UTC")])
            var empty = try client.execute("SELECT * FROM \(SparkSQLDialect.from(table.relation)) LIMIT 0")
            var schema: ArrowSchema?
            while let bytes = try empty.nextArrowStream() {
                guard schema == nil else { continue }
                var reader = ArrowStreamReader(bytes)
                do {
                    schema = try reader.readSchema()
                } catch {
                    throw SparkConnectError(.protocolViolation, error.description)
                }
            }
            guard let schema else {
                throw SparkConnectError(.protocolViolation, "the answer to the query holds no Arrow stream, so not even its columns")
            }
            columns = schema.fields.map { SparkSQLDialect.Column(name: $0.name, type: $0.type) }
            guard !schema.fields.contains(where: { $0.type == .structure }) else {
                try? client.releaseSession()
                return nil
            }
        } catch {
            throw SparkTableReader.tableReadError(error, location)
        }
    }

    deinit { try? client.releaseSession() }

    var columnNames: [String] { columns.map(\.name) }
    var bytesReceived: Int { client.bytesReceived }
    var expressionsPerStatement: Int { SparkSQLDialect.expressionsPerStatement }

    func aggregateExpressions(_ aggregate: TableAggregate, column: Int?) -> [String]? {
        dialect.aggregateExpressions(aggregate, column: column.map { columns[$0] })
    }

    func aggregateRow(_ expressions: [String]) throws(TableReadError) -> [String?] {
        let rows = try query("SELECT \(expressions.joined(separator: ", ")) FROM \(SparkSQLDialect.from(table.relation))")
        guard rows.count == 1, rows[0].count == expressions.count else {
            throw SparkTableReader.tableReadError(
                SparkConnectError(.protocolViolation, "the aggregate query returned \(rows.count) rows, expected one"), location)
        }
        return rows[0]
    }

    /// The values with each quantile computed from its two order statistics (one more
    /// statement), as the file mode interpolates them; nil when a numeric column holds
    /// cells the file mode reads otherwise (a text that is not a plain decimal, an infinity).
    func completed(_ values: TableAggregateValues) throws(TableReadError) -> TableAggregateValues? {
        var values = values
        var wanted: [(number: String, position: Int, count: Int)] = []
        var quantiles: [(TableAggregate, lower: Int, upper: Int, fraction: Double)] = []
        for aggregate in values.values.keys.sorted(by: { "\($0)" < "\($1)" }) {
            switch aggregate {
            case .numericSummary:
                if values.integer(aggregate, 5) > 0 { return nil }
            case .quantile(let name, let q):
                let count = values.integer(aggregate, 0)
                guard count > 0, let column = columns.first(where: { $0.name == name }),
                      let (number, _) = SparkSQLDialect.number(column)
                else {
                    values.values[aggregate] = [nil]
                    continue
                }
                let (lower, upper, fraction) = ColumnQuantileCheck.ranks(q, count: count)
                quantiles.append((aggregate, wanted.count, wanted.count + (upper == lower ? 0 : 1), fraction))
                wanted.append((number, lower, count))
                if upper != lower { wanted.append((number, upper, count)) }
            default:
                continue
            }
        }
        guard !wanted.isEmpty else { return values }
        let row = try query(SparkSQLDialect.orderStatistics(wanted, from: table.relation)).first ?? []
        for (aggregate, lower, upper, fraction) in quantiles {
            guard row.count == wanted.count, let a = row[lower].flatMap(Double.init), let b = row[upper].flatMap(Double.init) else {
                throw SparkTableReader.tableReadError(
                    SparkConnectError(.protocolViolation, "the order statistics query returned no values"), location)
            }
            values.values[aggregate] = ["\(ColumnQuantileCheck.interpolated(a, b, fraction: fraction))"]
        }
        return values
    }

    func startCandidates(_ plan: ContractPushdownPlan) throws(TableReadError) {
        var everyRow = false
        var before = 0
        for partition in try query(dialect.contractPartitionsStatement(table.relation, columns: columns, plan: plan)) {
            guard partition.count == 3, let index = partition[0].flatMap({ Int($0) }), let rows = partition[1].flatMap({ Int($0) })
            else { continue }
            rowsBefore[index] = before
            before += rows
            if partition[2] == "1" { everyRow = true }
        }
        do throws(SparkConnectError) {
            result = try client.execute(dialect.contractCandidateStatement(table.relation, columns: columns, plan: plan, everyRow: everyRow))
            foreignKeys = everyRow ? 0 : plan.foreignKeys.count
        } catch {
            throw SparkTableReader.tableReadError(error, location)
        }
    }

    func nextCandidates() throws(TableReadError) -> [ContractCandidate]? {
        guard let batch = try nextBatch() else { return nil }
        var text: [UInt8] = []
        func cell(_ column: ArrowColumn?, _ row: Int) -> String? {
            text.removeAll(keepingCapacity: true)
            guard let column, column.appendText(row, to: &text) else { return nil }
            return String(decoding: text, as: UTF8.self)
        }
        var candidates: [ContractCandidate] = []
        candidates.reserveCapacity(batch.rowCount)
        let mask = (1 << SparkSQLDialect.partitionShift) - 1
        for row in 0..<batch.rowCount {
            guard let id = cell(batch.columns[0], row).flatMap({ Int($0) }), let before = rowsBefore[id >> SparkSQLDialect.partitionShift]
            else {
                throw SparkTableReader.tableReadError(
                    SparkConnectError(.protocolViolation, "a candidate row of a partition that was not counted"), location)
            }
            // The header is row 1, and a streamed read's line is its row number; a NULL
            // is an empty cell, as in a streamed read.
            let number = before + (id & mask) + 2
            // Each foreign key's verdict, then the cells.
            let verdicts = (0..<foreignKeys).map { cell(batch.columns[1 + $0], row) }
            guard verdicts.allSatisfy({ $0 == "True" || $0 == "False" }) else {
                throw SparkTableReader.tableReadError(SparkConnectError(.protocolViolation, "a candidate row without its foreign keys' verdicts"), location)
            }
            candidates.append(
                ContractCandidate(
                    row: number, line: number, cells: ((1 + foreignKeys)..<batch.columns.count).map { cell(batch.columns[$0], row) ?? "" },
                    resolved: foreignKeys == 0 ? nil : verdicts.map { $0 == "True" }))
        }
        return candidates
    }

    // MARK: Reading answers

    /// The next record batch of the current answer.
    private func nextBatch() throws(TableReadError) -> ArrowRecordBatch? {
        do throws(SparkConnectError) {
            guard let batch = try result?.nextBatch() else {
                result = nil
                return nil
            }
            return batch
        } catch {
            throw SparkTableReader.tableReadError(error, location)
        }
    }

    /// Every row of `statement`'s answer, each cell as text (a streamed read's).
    func query(_ statement: String) throws(TableReadError) -> [[String?]] {
        do throws(SparkConnectError) {
            result = try client.execute(statement)
        } catch {
            throw SparkTableReader.tableReadError(error, location)
        }
        var rows: [[String?]] = []
        var text: [UInt8] = []
        while let batch = try nextBatch() {
            for row in 0..<batch.rowCount {
                rows.append(batch.columns.map { column in
                    text.removeAll(keepingCapacity: true)
                    guard let column, column.appendText(row, to: &text) else { return nil }
                    return String(decoding: text, as: UTF8.self)
                })
            }
        }
        return rows
    }
}

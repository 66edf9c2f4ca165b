/// A table or query of a Spark cluster, read through Spark Connect as rows: each Arrow
/// record batch the server sends becomes a ``RowBatch`` of cell texts (docs/parquet.md's
/// text, as for Parquet: what pandas' `to_csv` writes for the value; a null is an empty
/// cell, as in that CSV). Rows are numbered as a CSV file's with a header row (the first
/// is 2). Memory holds one Arrow stream at a time.
///
/// The query runs at the first batch, once ``keptColumns`` is known: only the columns
/// read are sent (the others as NULL), and a grouped table (``SparkTable/grouped(_:reading:)``)
/// is grouped by the cluster — each distinct row of the columns read once with its count,
/// or each column's distinct values with their counts (`GROUPING SETS`), as
/// ``PostgreSQLDialect`` asks PostgreSQL for the same.
struct SparkTableReader: TableReader {
    /// The table's display name (the address without its token, and the relation).
    let display: String
    /// The relation's columns, then those a grouped read adds.
    let columns: [String]
    /// The leaf columns to decode (nil: all); the others read as missing cells.
    var keptColumns: Set<Int>?
    /// Rows are typed by the engine, so there is nothing malformed to recover from;
    /// kept for the readers' common options.
    var recoversMalformedRows = false
    private let table: SparkTable
    private let relationColumns: [String]
    private let limit: Int?
    private let client: SparkConnectClient
    private var result: SparkConnectClient.QueryResult?
    private var nextRow = 2
    /// A ranked read's count of distinct scores, for its first row.
    private var distinctScores: [UInt8]?

    /// The bytes received from the server so far.
    var bytesReceived: Int { client.bytesReceived }

    /// Connects, sets the session's time zone to UTC (zoned timestamps then print as
    /// `…+00:00`, whatever the cluster's zone) and reads the relation's columns.
    init(_ table: SparkTable, url: SparkConnectURL, limit: Int? = nil) throws(TableReadError) {
        self.table = table
        self.limit = limit
        let noun = if case .table(let name) = table.relation { "table \(name)" } else { "query" }
        display = "\(url.display) (\(noun))"
        do throws(SparkConnectError) {
            client = try SparkConnectClient(url: url, timeout: table.timeoutSeconds)
            try client.setConfig([("spark.sql.session.timeZone", "UTC")])
            var empty = try client.execute("SELECT * FROM \(Self.from(table.relation)) LIMIT 0")
            guard let first = try empty.nextArrowStream() else {
                throw SparkConnectError(.protocolViolation, "the answer to the query holds no Arrow stream, so not even its columns")
            }
            while try empty.nextArrowStream() != nil {}
            var reader = ArrowStreamReader(first)
            do {
                _ = try reader.readSchema()
            } catch {
                throw SparkConnectError(.protocolViolation, error.description)
            }
            relationColumns = reader.columnNames
        } catch {
            throw Self.tableReadError(error, SourceLocation(file: display))
        }
        columns = relationColumns + (table.grouping?.addedColumns ?? [])
    }

    mutating func nextBatch() throws(TableReadError) -> RowBatch? {
        do throws(SparkConnectError) {
            if result == nil {
                if case .ranked(let score, _)? = table.grouping { distinctScores = try countDistinct(score) }
                result = try client.execute(statement())
            }
            guard let batch = try result!.nextBatch(keeping: keptColumns) else {
                try? client.releaseSession()
                return nil
            }
            return rows(batch)
        } catch {
            throw Self.tableReadError(error, SourceLocation(file: display))
        }
    }

    // MARK: Spark SQL

    /// What the batches read: the kept columns (the others NULL), grouped as the table says.
    private func statement() -> String {
        let kept = relationColumns.indices.filter { keptColumns?.contains($0) ?? true }
        let from = Self.from(table.relation)
        let count = "count(*) AS \(Self.quote(DatabaseTable.rowCountColumn))"
        var select: String
        switch table.grouping {
        case nil:
            select = "SELECT \(list(kept) { Self.quote(relationColumns[$0]) }) FROM \(from)"
        case .rows?:
            let groupBy = kept.isEmpty ? "" : " GROUP BY " + kept.map { String($0 + 1) }.joined(separator: ", ")
            select = "SELECT \(list(kept) { Self.quote(relationColumns[$0]) }), \(count) FROM \(from)\(groupBy)"
        case .ranked(let score, let ties)?:
            // Grouped as .rows, in descending order of the score as a double (try_cast: a
            // text score orders by value; one that is no number is NULL here and the
            // loader's error): a sort across the cluster's partitions, sent in their order.
            // The count of distinct scores comes from a statement of its own
            // (``countDistinct(_:)``) and goes on the first row: a window over every row
            // would put them all in one partition, and one task's result.
            let value = { (index: Int) in "mlgate_c\(index)" }
            let inner = kept.map { "\(Self.quote(relationColumns[$0])) AS \(value($0))" }
            let groupBy = kept.isEmpty ? "" : " GROUP BY " + kept.indices.map { String($0 + 1) }.joined(separator: ", ")
            // Rows of one score in descending order of the ties' values (as .ordered).
            let orders = ([score] + ties).enumerated().map { "max(try_cast(\(Self.quote($1)) AS DOUBLE)) AS mlgate_order\($0 == 0 ? "" : String($0))" }
            let ordering = ([score] + ties).indices.map { "mlgate_order\($0 == 0 ? "" : String($0)) DESC" }.joined(separator: ", ")
            select = "SELECT \(list(kept, value)), \(Self.quote(DatabaseTable.rowCountColumn)), "
                + "CAST(NULL AS BIGINT) AS \(Self.quote(DatabaseTable.distinctScoresColumn)) "
                + "FROM (SELECT \((inner + [count] + orders).joined(separator: ", ")) FROM \(from)\(groupBy)) AS mlgate_groups "
                + "ORDER BY \(ordering)"
        case .ordered(let key)?:
            // Grouped as .rows, in the key's order of the values as doubles (try_cast as
            // for .ranked), nothing added.
            let value = { (index: Int) in "mlgate_c\(index)" }
            let inner = kept.map { "\(Self.quote(relationColumns[$0])) AS \(value($0))" }
            let groupBy = kept.isEmpty ? "" : " GROUP BY " + kept.indices.map { String($0 + 1) }.joined(separator: ", ")
            let double = { (name: String) in "try_cast(\(Self.quote(name)) AS DOUBLE)" }
            let (orders, direction) =
                switch key {
                case .descending(let columns): (columns.map(double), " DESC")
                case .absoluteDifference(let a, let b): (["abs(\(double(a)) - \(double(b)))"], "")
                }
            let named = orders.indices.map { "mlgate_order\($0 == 0 ? "" : String($0))" }
            select = "SELECT \(list(kept, value)), \(Self.quote(DatabaseTable.rowCountColumn)) "
                + "FROM (SELECT \((inner + [count] + zip(orders, named).map { "max(\($0)) AS \($1)" }).joined(separator: ", ")) FROM \(from)\(groupBy)) AS mlgate_groups "
                + "ORDER BY \(named.map { $0 + direction }.joined(separator: ", "))"
        case .classScores(let scores)?:
            // One row per row and score column (LATERAL VIEW stack), grouped as .rows by
            // the other columns read and the score column's position and value (a
            // double, try_cast as for .ranked), in descending score order.
            let positions = scores.positions(in: relationColumns)
            let rest = kept.filter { !positions.contains($0) }
            let value = { (index: Int) in "mlgate_c\(index)" }
            let inner = rest.map { "\(Self.quote(relationColumns[$0])) AS \(value($0))" }
            let pairs = positions.map { "\($0), try_cast(\(Self.quote(relationColumns[$0])) AS DOUBLE)" }
            let groupBy = (["mlgate_score", "mlgate_class"] + rest.map(value)).joined(separator: ", ")
            select = "SELECT \(list(rest, value)), \(count), "
                + "mlgate_class AS \(Self.quote(DatabaseTable.classColumn)), mlgate_score AS \(Self.quote(DatabaseTable.classScoreColumn)) "
                + "FROM (SELECT \((inner + ["mlgate_class", "mlgate_score"]).joined(separator: ", ")) FROM \(from) "
                + "LATERAL VIEW stack(\(positions.count), \(pairs.joined(separator: ", "))) mlgate_u AS mlgate_class, mlgate_score) AS mlgate_unpivoted "
                + "GROUP BY \(groupBy) ORDER BY mlgate_score DESC"
        case .eachColumn?:
            // One scan: one grouping set per column read and one for the whole table;
            // GROUPING(c) = 0 says the row groups by c.
            let value = { (index: Int) in "mlgate_c\(index)" }
            let inner = kept.map { "\(Self.quote(relationColumns[$0])) AS \(value($0))" }.joined(separator: ", ")
            let position = kept.isEmpty
                ? "-1" : "CASE " + kept.map { "WHEN GROUPING(\(value($0))) = 0 THEN \($0) " }.joined() + "ELSE -1 END"
            let sets = (["()"] + kept.map { "(\(value($0)))" }).joined(separator: ", ")
            select = "SELECT \(list(kept, value)), \(count), \(position) AS \(Self.quote(DatabaseTable.columnPositionColumn)) "
                + "FROM (SELECT \(inner.isEmpty ? "1 AS mlgate_none" : inner) FROM \(from)) AS mlgate_values GROUP BY GROUPING SETS (\(sets))"
        }
        if let limit { select += " LIMIT \(max(0, limit))" }
        return select
    }

    /// The number of distinct values of `score` as doubles, as text (a ranked read's).
    private func countDistinct(_ score: String) throws(SparkConnectError) -> [UInt8] {
        var answer = try client.execute(
            "SELECT count(DISTINCT try_cast(\(Self.quote(score)) AS DOUBLE)) FROM \(Self.from(table.relation))")
        guard let batch = try answer.nextBatch(), let column = batch.columns.first ?? nil, let text = column.text(0) else {
            throw SparkConnectError(.protocolViolation, "the count of distinct scores came without a value")
        }
        while try answer.nextBatch() != nil {}
        return text
    }

    /// Every relation column in order: `expression(i)` for a kept one, NULL for the others.
    private func list(_ kept: [Int], _ expression: (Int) -> String) -> String {
        let keptSet = Set(kept)
        return relationColumns.indices.map { index in
            "\(keptSet.contains(index) ? expression(index) : "NULL") AS \(Self.quote(relationColumns[index]))"
        }.joined(separator: ", ")
    }

    private static func from(_ relation: DatabaseTable.Relation) -> String { SparkSQLDialect.from(relation) }

    private static func quote(_ name: String) -> String { SparkSQLDialect.quote(name) }

    // MARK: Rows

    /// The batch's cells as text.
    private mutating func rows(_ batch: ArrowRecordBatch) -> RowBatch {
        var rows = RowBatch(firstRowNumber: nextRow, width: columns.count, reservingRows: batch.rowCount, keeping: keptColumns)
        var text: [UInt8] = []
        for row in 0..<batch.rowCount {
            // A ranked read's count of distinct scores, on its first row (the last column).
            let count = nextRow == 2 ? distinctScores : nil
            for (index, column) in batch.columns.enumerated() {
                text.removeAll(keepingCapacity: true)
                if let column { _ = column.appendText(row, to: &text) }
                if let count, index == columns.count - 1 { text = count }
                text.withUnsafeBufferPointer { rows.appendCell($0) }
            }
            rows.endRow(line: nextRow)
            nextRow += 1
        }
        return rows
    }

    /// A Spark Connect error as a table's read error at `location`.
    static func tableReadError(_ error: SparkConnectError, _ location: SourceLocation) -> TableReadError {
        let code: String
        switch error.kind {
        case .connection: code = "scheme-error"
        case .protocolViolation, .server: code = "source-error"
        }
        return TableReadError(code: code, message: error.description, location: location)
    }
}

extension SparkTable {
    /// A reader of the table's rows (connecting, and reading its columns).
    func reader(location: SourceLocation, limit: Int? = nil) throws(TableReadError) -> SparkTableReader {
        let address: SparkConnectURL
        do {
            address = try url()
        } catch {
            throw TableReadError(code: "scheme-error", message: error.message, location: location)
        }
        return try SparkTableReader(self, url: address, limit: limit)
    }
}

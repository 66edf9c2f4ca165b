/// A table or query of a Spark cluster, read through Spark Connect as rows: each Arrow
/// record batch the server sends becomes a ``RowBatch`` of cell texts (docs/parquet.md's
/// text, as for Parquet: what pandas' `to_csv` writes for the value; a null is an empty
/// cell, as in that CSV). Rows are numbered as a CSV file's with a header row (the first
/// is 2). Memory holds one Arrow stream at a time.
struct SparkTableReader: TableReader {
    /// The table's display name (the address without its token, and the relation).
    let display: String
    let columns: [String]
    /// The leaf columns to decode (nil: all); the others read as missing cells.
    var keptColumns: Set<Int>?
    /// Rows are typed by the engine, so there is nothing malformed to recover from;
    /// kept for the readers' common options.
    var recoversMalformedRows = false
    private let client: SparkConnectClient
    private var result: SparkConnectClient.QueryResult
    private var stream: ArrowStreamReader?
    private var nextRow = 2

    /// Connects, sets the session's time zone to UTC (zoned timestamps then print as
    /// `…+00:00`, whatever the cluster's zone) and starts the query.
    init(url: SparkConnectURL, relation: DatabaseTable.Relation, timeout: Int = 600, limit: Int? = nil) throws(TableReadError) {
        let noun: String
        var query: String
        switch relation {
        case .table(let name):
            noun = "table \(name)"
            query = "SELECT * FROM " + name.split(separator: ".", omittingEmptySubsequences: false)
                .map { "`" + $0.replacingOccurrences(of: "`", with: "``") + "`" }.joined(separator: ".")
        case .query(let text):
            noun = "query"
            query = text
        }
        if let limit { query = "SELECT * FROM (\(query)) AS mlgate_rows LIMIT \(max(0, limit))" }
        display = "\(url.display) (\(noun))"
        let location = SourceLocation(file: display)
        do throws(SparkConnectError) {
            client = try SparkConnectClient(url: url, timeout: timeout)
            try client.setConfig([("spark.sql.session.timeZone", "UTC")])
            result = try client.execute(query)
            guard let first = try result.nextArrowStream() else {
                throw SparkConnectError(.protocolViolation, "the answer to the query holds no Arrow stream, so not even its columns")
            }
            var reader = ArrowStreamReader(first)
            do {
                _ = try reader.readSchema()
            } catch {
                throw SparkConnectError(.protocolViolation, error.description)
            }
            columns = reader.columnNames
            stream = reader
        } catch {
            throw Self.tableReadError(error, location)
        }
    }

    mutating func nextBatch() throws(TableReadError) -> RowBatch? {
        let location = SourceLocation(file: display)
        do throws(SparkConnectError) {
            while true {
                if var reader = stream {
                    reader.keptColumns = keptColumns
                    let batch: ArrowRecordBatch?
                    do {
                        batch = try reader.nextBatch()
                    } catch {
                        throw SparkConnectError(.protocolViolation, error.description)
                    }
                    stream = reader
                    if let batch {
                        if batch.rowCount == 0 { continue }
                        return rows(batch)
                    }
                }
                guard let bytes = try result.nextArrowStream() else {
                    try? client.releaseSession()
                    return nil
                }
                stream = ArrowStreamReader(bytes)
            }
        } catch {
            throw Self.tableReadError(error, location)
        }
    }

    /// The batch's cells as text.
    private mutating func rows(_ batch: ArrowRecordBatch) -> RowBatch {
        var rows = RowBatch(firstRowNumber: nextRow, width: columns.count, reservingRows: batch.rowCount, keeping: keptColumns)
        var text: [UInt8] = []
        for row in 0..<batch.rowCount {
            for column in batch.columns {
                text.removeAll(keepingCapacity: true)
                if let column { _ = column.appendText(row, to: &text) }
                text.withUnsafeBufferPointer { rows.appendCell($0) }
            }
            rows.endRow(line: nextRow)
            nextRow += 1
        }
        return rows
    }

    private static func tableReadError(_ error: SparkConnectError, _ location: SourceLocation) -> TableReadError {
        let code: String
        switch error.kind {
        case .connection: code = "scheme-error"
        case .protocolViolation, .server: code = "source-error"
        }
        return TableReadError(code: code, message: error.description, location: location)
    }
}

extension SparkTable {
    /// A reader of the table's rows (connecting, and starting the query).
    func reader(location: SourceLocation, limit: Int? = nil) throws(TableReadError) -> SparkTableReader {
        let address: SparkConnectURL
        do {
            address = try url()
        } catch {
            throw TableReadError(code: "scheme-error", message: error.message, location: location)
        }
        return try SparkTableReader(url: address, relation: relation, timeout: timeoutSeconds, limit: limit)
    }
}

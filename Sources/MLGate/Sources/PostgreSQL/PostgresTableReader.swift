import Foundation

/// Reads a database table or query as a file reader reads a CSV: the server streams the
/// rows with `COPY … TO STDOUT (FORMAT csv, HEADER)`, each column rendered as text by the
/// dialect, and the same CSV reader that reads files turns them into batches. Memory
/// stays constant however large the table: the bytes arrive in chunks as the batches
/// are consumed, and nothing is kept after its batch.
struct PostgresTableReader: TableReader {
    /// The column names, in the relation's order.
    let columns: [String]
    /// Whether a cell that is not UTF-8 is kept as a finding rather than ending the read.
    var recoversMalformedRows = false
    /// The only columns the consumers read (all when nil), set before the first batch:
    /// the others are not sent, and read as missing, as a file read keeping those columns
    /// gives them (``RowBatch/spread(into:columns:)``).
    var keptColumns: Set<Int>?
    /// Whether the rows stream in PostgreSQL's binary COPY format, decoded into the CSV
    /// the text format sends (``PostgresBinaryCopyDecoder``); else as CSV. Grouped reads
    /// (a few rows) are always text.
    var binaryCopy = true

    private let table: DatabaseTable
    private let location: SourceLocation
    private let batchSize: Int
    private let limit: Int?
    private let dialect: PostgreSQLDialect
    private let described: [PostgresConnection.Column]
    /// How the server groups the rows: the table's grouping, as the columns' types allow.
    private let grouping: DatabaseTable.Grouping?
    private var connection: PostgresConnection?
    private var reader: CSVReader<PostgresCopySource>?
    /// The columns of ``columns`` the statement sends, in order (all when nil).
    private var sent: [Int]?

    /// The relation's column names, without reading its rows.
    static func columns(of table: DatabaseTable, location: SourceLocation, dialect: PostgreSQLDialect = PostgreSQLDialect())
        throws(TableReadError) -> [String]
    {
        do throws(PostgresError) {
            let connection = try PostgresConnection(
                try PostgresConnectionParameters(table.connection), statementTimeout: table.statementTimeoutMilliseconds)
            return try connection.query(dialect.describeStatement(table.relation)).columns.map(\.name)
        } catch {
            throw error.tableReadError(table, at: location)
        }
    }

    /// Connects and learns the relation's columns; the rows (the first `limit` when
    /// given) stream from the first ``nextBatch()``. Errors are located at `location`
    /// (where the config names the table) and name the table by its display name.
    init(
        _ table: DatabaseTable, location: SourceLocation, batchSize: Int = 4096, limit: Int? = nil,
        dialect: PostgreSQLDialect = PostgreSQLDialect()
    ) throws(TableReadError) {
        self.table = table
        self.location = location
        self.batchSize = batchSize
        self.limit = limit
        self.dialect = dialect
        do throws(PostgresError) {
            let parameters = try PostgresConnectionParameters(table.connection)
            let connection = try PostgresConnection(parameters, statementTimeout: table.statementTimeoutMilliseconds)
            described = try connection.query(dialect.describeStatement(table.relation)).columns
            guard !described.isEmpty else { throw PostgresError(.server, "the \(Self.noun(table)) has no columns") }
            self.connection = connection
        } catch {
            throw error.tableReadError(table, at: location)
        }
        grouping = Self.grouping(table.grouping, of: described)
        columns = described.map(\.name) + (grouping?.addedColumns ?? [])
    }

    /// How the server groups the rows of a relation with columns `described`: a read in
    /// the order of a score column (or of an ordered read's columns) that the server
    /// cannot order by value (neither numbers nor text; class scores of both kinds at
    /// once, which one unpivoted column cannot hold) is a plain grouped read.
    private static func grouping(_ asked: DatabaseTable.Grouping?, of described: [PostgresConnection.Column]) -> DatabaseTable.Grouping? {
        let scores: [Int]
        switch asked {
        case .ranked(let score, _)?: scores = described.indices.filter { described[$0].name == score }
        case .classScores(let given)?:
            scores = given.positions(in: described.map(\.name))
            let numbers = scores.filter { PostgreSQLDialect.isNumber(described[$0]) }.count
            guard numbers == 0 || numbers == scores.count else { return .rows }
        case .ordered(let key)?: scores = described.indices.filter { key.columns.contains(described[$0].name) }
        default: return asked
        }
        return !scores.isEmpty && scores.allSatisfy({ PostgreSQLDialect.isOrderable(described[$0]) }) ? asked : .rows
    }

    /// The bytes received from the server so far (the pushdown's measure: an aggregate
    /// read moves a small fraction of the table's bytes).
    var bytesReceived: Int { connection?.bytesReceived ?? 0 }

    mutating func nextBatch() throws(TableReadError) -> RowBatch? {
        if reader == nil { try start() }
        guard let batch = try reader!.nextBatch() else { return nil }
        return sent.map { batch.spread(into: columns.count, columns: $0) } ?? batch
    }

    /// Starts the COPY and reads its header row.
    private mutating func start() throws(TableReadError) {
        guard let connection else { throw PostgresError(.connection, "the connection is closed").tableReadError(table, at: location) }
        var decoder: PostgresBinaryCopyDecoder?
        do throws(PostgresError) {
            if let grouping {
                let grouped = keptColumns ?? Set(described.indices)
                var dialect = dialect
                if grouping.differsByEngine {
                    if let given = table.dialect { dialect.engine = given } else { dialect.engine = try WarehouseDialect.detect(on: connection) }
                }
                // Unpivoted scores are nearly all distinct: grouping them in a hash table
                // that spills, then sorting, costs PostgreSQL a third more than the one
                // sort by score that groups and orders them (docs/warehouse.md). Only a
                // planner's hint: an engine without the setting (CockroachDB) refuses it
                // and the statement runs as it plans it.
                if case .classScores = grouping, dialect.engine == .postgresql {
                    _ = try? connection.query("SET enable_hashagg = off")
                }
                try connection.startCopy(dialect.groupedCopyStatement(
                    table.relation, columns: described, grouped: grouped, grouping: grouping))
                sent = grouping.sentColumns(kept: grouped, of: described.map(\.name)) + (described.count..<columns.count)
            } else {
                sent = keptColumns.map { PostgreSQLDialect.sentColumns(described.count, kept: $0) }
                // Rows in one scan's order, as the contract's pushdown numbers them
                // (a parallel scan's workers would interleave them).
                _ = try connection.query("SET max_parallel_workers_per_gather = 0")
                if binaryCopy {
                    let timeZone = try connection.query("SHOW TimeZone").rows.first?.first.flatMap { $0 } ?? ""
                    let (sql, kinds) = dialect.binaryCopyStatement(
                        table.relation, columns: described, kept: keptColumns, limit: limit, utc: PostgreSQLDialect.isUTC(timeZone))
                    try connection.startCopy(sql)
                    decoder = PostgresBinaryCopyDecoder(names: (sent ?? Array(described.indices)).map { described[$0].name }, kinds: kinds)
                } else {
                    try connection.startCopy(dialect.copyStatement(table.relation, columns: described, kept: keptColumns, limit: limit))
                }
            }
        } catch {
            throw error.tableReadError(table, at: location)
        }
        var source = PostgresCopySource(connection: connection, table: table, location: location)
        source.decoder = decoder
        var csv = try CSVReader(source: source, dialect: .csv, displayPath: table.display, batchSize: batchSize)
        csv.recoversMalformedRows = recoversMalformedRows
        reader = csv
    }

    private static func noun(_ table: DatabaseTable) -> String {
        if case .table(let name) = table.relation { "table \(name)" } else { "query" }
    }
}

/// The bytes of a `COPY … TO STDOUT` as CSV, in chunks of about 256 KiB: as the server
/// sends them, or decoded from the binary format.
struct PostgresCopySource: ByteSource {
    let connection: PostgresConnection
    let table: DatabaseTable
    let location: SourceLocation
    /// The decoder of a binary COPY into CSV; nil: the server sends CSV.
    var decoder: PostgresBinaryCopyDecoder?
    private var ended = false

    init(connection: PostgresConnection, table: DatabaseTable, location: SourceLocation) {
        self.connection = connection
        self.table = table
        self.location = location
    }

    mutating func nextChunk() throws(TableReadError) -> [UInt8]? {
        var chunk: [UInt8] = []
        do throws(PostgresError) {
            // A binary chunk may end inside a tuple: read on until one decodes.
            while !ended && chunk.isEmpty {
                var received: [UInt8] = []
                received.reserveCapacity(1 << 18)
                if try connection.nextCopyData(into: &received, minimum: 1 << 18) { ended = true }
                guard decoder != nil else {
                    chunk = received
                    break
                }
                chunk.reserveCapacity(received.count * 2)
                try decoder!.decode(received, into: &chunk)
                if ended { try decoder!.finish() }
            }
        } catch {
            throw error.tableReadError(table, at: location)
        }
        if chunk.isEmpty {
            ended = true
            return nil
        }
        return chunk
    }
}

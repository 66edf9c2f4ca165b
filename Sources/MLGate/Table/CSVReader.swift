import Foundation

/// Reads a delimited file in one streaming pass: the header first, then batches of rows
/// in columnar form.
public struct CSVReader<Source: ByteSource>: TableReader {
    private var tokenizer: CSVTokenizer<Source>
    /// The column names from the first record.
    public let columns: [String]
    private let batchSize: Int
    private var nextRowNumber = 2

    /// Starts reading `source` and reads its header row.
    public init(
        source: Source, dialect: CSVDialect = .csv, displayPath: String, batchSize: Int = 4096
    ) throws(TableReadError) {
        tokenizer = CSVTokenizer(source: source, dialect: dialect, displayPath: displayPath)
        guard let header = try tokenizer.nextRecord() else {
            throw TableReadError(
                code: "source-error", message: "the file is empty: expected a header row",
                location: SourceLocation(file: displayPath, line: 1, column: 1))
        }
        columns = header.fields
        self.batchSize = max(1, batchSize)
    }

    /// Continues a file whose header was already read: `source` starts at the first byte
    /// of a record, inside the file. Rows and lines are numbered from the start of
    /// `source` (as if it began at line 1 after a header row).
    init(continuing source: Source, columns: [String], dialect: CSVDialect, displayPath: String, batchSize: Int = 4096) {
        tokenizer = CSVTokenizer(source: source, dialect: dialect, displayPath: displayPath, atStartOfFile: false)
        self.columns = columns
        self.batchSize = max(1, batchSize)
    }

    public mutating func nextBatch() throws(TableReadError) -> RowBatch? {
        var sink = BatchRecordSink(batch: RowBatch(firstRowNumber: nextRowNumber, width: columns.count))
        _ = try tokenizer.readRecords(into: &sink, limit: batchSize)
        guard sink.batch.rowCount > 0 else { return nil }
        sink.batch.endLine = tokenizer.line
        ReadProgress.shared.add(rows: sink.batch.rowCount)
        nextRowNumber += sink.batch.rowCount
        return sink.batch
    }
}

extension CSVReader where Source == FileByteSource {
    /// Opens a file.
    public init(url: URL, dialect: CSVDialect = .csv, displayPath: String, batchSize: Int = 4096)
        throws(TableReadError)
    {
        try self.init(
            source: FileByteSource(url: url, displayPath: displayPath),
            dialect: dialect, displayPath: displayPath, batchSize: batchSize)
    }
}

/// A streaming reader of a table: a header, then batches.
public protocol TableReader {
    /// The column names, in file order.
    var columns: [String] { get }
    /// The next batch of rows, or `nil` at the end of the table.
    mutating func nextBatch() throws(TableReadError) -> RowBatch?
}

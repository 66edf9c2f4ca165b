import Foundation

/// Reads a delimited file in one streaming pass: the header first, then batches of rows
/// in columnar form.
///
/// Rows are numbered as Frictionless numbers them: by their position among all the
/// records of the file, the header being row 1. So the first data row is row 2 (row 1
/// with `header: false`), and skipped comment records still count.
///
/// A blank line is a row with no cells (Python's `csv` reads it as `[]`, and
/// frictionless reports it as a `blank-row`): every cell is missing and there are no
/// extra cells (``RowBatch/isBlank(_:)``). It is handed out like any other row.
///
/// The header is the first record at or below ``CSVDialect/headerRow`` that is neither
/// blank nor a comment (``DialectDetector`` finds the row frictionless guesses). With `header: false` the columns are named
/// `field1`, `field2`, … after the width of the first data record.
public struct CSVReader<Source: ByteSource>: TableReader {
    private var tokenizer: CSVTokenizer<Source>
    /// The column names from the first record.
    public let columns: [String]
    private let batchSize: Int
    private var nextRowNumber = 2
    /// Whether a field that is not UTF-8 is kept, repaired, with the error in its batch's
    /// ``RowBatch/malformedRows``, and the file read on; otherwise reading ends with the
    /// `encoding-error`. (A quote that never closes always ends the read.)
    public var recoversMalformedRows: Bool {
        get { tokenizer.recoversFromEncodingErrors }
        set { tokenizer.recoversFromEncodingErrors = newValue }
    }
    /// Whether a row with more cells than the header ends the read with an `extra-cell`
    /// error, as pandas refuses it: what a gate without a contract asks (a contract
    /// reports such rows and reads on). Otherwise the batch counts the row's extra cells
    /// (``RowBatch/extraCellCounts``).
    var refusesWideRows = false

    /// Reads on past malformed rows, keeping them in the batches, when `recovering`;
    /// otherwise a malformed row, or a row wider than the header, ends the read.
    mutating func recover(_ recovering: Bool) {
        recoversMalformedRows = recovering
        refusesWideRows = !recovering
    }
    /// The columns whose cells the batches keep (every column's when `nil`): a consumer
    /// that reads only these saves storing the others (they read as missing).
    var keptColumns: Set<Int>?
    /// The first data record, read to learn the columns when there are no header
    /// labels, and not yet handed out.
    private var firstRow: (fields: [String], line: Int, row: Int)?

    /// Starts reading `source` and reads its header row.
    public init(
        source: Source, dialect: CSVDialect = .csv, displayPath: String, batchSize: Int = 4096
    ) throws(TableReadError) {
        try self.init(source: source, dialect: dialect, displayPath: displayPath, batchSize: batchSize, forceGeneral: false)
    }

    /// `forceGeneral`: read with the character-level path whatever the dialect (tests).
    init(
        source: Source, dialect: CSVDialect, displayPath: String, batchSize: Int = 4096, forceGeneral: Bool
    ) throws(TableReadError) {
        var tokenizer = CSVTokenizer(source: source, dialect: dialect, displayPath: displayPath, forceGeneral: forceGeneral)
        var consumed = 0
        if dialect.header {
            // The header is the first record at or below `headerRow` that is neither
            // blank nor a comment; the records before it still take row numbers.
            tokenizer.skipsComments = false
            while let record = try tokenizer.nextRecord() {
                consumed += 1
                guard consumed >= dialect.headerRow, !record.fields.isEmpty, !tokenizer.isComment(record.fields) else { continue }
                try Self.checkWidth(record.fields.count, line: record.line, displayPath: displayPath)
                tokenizer.skipsComments = true
                self.tokenizer = tokenizer
                columns = record.fields
                nextRowNumber = consumed + 1
                self.batchSize = max(1, batchSize)
                return
            }
            throw TableReadError(
                code: "source-error",
                message: consumed == 0
                    ? "the file is empty: expected a header row"
                    : "the file has no header row: expected a record that is not blank or a comment",
                location: SourceLocation(file: displayPath, line: 1, column: 1))
        }
        // No header labels: the first data record gives the width.
        let skipped = tokenizer.skippedRecords
        if let first = try tokenizer.nextRecord() {
            try Self.checkWidth(first.fields.count, line: first.line, displayPath: displayPath)
            let row = consumed + tokenizer.skippedRecords - skipped + 1
            firstRow = (first.fields, first.line, row)
            columns = CSVDialect.generatedColumnNames(first.fields.count)
            nextRowNumber = row + 1
        } else if consumed == 0, tokenizer.skippedRecords == 0 {
            throw TableReadError(
                code: "source-error", message: "the file is empty: expected at least one record",
                location: SourceLocation(file: displayPath, line: 1, column: 1))
        } else {
            columns = []
            nextRowNumber = consumed + tokenizer.skippedRecords - skipped + 1
        }
        self.tokenizer = tokenizer
        self.batchSize = max(1, batchSize)
    }

    /// Refuses a header (or a first record) wider than ``InputLimits/columns``.
    static func checkWidth(_ count: Int, line: Int, displayPath: String) throws(TableReadError) {
        guard count <= InputLimits.columns else {
            throw TableReadError(
                code: "source-error",
                message: "the header has \(count) columns, more than mlgate's limit of \(InputLimits.columns) (docs/limits.md)",
                location: SourceLocation(file: displayPath, line: line, column: 1))
        }
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
        if let firstRow {
            // Handed out on its own: the records after it may follow skipped comments.
            self.firstRow = nil
            var sink = BatchRecordSink(batch: RowBatch(firstRowNumber: firstRow.row, width: columns.count))
            for var field in firstRow.fields { field.withUTF8 { sink.field($0) } }
            sink.endRecord(line: firstRow.line)
            ReadProgress.shared.add(rows: 1)
            try refuseWideRows(sink.batch)
            return sink.batch
        }
        let skipped = tokenizer.skippedRecords
        let offset = tokenizer.cursor.offset
        var sink = BatchRecordSink(batch: RowBatch(
                firstRowNumber: nextRowNumber, width: columns.count, reservingRows: batchSize, keeping: keptColumns))
        _ = try tokenizer.readRecords(into: &sink, limit: batchSize)
        guard sink.batch.rowCount > 0 else { return nil }
        sink.batch.endLine = tokenizer.line
        sink.batch.sourceBytes = tokenizer.cursor.offset - offset
        sink.batch.firstRowNumber = nextRowNumber + tokenizer.skippedBeforeLastCall - skipped
        ReadProgress.shared.add(rows: sink.batch.rowCount)
        nextRowNumber += sink.batch.rowCount + tokenizer.skippedRecords - skipped
        try refuseWideRows(sink.batch)
        return sink.batch
    }

    /// With ``refusesWideRows``, a row with more cells than the header stops the read
    /// (``TableReadError/extraCells(_:row:path:)``).
    private func refuseWideRows(_ batch: RowBatch) throws(TableReadError) {
        guard refusesWideRows, let row = batch.extraCellCounts.firstIndex(where: { $0 > 0 }) else { return }
        throw TableReadError.extraCells(batch, row: row, path: tokenizer.displayPath)
    }
}

extension CSVReader where Source == FileByteSource {
    /// Opens a file; a gzip file (`*.gz`, or gzip bytes) is decompressed as it is read.
    public init(url: URL, dialect: CSVDialect = .csv, displayPath: String, batchSize: Int = 4096)
        throws(TableReadError)
    {
        try self.init(
            source: FileByteSource(url: url, displayPath: displayPath, encoding: dialect.encoding),
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

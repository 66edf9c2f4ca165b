import Dispatch
import Foundation

/// Reads a Parquet file as a table: the columns from its schema (a struct's fields as
/// `parent.child`), then batches of rows, row group after row group.
///
/// - Cells are text, as pandas' `to_csv` would write the values (``ParquetText``); a
///   null is an empty cell, as in such a CSV file.
/// - Rows are numbered as in a CSV file with a header: the first row is row 2; a row's
///   "line" is its row number.
/// - Only the columns in ``keptColumns`` are read (every column when `nil`); within a
///   batch the columns are decoded on both cores.
/// - A LIST or MAP column is an error only when it is read.
///
/// Every fault of the file (a truncated file, a wrong magic, a footer, page or value
/// that does not decode) is a ``TableReadError`` naming the file, the byte offset and,
/// where known, the row group and the column.
public struct ParquetReader: TableReader {
    /// The column names, in schema order.
    public let columns: [String]
    /// The columns whose cells the batches hold (every column's when `nil`).
    var keptColumns: Set<Int>?
    /// The columns its consumers read only as numbers (``TableConsumer/numberColumns``):
    /// those that hold doubles or integers are handed over as numbers (``NumberColumn``),
    /// their text not written. Set before the first batch.
    var numberColumns: Set<Int> = []
    /// Of those, the ones held as dates or instants when they are
    /// (``TableConsumer/momentColumns``). Set before the first batch.
    var momentColumns: Set<Int> = []
    /// The columns its consumers read only to tell a blank row
    /// (``TableConsumer/presenceColumns``): left out of a batch, their pages passed over
    /// undecoded, when every row of it has a non-empty cell in a deciding column.
    var presenceColumns: PresenceColumns?

    /// Reads for `consumer`: only its columns, those it reads as numbers, dates or
    /// instants handed over so, and those it reads only for a blank row's test left out
    /// where they cannot tell one. Called before the first batch.
    mutating func serve(_ consumer: some TableConsumer) {
        keptColumns = consumer.columnsRead
        numberColumns = consumer.numberColumns
        momentColumns = consumer.momentColumns
        presenceColumns = Self.leavesOutPresenceColumns ? consumer.presenceColumns : nil
    }
    /// Whether columns read only for a blank row's test are left out of batches that do
    /// not need them (the tests compare runs without).
    @TaskLocal static var leavesOutPresenceColumns = true
    /// Whether columns are ever handed over as numbers (``NumberColumn``) or marked as
    /// dictionary entries (``CellDictionary``): off, every column comes as plain text
    /// (the tests compare the two).
    @TaskLocal static var handsOverValues = true
    private let file: ParquetFile
    private let metadata: ParquetFileMetadata
    private let schema: ParquetSchema
    private let batchSize: Int
    /// Where the column chunks' bytes end: the footer's start.
    private let dataEnd: Int
    /// The rows to read, numbered from 0 across the row groups (all by default), and
    /// where each row group starts among them.
    private let rowRange: Range<Int>
    private let groupStarts: [Int]
    /// Whether a batch's columns are decoded on both cores (off when two readers
    /// already share the cores, each reading half of the rows).
    var decodesColumnsConcurrently = true

    private var group: Int
    private var rowsLeftInGroup = 0
    private var readers: [Int: ParquetChunkReaderBox] = [:]
    private var nextRowNumber = 2

    /// The file's key-value metadata (pandas keeps its schema under `pandas`).
    public var keyValueMetadata: [(key: String, value: String?)] { metadata.keyValues }
    /// Each column's name and Table Schema type, from the file's schema.
    var columnTypes: [(name: String, type: FieldType)] { schema.columns.map { ($0.name, $0.tableSchemaType) } }
    /// Each column's name and kind of values (see ``TypedCellRule``).
    var columnKinds: [(name: String, kind: TypedValueKind)] { schema.columns.map { ($0.name, $0.valueKind) } }
    /// The number of rows the footer declares.
    public var rowCount: Int { Int(clamping: metadata.rowCount) }
    /// The number of rows of the row groups, which are what is read (a footer's
    /// `num_rows` may say otherwise).
    let rowGroupRows: Int

    /// Opens the file and reads its footer; with `rows`, only those rows (numbered from
    /// 0 across the row groups) are read, and numbered as in the whole file.
    public init(url: URL, displayPath: String, batchSize: Int = 8192, rows: Range<Int>? = nil) throws(TableReadError) {
        let file = try ParquetFile(url: url, displayPath: displayPath)
        let place = ParquetPlace(file: displayPath)
        let footer: (metadata: ParquetFileMetadata, start: Int)
        do throws(ParquetDecodeError) {
            footer = try Self.readFooter(file)
        } catch {
            throw place.error(error)
        }
        let schema: ParquetSchema
        do throws(ParquetDecodeError) {
            schema = try ParquetSchema(footer.metadata.schema)
        } catch {
            throw place.error(error.shifted(by: footer.start))
        }
        for (index, group) in footer.metadata.rowGroups.enumerated() {
            guard group.columns.count == schema.leafCount, group.rowCount >= 0 else {
                throw ParquetPlace(file: displayPath, rowGroup: index).error(ParquetDecodeError(
                    "the row group has \(group.columns.count) column chunks and \(group.rowCount) rows, the schema \(schema.leafCount) columns",
                    at: footer.start))
            }
        }
        self.file = file
        metadata = footer.metadata
        self.schema = schema
        columns = schema.columns.map(\.name)
        self.batchSize = max(1, batchSize)
        dataEnd = footer.start
        var starts: [Int] = []
        var total = 0
        for (index, group) in footer.metadata.rowGroups.enumerated() {
            starts.append(total)
            let (sum, overflow) = total.addingReportingOverflow(Int(clamping: group.rowCount))
            guard !overflow else {
                throw ParquetPlace(file: displayPath, rowGroup: index).error(
                    ParquetDecodeError("the row groups' row counts add up past any file's", at: footer.start))
            }
            total = sum
        }
        groupStarts = starts
        rowGroupRows = total
        rowRange = rows.map { $0.clamped(to: 0..<max(0, total)) } ?? 0..<max(0, total)
        nextRowNumber = 2 + rowRange.lowerBound
        group = -1
    }

    /// The footer's metadata and the offset where it starts.
    private static func readFooter(_ file: ParquetFile) throws(ParquetDecodeError) -> (ParquetFileMetadata, Int) {
        guard file.size >= 12 else {
            throw ParquetDecodeError("the file is \(file.size) bytes long: too short for Parquet (truncated?)", at: 0)
        }
        let head = try file.read(at: 0, count: 4)
        guard head == Array("PAR1".utf8) else {
            throw ParquetDecodeError("the file does not start with Parquet's magic bytes 'PAR1'", at: 0)
        }
        let tail = try file.read(at: file.size - 8, count: 8)
        if Array(tail[4...]) == Array("PARE".utf8) {
            throw ParquetDecodeError("the file's footer is encrypted, which mlgate does not read", at: file.size - 4, code: "source-error")
        }
        guard Array(tail[4...]) == Array("PAR1".utf8) else {
            throw ParquetDecodeError("the file does not end with Parquet's magic bytes 'PAR1' (truncated?)", at: file.size - 4)
        }
        let length = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard length <= file.size - 12 else {
            throw ParquetDecodeError("the footer's length \(length) runs past the start of the file", at: file.size - 8)
        }
        let start = file.size - 8 - length
        let bytes = try file.read(at: start, count: length)
        do throws(ParquetDecodeError) {
            return (try ParquetFileMetadata(decoding: bytes), start)
        } catch {
            throw error.shifted(by: start)
        }
    }

    public mutating func nextBatch() throws(TableReadError) -> RowBatch? {
        while rowsLeftInGroup == 0 {
            group += 1
            guard group < groupStarts.count, groupStarts[group] < rowRange.upperBound else { return nil }
            try startGroup()
        }
        let rows = min(batchSize, rowsLeftInGroup)
        let kept = keptColumns.map { $0.filter { $0 >= 0 && $0 < columns.count } } ?? Set(columns.indices)
        // Columns read only for a blank row's test are decoded after the others, and
        // only when a row has no non-empty cell among the deciding ones.
        let presence = presenceColumns.map { kept.intersection($0.columns) } ?? []
        var order = kept.subtracting(presence).sorted()
        decode(order.map { readers[$0]! }, rows: rows)
        if let deciding = presenceColumns?.deciding, !presence.isEmpty {
            // The deciding columns first; while a row has only empty cells so far, the
            // next presence column is read too (one that fills every such row is enough:
            // with every field settled, the first column decides most batches alone).
            var empty = EmptyRows(rows: rows)
            for index in order where deciding.contains(index) { empty.fill(readers[index]!) }
            for index in presence.sorted() {
                guard empty.any else {
                    readers[index]!.pass(rows: rows)
                    continue
                }
                decode([readers[index]!], rows: rows)
                empty.fill(readers[index]!)
                order.append(index)
            }
            order.sort()
        }
        let boxes = order.map { readers[$0]! }
        for (index, box) in zip(order, boxes) {
            if let error = box.error {
                throw ParquetPlace(file: file.displayPath, rowGroup: group, column: columns[index]).error(error)
            }
        }
        // The batch keeps the texts the columns' cells lie in (without copying them)
        // and points into them, column by column; a column held as numbers has no cells,
        // nor has a column left out.
        let held = Set(zip(order, boxes).filter { $0.1.numbers != nil }.map(\.0))
        let cellsKept = Set(order).subtracting(held)
        var batch = RowBatch(
            firstRowNumber: nextRowNumber, width: columns.count, reservingRows: rows,
            keeping: keptColumns == nil && cellsKept.count == columns.count ? nil : cellsKept)
        let cellColumns = boxes.filter { $0.numbers == nil }.map { box in
            (base: batch.addChunks(box.cells.texts), places: box.cells.places, lengths: box.cells.lengths)
        }
        batch.appendPlacedRows(rows, columns: cellColumns, firstLine: nextRowNumber)
        for (index, box) in zip(order, boxes) {
            if let numbers = box.numbers { batch.setNumbers(index, numbers) }
            if Self.handsOverValues, let dictionary = box.cells.dictionary {
                batch.setDictionary(index, CellDictionary(id: dictionary.id, count: dictionary.count, entries: box.cells.entries))
            }
        }
        batch.endLine = nextRowNumber + rows
        nextRowNumber += rows
        rowsLeftInGroup -= rows
        ReadProgress.shared.add(rows: rows)
        return batch
    }

    /// Reads the next `rows` rows of each of `boxes`' columns, on every core when there
    /// are several.
    private func decode(_ boxes: [ParquetChunkReaderBox], rows: Int) {
        let cores = min(ProcessInfoCores.count, boxes.count)
        if decodesColumnsConcurrently, cores > 1, rows >= 256 {
            DispatchQueue.concurrentPerform(iterations: cores) { core in
                for index in stride(from: core, to: boxes.count, by: cores) { boxes[index].read(rows: rows) }
            }
        } else {
            for box in boxes { box.read(rows: rows) }
        }
    }

    /// Opens the current row group's chunks of the kept columns.
    private mutating func startGroup() throws(TableReadError) {
        let rowGroup = metadata.rowGroups[group]
        let start = groupStarts[group], end = start + Int(clamping: rowGroup.rowCount)
        let skipped = max(0, rowRange.lowerBound - start)
        rowsLeftInGroup = max(0, min(end, rowRange.upperBound) - max(start, rowRange.lowerBound))
        readers = [:]
        guard rowsLeftInGroup > 0 else { return }
        for index in (keptColumns ?? Set(columns.indices)).sorted() where columns.indices.contains(index) {
            let column = schema.columns[index]
            let place = ParquetPlace(file: file.displayPath, rowGroup: group, column: column.name)
            guard let leaf = column.leaf else {
                throw TableReadError(code: "source-error", message: (column.unsupported ?? "column '\(column.name)' cannot be read") + " (row group \(group))",
                                     location: SourceLocation(file: file.displayPath))
            }
            do throws(ParquetDecodeError) {
                var reader = try ParquetChunkReader(file: file, column: column, metadata: rowGroup.columns[leaf], dataEnd: dataEnd)
                reader.readsNumbers = Self.handsOverValues && numberColumns.contains(index)
                    && (ParquetChunkReader.readsAsNumbers(column.element)
                        || (momentColumns.contains(index) && ParquetChunkReader.momentForm(column.element) != nil))
                try reader.skip(rows: skipped)
                readers[index] = ParquetChunkReaderBox(reader)
            } catch {
                throw place.error(error)
            }
        }
    }
}

/// A column's chunk reader and its latest cells, shared with the thread that decodes it
/// (each box is used by one thread at a time).
final class ParquetChunkReaderBox: @unchecked Sendable {
    private var reader: ParquetChunkReader
    private(set) var cells = ParquetCellRefs()
    /// The latest rows as numbers, for a reader that reads numbers (it then has no
    /// cells).
    private(set) var numbers: NumberColumn?
    private(set) var error: ParquetDecodeError?

    init(_ reader: ParquetChunkReader) {
        self.reader = reader
    }

    /// Passes over the next `rows` rows without reading them (their pages are read only
    /// if a later read needs them).
    func pass(rows: Int) {
        cells.removeAll()
        numbers = nil
        reader.pass(rows: rows)
    }

    func read(rows: Int) {
        cells.removeAll()
        numbers = nil
        do throws(ParquetDecodeError) {
            guard reader.readsNumbers else { return try reader.read(rows: rows, into: &cells) }
            var values = NumberColumn.Values.doubles([]), nulls: [Bool] = []
            try reader.read(rows: rows, into: &values, nulls: &nulls)
            numbers = NumberColumn(values: values, nulls: nulls)
        } catch {
            self.error = error
        }
    }
}

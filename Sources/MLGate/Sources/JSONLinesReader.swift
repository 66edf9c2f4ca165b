import Foundation

/// Reads a JSON Lines file (one JSON object per line) in one streaming pass: the columns
/// first, then batches of rows in columnar form.
///
/// - Lines end with LF or CRLF. Lines holding only whitespace are skipped, a UTF-8 byte
///   order mark at the start is skipped, and the last line needs no line break.
/// - The columns are the keys of the first object, in the order they are written.
///   Each object, the first included, is a row: a cell per column, `nil` where the
///   object lacks the key; keys that are not columns count in `extraCellCounts`.
/// - Cells are text: a string's decoded value; a number exactly as written (`1e-3`,
///   `0.10`); `"true"`/`"false"`; `nil` for `null` (as for a missing key); an object or
///   array as its exact source text, whitespace included.
/// - A key written twice in one object keeps its last value (as Python's `json` does);
///   in the first object, its column keeps the place of its first occurrence.
/// - Rows are numbered as Frictionless numbers keyed JSON rows: the keys stand for a
///   header row 1, so the first object is row 2, the next row 3, and so on. Skipped
///   blank lines are not counted, so a row number is not necessarily a line number.
///
/// Only the current line and the current batch are held in memory. Malformed JSON, a line
/// that is not an object, or nesting deeper than 512 levels is a `source-error`; bytes
/// that are not UTF-8 are an `encoding-error`; both at the offending line and column.
/// They end the read, unless ``recoversMalformedRows`` is set: then a line after the
/// first object that fails so becomes a row without cells, with its error in the
/// batch's ``RowBatch/malformedRows``, and the file is read on.
public struct JSONLinesReader<Source: ByteSource>: TableReader {
    private var lines: JSONLineSplitter<Source>
    private let displayPath: String
    /// The keys of the first object, in the order they are written.
    public let columns: [String]
    private let columnIndex: [String: Int]
    private let batchSize: Int
    private var nextRowNumber = 2
    /// The first object's cells, read to learn the columns and not yet handed out.
    private var firstRow: [String?]?
    private var firstRowLine = 1
    /// Whether a line that does not parse becomes a row recorded as malformed, and the
    /// file is read on (see the type's description).
    public var recoversMalformedRows = false

    /// Starts reading `source` and reads its first object, whose keys are the columns.
    ///
    /// Throws a `source-error` when there is no object at all.
    public init(source: Source, displayPath: String, batchSize: Int = 4096) throws(TableReadError) {
        var lines = JSONLineSplitter(source: source, displayPath: displayPath)
        guard let members = try Self.nextObject(from: &lines, displayPath: displayPath) else {
            throw TableReadError(
                code: "source-error", message: "the file is empty: expected at least one JSON object",
                location: SourceLocation(file: displayPath, line: 1, column: 1))
        }
        var columns: [String] = []
        var columnIndex: [String: Int] = [:]
        var cells: [String?] = []
        for member in members {
            if let column = columnIndex[member.key] {
                cells[column] = member.value
            } else {
                columnIndex[member.key] = columns.count
                columns.append(member.key)
                cells.append(member.value)
            }
        }
        guard columns.count <= InputLimits.columns else {
            throw TableReadError(
                code: "source-error",
                message: "the first object has \(columns.count) keys, more than mlgate's limit of \(InputLimits.columns) columns (docs/limits.md)",
                location: SourceLocation(file: displayPath, line: lines.lineNumber, column: 1))
        }
        self.lines = lines
        self.displayPath = displayPath
        self.columns = columns
        self.columnIndex = columnIndex
        self.batchSize = max(1, batchSize)
        self.firstRow = cells
        self.firstRowLine = lines.lineNumber
    }

    public mutating func nextBatch() throws(TableReadError) -> RowBatch? {
        var batch = RowBatch(firstRowNumber: nextRowNumber, width: columns.count)
        if let firstRow {
            Self.append(firstRow, extraCells: 0, line: firstRowLine, to: &batch)
            self.firstRow = nil
        }
        rows: while batch.rowCount < batchSize {
            let members: [JSONLineParser.Member]
            switch try Self.nextParsedObject(from: &lines, displayPath: displayPath) {
            case nil:
                break rows
            case .object(let object)?:
                members = object
            case .malformed(let error)?:
                guard recoversMalformedRows else { throw error }
                batch.recordMalformed(error, wholeRow: true)
                Self.append([String?](repeating: nil, count: columns.count), extraCells: 0, line: lines.lineNumber, to: &batch)
                continue
            }
            var cells = [String?](repeating: nil, count: columns.count)
            var extraKeys: Set<String> = []
            for member in members {
                if let column = columnIndex[member.key] {
                    cells[column] = member.value
                } else {
                    extraKeys.insert(member.key)
                }
            }
            Self.append(cells, extraCells: extraKeys.count, line: lines.lineNumber, to: &batch)
        }
        guard batch.rowCount > 0 else { return nil }
        ReadProgress.shared.add(rows: batch.rowCount)
        nextRowNumber += batch.rowCount
        return batch
    }

    private static func append(_ cells: [String?], extraCells: Int, line: Int, to batch: inout RowBatch) {
        batch.appendRow(cells, extraCells: extraCells, line: line)
    }

    /// The members of the next object, skipping blank lines; `nil` at the end.
    private static func nextObject(
        from lines: inout JSONLineSplitter<Source>, displayPath: String
    ) throws(TableReadError) -> [JSONLineParser.Member]? {
        switch try nextParsedObject(from: &lines, displayPath: displayPath) {
        case nil: return nil
        case .object(let members)?: return members
        case .malformed(let error)?: throw error
        }
    }

    /// A line that was read: an object's members, or why the line is not one.
    private enum ParsedLine {
        case object([JSONLineParser.Member])
        case malformed(TableReadError)
    }

    /// The next non-blank line, parsed; `nil` at the end. Errors reading the file itself
    /// (not the line's JSON) are thrown.
    private static func nextParsedObject(
        from lines: inout JSONLineSplitter<Source>, displayPath: String
    ) throws(TableReadError) -> ParsedLine? {
        while let line = try lines.nextLine() {
            var parser = JSONLineParser(
                bytes: line.bytes, file: displayPath, line: lines.lineNumber, isLastLine: !line.terminated)
            do {
                if let members = try parser.parseObject() { return .object(members) }
            } catch {
                return .malformed(error)
            }
        }
        return nil
    }
}

extension JSONLinesReader where Source == FileByteSource {
    /// Opens a file.
    public init(url: URL, displayPath: String, batchSize: Int = 4096) throws(TableReadError) {
        try self.init(
            source: FileByteSource(url: url, displayPath: displayPath), displayPath: displayPath,
            batchSize: batchSize)
    }
}

/// Splits a byte source into lines, one at a time, however the lines fall across
/// chunks: LF ends a line (a CR before it is dropped), a UTF-8 byte order mark at the
/// start is skipped, and the last line needs no line break.
struct JSONLineSplitter<Source: ByteSource> {
    private var cursor: ChunkCursor<Source>
    private var line: [UInt8] = []
    /// The 1-based number of the line last returned.
    private(set) var lineNumber = 0

    /// Names the file in errors.
    private let displayPath: String

    init(source: Source, displayPath: String = "") {
        cursor = ChunkCursor(source: source)
        self.displayPath = displayPath
    }

    /// The next line without its line break, and whether a line break ended it (false
    /// only for a last line that runs to the end of the file); `nil` at the end.
    mutating func nextLine() throws(TableReadError) -> (bytes: [UInt8], terminated: Bool)? {
        line.removeAll(keepingCapacity: true)
        while true {
            if cursor.index == cursor.chunk.count {
                guard try refill() else {
                    guard !line.isEmpty else { return nil }
                    lineNumber += 1
                    return (line, false)
                }
            }
            if let lineFeed = cursor.chunk[cursor.index...].firstIndex(of: 0x0A) {
                line.append(contentsOf: cursor.chunk[cursor.index..<lineFeed])
                cursor.index = lineFeed + 1
                if line.last == 0x0D { line.removeLast() }
                lineNumber += 1
                return (line, true)
            }
            line.append(contentsOf: cursor.chunk[cursor.index...])
            cursor.index = cursor.chunk.count
            guard line.count <= InputLimits.recordBytes else {
                throw TableReadError(
                    code: "source-error", message: InputLimits.exceeded("the line starting here", bytes: InputLimits.recordBytes),
                    location: SourceLocation(file: displayPath, line: lineNumber + 1, column: 1))
            }
        }
    }

    private mutating func refill() throws(TableReadError) -> Bool {
        try cursor.fill()
    }
}

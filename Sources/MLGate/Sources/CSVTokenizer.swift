/// Receives the fields of one record at a time from a ``CSVTokenizer``.
protocol CSVRecordSink {
    /// The next field of the current record, unescaped and valid UTF-8.
    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>)
    /// The fields that follow, until the next call, may be handed over as places in
    /// `chunk` (``chunkField(_:at:)``).
    mutating func beginChunk(_ chunk: [UInt8])
    /// The next field, which lies as it is at `offset` in the chunk of the last
    /// ``beginChunk(_:)``.
    mutating func chunkField(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int)
    /// Fields that lie back to back in the chunk of the last ``beginChunk(_:)``: the
    /// first starts at `start`, each ends at its entry of `ends` (``CSVFieldEnds``) and
    /// the next starts just after; an entry marked ``CSVFieldEnds/recordEnd`` also ends
    /// its record. The first record ended started on `lines.first`, the others on
    /// consecutive lines from `lines.next`. (`chunk` is that chunk's bytes.)
    mutating func chunkFields(
        _ ends: UnsafeBufferPointer<Int>, from start: Int, lines: (first: Int, next: Int), in chunk: UnsafeBufferPointer<UInt8>)
    /// The end of the current record, which started on `line`.
    mutating func endRecord(line: Int)
    /// The next field handed over is not UTF-8 in the file: `error` says where, and the
    /// field comes with each invalid sequence replaced by U+FFFD (only when the tokenizer
    /// recovers from encoding errors).
    mutating func malformed(_ error: TableReadError)
}

extension CSVRecordSink {
    /// One field at a time (sinks that keep cells as bytes).
    mutating func chunkFields(
        _ ends: UnsafeBufferPointer<Int>, from start: Int, lines: (first: Int, next: Int), in chunk: UnsafeBufferPointer<UInt8>
    ) {
        var start = start, line = lines.first, ended = false
        for entry in ends {
            let end = entry & CSVFieldEnds.offsetMask
            chunkField(UnsafeBufferPointer(rebasing: chunk[start..<end]), at: start)
            if entry & CSVFieldEnds.recordEnd != 0 {
                endRecord(line: line)
                line = ended ? line + 1 : lines.next
                ended = true
            }
            start = end + 1
        }
    }
}

/// Where the tokenizer's fast path keeps the ends of the fields it found until it hands
/// them to the sink, a run at a time: each entry is the field's end offset in the chunk,
/// with ``recordEnd`` set when a line feed ends the record there. Scratch memory of one
/// tokenizer, used only within one scan of a chunk.
final class CSVFieldEnds: @unchecked Sendable {
    /// Entries a run holds.
    static let capacity = 512
    /// Marks an entry whose field ends its record.
    static let recordEnd = 1 << 62
    /// The offset part of an entry.
    static let offsetMask = recordEnd - 1
    let base = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
    deinit { base.deallocate() }
}

/// How the tokenizer's fast loop ends (`CSVTokenizer.scan`).
private enum FastExit {
    /// At a field it does not take: the general handling goes on from there.
    case handOver
    /// After a delimiter, before a quoted field or the chunk's end.
    case fieldStart
    /// After a record that a CR ended.
    case afterCarriageReturn
    /// After a record, when the next is not taken fast (or the limit is reached).
    case recordStart
}

/// Splits delimited text into records as Python's `csv` module (and so Frictionless)
/// reads it: quoted fields may hold delimiters, quotes (doubled) and line breaks; CRLF,
/// LF and a lone CR end a record; a blank line is a record with no fields (Python's
/// `[]`); a UTF-8 byte order mark is skipped; a final line break does not start an
/// empty record; characters after a closing quote are kept, as Python keeps them. Unlike
/// Python, a quoted field still open at the end of the input is an error.
///
/// The RFC 4180 dialects (a quote char, doubled quotes, no escape char, spaces kept)
/// take a fast path: it scans each chunk with a tight loop over its bytes and copies runs
/// of ordinary bytes at once, keeping only the current field in memory. The other
/// dialects (and comment skipping) take a slower character-by-character port of
/// CPython's reader (`Modules/_csv.c`, non-strict), which holds the current record.
/// Fields holding non-ASCII bytes are checked to be UTF-8. Positions are 1-based lines
/// and columns, columns counted in Unicode scalars.
struct CSVTokenizer<Source: ByteSource> {
    private var cursor: ChunkCursor<Source>
    private let delimiter: UInt8
    private let quote: UInt8
    private let displayPath: String
    /// Whether the dialect needs the character-level reader.
    private let general: Bool
    private let quoteChar: UInt8?
    private let escapeChar: UInt8?
    private let doubleQuote: Bool
    private let skipInitialSpace: Bool
    private let commentPrefix: [UInt8]?
    /// Whether records starting with `commentPrefix` are skipped (not for the header).
    var skipsComments = true
    /// Whether a field that is not UTF-8 is repaired and reported to the sink
    /// (``CSVRecordSink/malformed(_:)``), so that the rest of the file is read on, rather
    /// than ending the read with an `encoding-error`.
    var recoversFromEncodingErrors = false
    /// Records skipped as comments so far, and how many were skipped when the first
    /// record of the last `readRecords` call was handed out (to number rows around them).
    private(set) var skippedRecords = 0
    private(set) var skippedBeforeLastCall = 0
    /// A CR ended the last record: a following LF belongs to it.
    private var afterCarriageReturn = false
    /// Position of the next byte (its line is also how many lines have begun).
    private(set) var line = 1
    private(set) var column = 1
    /// The field being read.
    private var field: [UInt8] = []
    /// The fast path's run of field ends.
    private let fastRun = CSVFieldEnds()
    /// Offsets in `field` before which the file has a column that the field does not
    /// (the first quote of a doubled pair, a closing quote followed by more text), so
    /// that an encoding error in the field is located at its column in the file.
    private var skippedColumns: [Int] = []

    private static var lineFeed: UInt8 { 0x0A }
    private static var carriageReturn: UInt8 { 0x0D }

    /// `forceGeneral`: take the character-level path even for an RFC 4180 dialect (tests).
    init(source: Source, dialect: CSVDialect, displayPath: String, atStartOfFile: Bool = true, forceGeneral: Bool = false) {
        cursor = ChunkCursor(source: source, atStartOfFile: atStartOfFile)
        delimiter = dialect.delimiter
        quote = dialect.quoteChar ?? 0
        self.displayPath = displayPath
        general = forceGeneral || !dialect.splitsAsRFC4180 || dialect.commentChar != nil
        quoteChar = dialect.quoteChar
        escapeChar = dialect.escapeChar
        doubleQuote = dialect.doubleQuote
        skipInitialSpace = dialect.skipInitialSpace
        commentPrefix = dialect.commentChar.map { Array($0.utf8) }
        field.reserveCapacity(256)
    }

    private func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: displayPath, line: line, column: column)
    }

    private enum State {
        case recordStart, fieldStart, unquoted, quoted, quoteInQuoted
    }

    // The state of the record being read, kept across chunks.
    private var state = State.recordStart
    private var recordLine = 1
    private var contentStart = (1, 1)
    private var quoteStart = (1, 1)
    private var nonASCII: UInt8 = 0

    // The character-level reader's state (see `readRecordsGenerally`).
    fileprivate enum GeneralState {
        case startRecord, startField, escapedChar, inField, inQuotedField, escapeInQuotedField,
            quoteInQuotedField, eatLineBreak, afterEscapedLineBreak
    }
    fileprivate var generalState = GeneralState.startRecord
    /// The last byte was a CR: whether a LF follows decides where its line ends.
    fileprivate var pendingCarriageReturn = false
    /// Bytes seen since the last line's end.
    fileprivate var lineHasBytes = false
    /// The current record's fields back to back (the last one being read), and where
    /// each saved field ends.
    fileprivate var recordText: [UInt8] = []
    fileprivate var fieldEnds: [Int] = []
    fileprivate var fieldStart = (1, 1)
    /// Fields of the current record that were not UTF-8 (repaired), with their errors.
    fileprivate var damagedFields: [(field: Int, error: TableReadError)] = []
    /// Where each non-ASCII byte of the current record lies in the file, by its offset in
    /// `recordText` (to locate an encoding error exactly).
    fileprivate var nonASCIIPlaces: [(offset: Int, line: Int, column: Int)] = []

    /// Reads the next record into `sink`; false at the end of the input.
    mutating func readRecord(into sink: inout some CSVRecordSink) throws(TableReadError) -> Bool {
        try readRecords(into: &sink, limit: 1) == 1
    }

    /// Reads up to `limit` records into `sink`; returns how many (0 at the end of the
    /// input). Records never straddle calls: a call stops only between records.
    mutating func readRecords(into sink: inout some CSVRecordSink, limit: Int) throws(TableReadError) -> Int {
        if general { return try readRecordsGenerally(into: &sink, limit: limit) }
        var records = 0
        while records < limit {
            guard try cursor.fill() else {
                // The end of the input ends the record being read, if any.
                if state == .recordStart { return records }
                if state == .quoted {
                    throw TableReadError(
                        code: "source-error",
                        message: "quoted field opened here is never closed: expected a closing '\(Character(Unicode.Scalar(quote)))' before the end of the file",
                        location: location(quoteStart.0, quoteStart.1))
                }
                try emitField(into: &sink)
                sink.endRecord(line: recordLine)
                state = .recordStart
                return records + 1
            }
            let chunk = cursor.chunk
            var index = cursor.index
            sink.beginChunk(chunk)
            try chunk.withUnsafeBufferPointer { (buffer) throws(TableReadError) in
                try scan(buffer, from: &index, into: &sink, records: &records, limit: limit)
            }
            cursor.index = index
        }
        return records
    }

    /// Runs the state machine over `buffer` from `index` until the buffer ends or
    /// `limit` records are complete.
    private mutating func scan(
        _ buffer: UnsafeBufferPointer<UInt8>, from index: inout Int, into sink: inout some CSVRecordSink,
        records: inout Int, limit: Int
    ) throws(TableReadError) {
        let count = buffer.count
        let delimiter = self.delimiter, quote = self.quote
        let lineFeed = Self.lineFeed, carriageReturn = Self.carriageReturn
        // The fast path's view of the chunk: the boundary mask of the 64 bytes from
        // `blockStart` (a negative start: none yet).
        let scanner = FieldBoundaryScanner(delimiter: delimiter)
        let base = buffer.baseAddress!
        var blockStart = -2 * FieldBoundaryScanner.blockSize, blockBits: UInt64 = 0
        stateLoop: while index < count {
            switch state {
            case .recordStart:
                if afterCarriageReturn {
                    afterCarriageReturn = false
                    if buffer[index] == lineFeed {
                        index += 1
                        line += 1
                        column = 1
                        continue
                    }
                }
                if records == limit { return }
                recordLine = line
                let byte = buffer[index]
                if byte == lineFeed || byte == carriageReturn {
                    // A blank line: a record without fields.
                    index += 1
                    if byte == lineFeed {
                        line += 1
                        column = 1
                    } else {
                        column += 1
                        afterCarriageReturn = true
                    }
                    sink.endRecord(line: recordLine)
                    records += 1
                    continue
                }
                state = .fieldStart
            case .fieldStart:
                contentStart = (line, column)
                if buffer[index] == quote {
                    quoteStart = (line, column)
                    index += 1
                    column += 1
                    contentStart = (line, column)
                    state = .quoted
                } else {
                    state = .unquoted
                }
            case .unquoted:
                // Whole ASCII fields that lie in this chunk go straight to the sink, one
                // after another, without a trip through the state machine per field; a
                // record that ends here goes on to the next one while it starts with an
                // unquoted field. Anything else (a field that runs past the chunk, is
                // continued from the last one, holds non-ASCII bytes, or starts with a
                // quote) leaves the loop where the general handling below takes over.
                if field.isEmpty, nonASCII == 0 {
                    // Columns are counted from here afresh (after an empty quoted part).
                    if !skippedColumns.isEmpty { skippedColumns.removeAll(keepingCapacity: true) }
                    var start = index, startColumn = column
                    // The fields found are handed to the sink in runs, as the offsets
                    // where they end (``CSVFieldEnds``): the sink then appends a run in
                    // a loop of its own. `runStart` is where the run's first field
                    // starts, `runLine` the line of the record it belongs to, and
                    // `runNextLine` where the record after that one starts (the first may
                    // have begun lines earlier, with a quoted line break; the others
                    // are one line each).
                    let ends = fastRun.base
                    var runCount = 0, runStart = start, runLine = recordLine, runNextLine = 0
                    // Where the loop goes once the run is handed over.
                    var exit = FastExit.handOver
                    fastFields: while true {
                        // The field's end: the next boundary the masks show (the last
                        // bytes of the chunk, short of a block, one at a time).
                        var end = start
                        findEnd: while true {
                            let offset = end &- blockStart
                            if offset >= 0, offset < FieldBoundaryScanner.blockSize {
                                let pending = blockBits & (~0 << UInt64(offset))
                                if pending != 0 {
                                    end = blockStart &+ pending.trailingZeroBitCount
                                    break findEnd
                                }
                                end = blockStart &+ FieldBoundaryScanner.blockSize
                            }
                            blockStart = end
                            if end &+ FieldBoundaryScanner.blockSize <= count {
                                blockBits = scanner.mask(base + end)
                                continue findEnd
                            }
                            while end < count, !scanner.isBoundary(buffer[end]) { end &+= 1 }
                            blockStart = -2 * FieldBoundaryScanner.blockSize
                            break findEnd
                        }
                        // A field that runs past the chunk or holds a non-ASCII byte is
                        // left to the general handling.
                        guard end < count else { break fastFields }
                        let byte = buffer[end]
                        guard byte < 0x80 else { break fastFields }
                        let next = end &+ 1
                        if byte == delimiter {
                            ends[runCount] = end
                            runCount &+= 1
                            startColumn &+= next &- start
                            start = next
                            if runCount == CSVFieldEnds.capacity {
                                sink.chunkFields(UnsafeBufferPointer(start: ends, count: runCount), from: runStart, lines: (runLine, runNextLine), in: buffer)
                                runCount = 0
                                runStart = start
                                runLine = recordLine
                                runNextLine = 0
                            }
                            if next < count, buffer[next] != quote { continue fastFields }
                            exit = .fieldStart
                            break fastFields
                        }
                        ends[runCount] = end | CSVFieldEnds.recordEnd
                        if runNextLine == 0 { runNextLine = line &+ 1 }
                        runCount &+= 1
                        records &+= 1
                        if byte == carriageReturn {
                            column = startColumn &+ (next &- start)
                            start = next
                            exit = .afterCarriageReturn
                            break fastFields
                        }
                        line &+= 1
                        column = 1
                        startColumn = 1
                        start = next
                        // The next record, when it starts here with an unquoted field.
                        guard records < limit, next < count else {
                            exit = .recordStart
                            break fastFields
                        }
                        let first = buffer[next]
                        guard first != quote, first != lineFeed, first != carriageReturn else {
                            exit = .recordStart
                            break fastFields
                        }
                        recordLine = line
                        if runCount == CSVFieldEnds.capacity {
                            sink.chunkFields(UnsafeBufferPointer(start: ends, count: runCount), from: runStart, lines: (runLine, runNextLine), in: buffer)
                            runCount = 0
                            runStart = start
                            runLine = recordLine
                            runNextLine = 0
                        }
                    }
                    if runCount > 0 {
                        sink.chunkFields(UnsafeBufferPointer(start: ends, count: runCount), from: runStart, lines: (runLine, runNextLine), in: buffer)
                    }
                    switch exit {
                    case .handOver: break
                    case .fieldStart:
                        index = start
                        column = startColumn
                        state = .fieldStart
                        continue stateLoop
                    case .afterCarriageReturn:
                        index = start
                        afterCarriageReturn = true
                        state = .recordStart
                        continue stateLoop
                    case .recordStart:
                        index = start
                        state = .recordStart
                        continue stateLoop
                    }
                    // Hand over at `start`, a field not yet given to the sink.
                    index = start
                    column = startColumn
                    contentStart = (line, column)
                }
                // The run of ordinary bytes up to a delimiter or a line break.
                var end = index, high: UInt8 = 0
                while end < count {
                    let byte = buffer[end]
                    if byte == delimiter || byte == lineFeed || byte == carriageReturn { break }
                    high |= byte
                    end += 1
                }
                nonASCII |= high
                column += Self.scalarCount(buffer, index..<end, ascii: high & 0x80 == 0)
                guard end < count else {
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<end]))
                    index = end
                    return
                }
                if field.isEmpty {
                    // The whole field lies in this chunk: hand it over without copying.
                    let bytes = UnsafeBufferPointer(rebasing: buffer[index..<end])
                    if nonASCII & 0x80 == 0 {
                        sink.chunkField(bytes, at: index)
                    } else if try isUTF8(bytes, from: contentStart, orRepairInto: &sink) {
                        sink.chunkField(bytes, at: index)
                    }
                    nonASCII = 0
                } else {
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<end]))
                    try emitField(into: &sink)
                }
                let byte = buffer[end]
                index = end + 1
                if byte == delimiter {
                    column += 1
                    state = .fieldStart
                } else {
                    if byte == lineFeed {
                        line += 1
                        column = 1
                    } else {
                        column += 1
                        afterCarriageReturn = true
                    }
                    sink.endRecord(line: recordLine)
                    records += 1
                    state = .recordStart
                }
            case .quoted:
                // The run up to the next quote; line feeds inside are kept, and counted.
                var end = index, high: UInt8 = 0
                while end < count {
                    let byte = buffer[end]
                    if byte == quote || byte == lineFeed { break }
                    high |= byte
                    end += 1
                }
                nonASCII |= high
                column += Self.scalarCount(buffer, index..<end, ascii: high & 0x80 == 0)
                field.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<end]))
                index = end
                guard end < count else { return }
                if buffer[end] == lineFeed {
                    field.append(lineFeed)
                    line += 1
                    column = 1
                } else {
                    column += 1
                    state = .quoteInQuoted
                }
                index = end + 1
            case .quoteInQuoted:
                if buffer[index] == quote {
                    skippedColumns.append(field.count)
                    field.append(quote)
                    index += 1
                    column += 1
                    state = .quoted
                } else {
                    skippedColumns.append(field.count)
                    state = .unquoted
                }
            }
        }
    }

    /// The Unicode scalars in a run of bytes (for column numbers): its length when it is
    /// ASCII, else the bytes that do not continue a multi-byte sequence.
    @inline(__always)
    private static func scalarCount(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, ascii: Bool) -> Int {
        if ascii { return range.count }
        var scalars = 0
        for index in range where buffer[index] & 0xC0 != 0x80 { scalars += 1 }
        return scalars
    }

    /// Hands the accumulated field to the sink, checking its UTF-8 when needed.
    private mutating func emitField(into sink: inout some CSVRecordSink) throws(TableReadError) {
        let start = contentStart, checked = nonASCII & 0x80 != 0, skipped = skippedColumns
        try field.withUnsafeBufferPointer { (bytes) throws(TableReadError) in
            if !checked {
                sink.field(bytes)
            } else if try isUTF8(bytes, from: start, skippedColumns: skipped, orRepairInto: &sink) {
                sink.field(bytes)
            }
        }
        field.removeAll(keepingCapacity: true)
        skippedColumns.removeAll(keepingCapacity: true)
        nonASCII = 0
    }

    /// Reads the next record as strings (the header); `nil` at the end.
    mutating func nextRecord() throws(TableReadError) -> (fields: [String], line: Int)? {
        var sink = StringRecordSink()
        guard try readRecord(into: &sink) else { return nil }
        return (sink.fields, sink.line)
    }

    /// Whether a record (as strings) is a comment in this dialect.
    func isComment(_ fields: [String]) -> Bool {
        guard let commentPrefix, let first = fields.first else { return false }
        return first.utf8.starts(with: commentPrefix)
    }

    /// Whether a field's bytes are UTF-8. When they are not: with
    /// `recoversFromEncodingErrors`, the sink is told and given the field repaired (each
    /// invalid sequence replaced by U+FFFD), and the result is false; otherwise the
    /// `encoding-error` is thrown.
    private func isUTF8(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: (Int, Int), skippedColumns: [Int] = [],
        orRepairInto sink: inout some CSVRecordSink
    ) throws(TableReadError) -> Bool {
        guard let error = encodingError(bytes, from: start, skippedColumns: skippedColumns) else { return true }
        guard recoversFromEncodingErrors else { throw error }
        sink.malformed(error)
        Array(String(decoding: bytes, as: UTF8.self).utf8).withUnsafeBufferPointer { sink.field($0) }
        return false
    }

    /// The offset of the first byte of `field` that does not begin a valid UTF-8
    /// sequence; `nil` when the field is UTF-8.
    private static func firstInvalidOffset(_ field: UnsafeBufferPointer<UInt8>) -> Int? {
        if String(validating: field, as: UTF8.self) != nil { return nil }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = field.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error, .emptyInput: return offset
            }
        }
    }

    /// The `encoding-error` at the first byte of a field that is not UTF-8, counting
    /// columns from `start` (and one more before each offset in `skippedColumns`); `nil`
    /// when the field is UTF-8.
    private func encodingError(_ field: UnsafeBufferPointer<UInt8>, from start: (Int, Int), skippedColumns: [Int] = [])
        -> TableReadError?
    {
        guard let bad = Self.firstInvalidOffset(field) else { return nil }
        var (line, column) = start
        var offset = 0
        while true {
            for skipped in skippedColumns where skipped == offset { column += 1 }
            if offset == bad { break }
            let byte = field[offset]
            if byte == Self.lineFeed {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            offset += 1
        }
        return encodingError(at: location(line, column))
    }

    private func encodingError(at location: SourceLocation) -> TableReadError {
        TableReadError(code: "encoding-error", message: "invalid UTF-8 byte sequence: expected UTF-8 text", location: location)
    }
}

extension CSVRecordSink {
    mutating func malformed(_ error: TableReadError) {}
    mutating func beginChunk(_ chunk: [UInt8]) {}
    mutating func chunkField(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) { field(bytes) }
}

/// Collects one record's fields as strings.
struct StringRecordSink: CSVRecordSink {
    var fields: [String] = []
    var line = 0

    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>) {
        fields.append(String(decoding: bytes, as: UTF8.self))
    }

    mutating func endRecord(line: Int) {
        self.line = line
    }
}

/// Appends records to a batch.
struct BatchRecordSink: CSVRecordSink {
    var batch: RowBatch

    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>) {
        batch.appendCell(bytes)
    }

    mutating func beginChunk(_ chunk: [UInt8]) {
        batch.beginChunk(chunk)
    }

    mutating func chunkField(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) {
        batch.appendChunkCell(offset: offset, count: bytes.count)
    }

    mutating func chunkFields(
        _ ends: UnsafeBufferPointer<Int>, from start: Int, lines: (first: Int, next: Int), in chunk: UnsafeBufferPointer<UInt8>
    ) {
        batch.appendChunkFields(ends, from: start, lines: lines)
    }

    mutating func endRecord(line: Int) {
        batch.endRow(line: line)
    }

    mutating func malformed(_ error: TableReadError) {
        batch.recordMalformed(error)
    }
}

// MARK: - The character-level reader

extension CSVTokenizer {
    private static var space: UInt8 { 0x20 }

    /// Reads records as CPython's `csv.reader` does (non-strict), one character at a
    /// time: the input is cut into lines as a text file opened with `newline=''` is (after
    /// LF, CRLF or a lone CR); each character of a line goes through the state machine,
    /// then an end-of-line; a record is complete when a line ends in the start-of-record
    /// state. Records whose first field starts with the comment prefix are skipped; one
    /// skipped after a record was handed out ends the call, so that the records handed
    /// out by one call are consecutive.
    fileprivate mutating func readRecordsGenerally(into sink: inout some CSVRecordSink, limit: Int)
        throws(TableReadError) -> Int
    {
        var records = 0
        skippedBeforeLastCall = skippedRecords
        while records < limit {
            guard try cursor.fill() else {
                try finishGenerally(into: &sink, records: &records, limit: limit)
                return records
            }
            let chunk = cursor.chunk
            var index = cursor.index
            let stop = try chunk.withUnsafeBufferPointer { (buffer) throws(TableReadError) -> Bool in
                while index < buffer.count {
                    let byte = buffer[index]
                    if pendingCarriageReturn {
                        pendingCarriageReturn = false
                        // A lone CR ended its line; this byte starts the next one.
                        if byte != Self.lineFeed, try endLine(into: &sink, records: &records, limit: limit) { return true }
                    }
                    if generalState == .startRecord { recordLine = line }
                    try process(byte)
                    index += 1
                    lineHasBytes = true
                    if byte == Self.lineFeed {
                        line += 1
                        column = 1
                        if try endLine(into: &sink, records: &records, limit: limit) { return true }
                    } else {
                        if byte & 0xC0 != 0x80 { column += 1 }
                        if byte == Self.carriageReturn { pendingCarriageReturn = true }
                    }
                }
                return false
            }
            cursor.index = index
            if stop { break }
        }
        return records
    }

    /// The end of the input: ends the last line, and the record still open, if any.
    private mutating func finishGenerally(into sink: inout some CSVRecordSink, records: inout Int, limit: Int)
        throws(TableReadError)
    {
        if pendingCarriageReturn || lineHasBytes {
            pendingCarriageReturn = false
            _ = try endLine(into: &sink, records: &records, limit: limit)
        }
        switch generalState {
        case .startRecord:
            return
        case .inQuotedField, .escapeInQuotedField:
            throw TableReadError(
                code: "source-error",
                message: "quoted field opened here is never closed: expected a closing '\(Character(Unicode.Scalar(quote)))' before the end of the file",
                location: location(quoteStart.0, quoteStart.1))
        default:
            // As Python: a field with text in it ends the record; otherwise it is dropped.
            generalState = .startRecord
            if recordText.count > (fieldEnds.last ?? 0) {
                try saveField()
                _ = try completeRecord(into: &sink, records: &records, limit: limit)
            } else {
                recordText.removeAll(keepingCapacity: true)
                fieldEnds.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Python's end-of-line; true when the call should stop (limit reached, or a comment
    /// skipped after a record).
    private mutating func endLine(into sink: inout some CSVRecordSink, records: inout Int, limit: Int)
        throws(TableReadError) -> Bool
    {
        lineHasBytes = false
        switch generalState {
        case .startRecord, .afterEscapedLineBreak, .inQuotedField:
            break
        case .startField, .inField, .quoteInQuotedField:
            try saveField()
            generalState = .startRecord
        case .escapedChar:
            add(Self.lineFeed)
            generalState = .inField
        case .escapeInQuotedField:
            add(Self.lineFeed)
            generalState = .inQuotedField
        case .eatLineBreak:
            generalState = .startRecord
        }
        guard generalState == .startRecord else { return false }
        return try completeRecord(into: &sink, records: &records, limit: limit)
    }

    /// One character, as `parse_process_char` in CPython's `Modules/_csv.c`.
    private mutating func process(_ byte: UInt8) throws(TableReadError) {
        let lineBreak = byte == Self.lineFeed || byte == Self.carriageReturn
        switch generalState {
        case .startRecord:
            if lineBreak {
                generalState = .eatLineBreak
                return
            }
            generalState = .startField
            try startField(byte, lineBreak: lineBreak)
        case .startField:
            try startField(byte, lineBreak: lineBreak)
        case .escapedChar:
            add(byte)
            generalState = lineBreak ? .afterEscapedLineBreak : .inField
        case .afterEscapedLineBreak, .inField:
            if lineBreak {
                try saveField()
                generalState = .eatLineBreak
            } else if byte == escapeChar {
                generalState = .escapedChar
            } else if byte == delimiter {
                try saveField()
                generalState = .startField
            } else {
                add(byte)
                generalState = .inField
            }
        case .inQuotedField:
            if byte == escapeChar {
                generalState = .escapeInQuotedField
            } else if byte == quoteChar {
                generalState = doubleQuote ? .quoteInQuotedField : .inField
            } else {
                add(byte)
            }
        case .escapeInQuotedField:
            add(byte)
            generalState = .inQuotedField
        case .quoteInQuotedField:
            if byte == quoteChar {
                add(byte)
                generalState = .inQuotedField
            } else if byte == delimiter {
                try saveField()
                generalState = .startField
            } else if lineBreak {
                try saveField()
                generalState = .eatLineBreak
            } else {
                add(byte)
                generalState = .inField
            }
        case .eatLineBreak:
            // Only line breaks can follow a line break within a line.
            break
        }
    }

    private mutating func startField(_ byte: UInt8, lineBreak: Bool) throws(TableReadError) {
        if lineBreak {
            try saveField()
            generalState = .eatLineBreak
        } else if byte == quoteChar {
            quoteStart = (line, column)
            generalState = .inQuotedField
        } else if byte == escapeChar {
            generalState = .escapedChar
        } else if byte == Self.space, skipInitialSpace {
            // Dropped.
        } else if byte == delimiter {
            try saveField()
        } else {
            add(byte)
            generalState = .inField
        }
    }

    @inline(__always)
    private mutating func add(_ byte: UInt8) {
        if recordText.count == (fieldEnds.last ?? 0) { fieldStart = (line, column) }
        if byte & 0x80 != 0 { nonASCIIPlaces.append((recordText.count, line, column)) }
        recordText.append(byte)
        nonASCII |= byte
    }

    private mutating func saveField() throws(TableReadError) {
        if nonASCII & 0x80 != 0 {
            let start = fieldEnds.last ?? 0
            let bad = recordText[start...].withUnsafeBufferPointer { Self.firstInvalidOffset($0) }
            if let bad {
                // The bad byte's own place in the file: escapes and quotes make the
                // field's text differ from the file's.
                let place = nonASCIIPlaces.first { $0.offset == start + bad }
                let error = encodingError(at: location(place?.line ?? fieldStart.0, place?.column ?? fieldStart.1))
                guard recoversFromEncodingErrors else { throw error }
                let repaired = recordText[start...].withUnsafeBufferPointer { Array(String(decoding: $0, as: UTF8.self).utf8) }
                recordText.replaceSubrange(start..., with: repaired)
                damagedFields.append((fieldEnds.count, error))
            }
            nonASCII = 0
        }
        fieldEnds.append(recordText.count)
    }

    /// Hands the record out, or skips it when it is a comment; true when the call
    /// should stop.
    private mutating func completeRecord(into sink: inout some CSVRecordSink, records: inout Int, limit: Int)
        throws(TableReadError) -> Bool
    {
        defer {
            recordText.removeAll(keepingCapacity: true)
            fieldEnds.removeAll(keepingCapacity: true)
            damagedFields.removeAll()
            nonASCIIPlaces.removeAll(keepingCapacity: true)
        }
        if skipsComments, let commentPrefix, let end = fieldEnds.first, recordText[..<end].starts(with: commentPrefix) {
            skippedRecords += 1
            return records > 0
        }
        if records == 0 { skippedBeforeLastCall = skippedRecords }
        recordText.withUnsafeBufferPointer { buffer in
            var start = 0
            for (index, end) in fieldEnds.enumerated() {
                if let damaged = damagedFields.first(where: { $0.field == index }) { sink.malformed(damaged.error) }
                sink.field(UnsafeBufferPointer(rebasing: buffer[start..<end]))
                start = end
            }
        }
        sink.endRecord(line: recordLine)
        records += 1
        return records == limit
    }
}

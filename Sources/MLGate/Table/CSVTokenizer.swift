/// Receives the fields of one record at a time from a ``CSVTokenizer``.
protocol CSVRecordSink {
    /// The next field of the current record, unescaped and valid UTF-8.
    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>)
    /// The end of the current record, which started on `line`.
    mutating func endRecord(line: Int)
}

/// Splits delimited text into records following RFC 4180 as Python's `csv` module (and
/// so Frictionless) reads it: quoted fields may hold delimiters, quotes (doubled) and line
/// breaks; CRLF, LF and a lone CR end a record; a UTF-8 byte order mark is skipped; a
/// final line break does not start an empty record; characters after a closing quote are
/// kept, as Python keeps them.
///
/// It scans each chunk with a tight loop over its bytes and copies runs of ordinary bytes
/// at once, keeping only the current field in memory. Fields holding non-ASCII bytes are
/// checked to be UTF-8. Positions are 1-based lines and columns, columns counted in
/// Unicode scalars.
struct CSVTokenizer<Source: ByteSource> {
    private var cursor: ChunkCursor<Source>
    private let delimiter: UInt8
    private let quote: UInt8
    private let displayPath: String
    /// A CR ended the last record: a following LF belongs to it.
    private var afterCarriageReturn = false
    /// Position of the next byte (its line is also how many lines have begun).
    private(set) var line = 1
    private(set) var column = 1
    /// The field being read.
    private var field: [UInt8] = []

    private static var lineFeed: UInt8 { 0x0A }
    private static var carriageReturn: UInt8 { 0x0D }

    init(source: Source, dialect: CSVDialect, displayPath: String, atStartOfFile: Bool = true) {
        cursor = ChunkCursor(source: source, atStartOfFile: atStartOfFile)
        delimiter = dialect.delimiter
        quote = dialect.quoteChar
        self.displayPath = displayPath
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

    /// Reads the next record into `sink`; false at the end of the input.
    mutating func readRecord(into sink: inout some CSVRecordSink) throws(TableReadError) -> Bool {
        try readRecords(into: &sink, limit: 1) == 1
    }

    /// Reads up to `limit` records into `sink`; returns how many (0 at the end of the
    /// input). Records never straddle calls: a call stops only between records.
    mutating func readRecords(into sink: inout some CSVRecordSink, limit: Int) throws(TableReadError) -> Int {
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
        while index < count {
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
                    if nonASCII & 0x80 != 0 { try validate(Array(bytes), from: contentStart) }
                    sink.field(bytes)
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
                    field.append(quote)
                    index += 1
                    column += 1
                    state = .quoted
                } else {
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
        if nonASCII & 0x80 != 0 { try validate(field, from: contentStart) }
        field.withUnsafeBufferPointer { sink.field($0) }
        field.removeAll(keepingCapacity: true)
        nonASCII = 0
    }

    /// Reads the next record as strings (the header); `nil` at the end.
    mutating func nextRecord() throws(TableReadError) -> (fields: [String], line: Int)? {
        var sink = StringRecordSink()
        guard try readRecord(into: &sink) else { return nil }
        return (sink.fields, sink.line)
    }

    /// Throws an `encoding-error` at the first byte of the field that is not UTF-8.
    private func validate(_ field: [UInt8], from start: (Int, Int)) throws(TableReadError) {
        if String(validating: field, as: UTF8.self) != nil { return }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = field.makeIterator()
        var (line, column) = start
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == Self.lineFeed {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error, .emptyInput:
                throw TableReadError(
                    code: "encoding-error",
                    message: "invalid UTF-8 byte sequence: expected UTF-8 text",
                    location: location(line, column))
            }
        }
    }
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

    mutating func endRecord(line: Int) {
        batch.endRow(line: line)
    }
}

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

    /// Makes sure a byte is buffered; false at the end of the input.
    private mutating func fill() throws(TableReadError) -> Bool {
        try cursor.fill()
    }

    private func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: displayPath, line: line, column: column)
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    /// Reads the next record into `sink`; false at the end of the input.
    mutating func readRecord(into sink: inout some CSVRecordSink) throws(TableReadError) -> Bool {
        if afterCarriageReturn {
            afterCarriageReturn = false
            if try fill(), cursor.chunk[cursor.index] == Self.lineFeed {
                cursor.index += 1
                line += 1
                column = 1
            }
        }
        guard try fill() else { return false }
        let recordLine = line
        var state = State.fieldStart
        var contentStart = (line, column)
        var quoteStart = (line, column)
        var nonASCII: UInt8 = 0
        field.removeAll(keepingCapacity: true)

        func emit() throws(TableReadError) {
            if nonASCII & 0x80 != 0 { try validate(from: contentStart) }
            field.withUnsafeBufferPointer { sink.field($0) }
            field.removeAll(keepingCapacity: true)
            nonASCII = 0
        }

        while true {
            guard try fill() else {
                if state == .quoted {
                    throw TableReadError(
                        code: "source-error",
                        message: "quoted field opened here is never closed: expected a closing '\(Character(Unicode.Scalar(quote)))' before the end of the file",
                        location: location(quoteStart.0, quoteStart.1))
                }
                try emit()
                sink.endRecord(line: recordLine)
                return true
            }
            switch state {
            case .fieldStart:
                contentStart = (line, column)
                if cursor.chunk[cursor.index] == quote {
                    quoteStart = (line, column)
                    cursor.index += 1
                    column += 1
                    contentStart = (line, column)
                    state = .quoted
                } else {
                    state = .unquoted
                }
            case .unquoted:
                // The run of ordinary bytes up to a delimiter or a line break.
                let (end, high, scalars) = cursor.chunk.withUnsafeBufferPointer { buffer in
                    var end = cursor.index, high: UInt8 = 0, scalars = 0
                    while end < buffer.count {
                        let byte = buffer[end]
                        if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                        high |= byte
                        scalars &+= byte & 0xC0 == 0x80 ? 0 : 1
                        end += 1
                    }
                    field.append(contentsOf: buffer[cursor.index..<end])
                    return (end, high, scalars)
                }
                nonASCII |= high
                column += scalars
                cursor.index = end
                guard cursor.index < cursor.chunk.count else { continue }
                let byte = cursor.chunk[cursor.index]
                cursor.index += 1
                try emit()
                if byte == delimiter {
                    column += 1
                    state = .fieldStart
                } else {
                    if byte == Self.lineFeed {
                        line += 1
                        column = 1
                    } else {
                        column += 1
                        afterCarriageReturn = true
                    }
                    sink.endRecord(line: recordLine)
                    return true
                }
            case .quoted:
                // The run up to the next quote; line feeds inside are kept, and counted.
                let (end, high, scalars) = cursor.chunk.withUnsafeBufferPointer { buffer in
                    var end = cursor.index, high: UInt8 = 0, scalars = 0
                    while end < buffer.count {
                        let byte = buffer[end]
                        if byte == quote || byte == Self.lineFeed { break }
                        high |= byte
                        scalars &+= byte & 0xC0 == 0x80 ? 0 : 1
                        end += 1
                    }
                    field.append(contentsOf: buffer[cursor.index..<end])
                    return (end, high, scalars)
                }
                nonASCII |= high
                column += scalars
                cursor.index = end
                guard cursor.index < cursor.chunk.count else { continue }
                if cursor.chunk[cursor.index] == Self.lineFeed {
                    field.append(Self.lineFeed)
                    cursor.index += 1
                    line += 1
                    column = 1
                } else {
                    cursor.index += 1
                    column += 1
                    state = .quoteInQuoted
                }
            case .quoteInQuoted:
                if cursor.chunk[cursor.index] == quote {
                    field.append(quote)
                    cursor.index += 1
                    column += 1
                    state = .quoted
                } else {
                    state = .unquoted
                }
            }
        }
    }

    /// Reads the next record as strings (the header); `nil` at the end.
    mutating func nextRecord() throws(TableReadError) -> (fields: [String], line: Int)? {
        var sink = StringRecordSink()
        guard try readRecord(into: &sink) else { return nil }
        return (sink.fields, sink.line)
    }

    /// Throws an `encoding-error` at the first byte of the field that is not UTF-8.
    private func validate(from start: (Int, Int)) throws(TableReadError) {
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

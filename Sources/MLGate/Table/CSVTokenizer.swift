/// Splits delimited text into records, one at a time, following RFC 4180 as Python's
/// `csv` module (and so Frictionless) reads it: quoted fields may hold delimiters, quotes
/// (doubled) and line breaks; CRLF and LF both end a record; a UTF-8 byte order mark is
/// skipped; a final line break does not start an empty record.
///
/// It keeps only the current record in memory. Positions are 1-based lines and columns,
/// columns counted in Unicode scalars.
struct CSVTokenizer<Source: ByteSource> {
    private var source: Source
    private let dialect: CSVDialect
    private let displayPath: String
    private var buffer: [UInt8] = []
    private var index = 0
    private var exhausted = false
    private var startOfFile = true
    /// Position of the next byte.
    private(set) var line = 1
    private(set) var column = 1

    init(source: Source, dialect: CSVDialect, displayPath: String) {
        self.source = source
        self.dialect = dialect
        self.displayPath = displayPath
    }

    private static var lineFeed: UInt8 { UInt8(ascii: "\n") }
    private static var carriageReturn: UInt8 { UInt8(ascii: "\r") }

    /// Makes sure a byte is buffered; false at the end of the input.
    private mutating func fill() throws(TableReadError) -> Bool {
        while index == buffer.count {
            if exhausted { return false }
            guard let chunk = try source.nextChunk() else {
                exhausted = true
                return false
            }
            buffer = chunk
            index = 0
            if startOfFile {
                // A byte order mark may straddle chunks: gather three bytes first.
                while buffer.count < 3 {
                    guard let more = try source.nextChunk() else {
                        exhausted = true
                        break
                    }
                    buffer += more
                }
                startOfFile = false
                if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            }
        }
        return true
    }

    private mutating func peek() throws(TableReadError) -> UInt8? {
        try fill() ? buffer[index] : nil
    }

    private mutating func next() throws(TableReadError) -> UInt8? {
        guard try fill() else { return nil }
        let byte = buffer[index]
        index += 1
        if byte == Self.lineFeed {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
        return byte
    }

    private func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: displayPath, line: line, column: column)
    }

    /// The next record's fields, with the line it starts on; `nil` at the end.
    mutating func nextRecord() throws(TableReadError) -> (fields: [String], line: Int)? {
        guard try peek() != nil else { return nil }
        let recordLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var contentStart = (line, column)
        var inQuotes = false
        var wasQuoted = false
        var quoteStart = (line, column)

        func finish() throws(TableReadError) {
            fields.append(try decode(field, from: contentStart))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }

        while true {
            let byteLine = line, byteColumn = column
            guard let byte = try next() else {
                if inQuotes {
                    throw TableReadError(
                        code: "source-error",
                        message: "quoted field opened here is never closed: expected a closing '\(Character(Unicode.Scalar(dialect.quoteChar)))' before the end of the file",
                        location: location(quoteStart.0, quoteStart.1))
                }
                try finish()
                return (fields, recordLine)
            }
            if inQuotes {
                if byte == dialect.quoteChar {
                    if try peek() == dialect.quoteChar {
                        _ = try next()
                        field.append(byte)
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case dialect.delimiter:
                try finish()
                contentStart = (line, column)
            case Self.lineFeed:
                try finish()
                return (fields, recordLine)
            case Self.carriageReturn:
                if try peek() == Self.lineFeed { _ = try next() }
                try finish()
                return (fields, recordLine)
            case dialect.quoteChar where field.isEmpty && !wasQuoted:
                inQuotes = true
                wasQuoted = true
                quoteStart = (byteLine, byteColumn)
                contentStart = (line, column)
            default:
                field.append(byte)
            }
        }
    }

    /// The field as a string, or an `encoding-error` at the first byte that is not UTF-8.
    private func decode(_ bytes: [UInt8], from start: (Int, Int)) throws(TableReadError) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
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

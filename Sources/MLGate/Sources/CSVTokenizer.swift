/// Splits delimited text into records as Python's `csv` module (and so Frictionless)
/// reads it: quoted fields may hold delimiters, quotes (doubled) and line breaks; CRLF,
/// LF and a lone CR end a record; a blank line is a record with no fields (Python's
/// `[]`); a UTF-8 byte order mark is skipped; a final line break does not start an
/// empty record; characters after a closing quote are kept, as Python keeps them. Unlike
/// Python, a quoted field still open at the end of the input is an error.
///
/// The RFC 4180 dialects (a quote char, doubled quotes, no escape char, spaces kept)
/// take a fast path: whole fields, quoted or not, found 64 bytes at a time from bit
/// masks (``CSVBlock``) and handed over as places in the chunk, and a state machine for
/// the fields those cannot settle, keeping only the current field in memory. The other
/// dialects (and comment skipping) take a slower character-by-character port of
/// CPython's reader (`Modules/_csv.c`, non-strict), which holds the current record.
/// Fields holding non-ASCII bytes are checked to be UTF-8. Positions are 1-based lines
/// and columns, columns counted in Unicode scalars.
struct CSVTokenizer<Source: ByteSource> {
    // The stored state of both paths. Its members are internal rather than private only
    // because the paths are extensions in files of their own (CSVTokenizer+*.swift):
    // nothing outside the tokenizer uses them.
    var cursor: ChunkCursor<Source>
    let delimiter: UInt8
    let quote: UInt8
    let displayPath: String
    /// Whether the dialect needs the character-level reader.
    let general: Bool
    let quoteChar: UInt8?
    let escapeChar: UInt8?
    let doubleQuote: Bool
    let skipInitialSpace: Bool
    let commentPrefix: [UInt8]?
    /// Whether records starting with `commentPrefix` are skipped (not for the header).
    var skipsComments = true
    /// Whether a field that is not UTF-8 is repaired and reported to the sink
    /// (``CSVRecordSink/malformed(_:)``), so that the rest of the file is read on, rather
    /// than ending the read with an `encoding-error`.
    var recoversFromEncodingErrors = false
    /// Records skipped as comments so far, and how many were skipped when the first
    /// record of the last `readRecords` call was handed out (to number rows around them).
    var skippedRecords = 0
    var skippedBeforeLastCall = 0
    /// A CR ended the last record: a following LF belongs to it.
    var afterCarriageReturn = false
    /// Position of the next byte (its line is also how many lines have begun).
    var line = 1
    var column = 1
    /// The field being read.
    var field: [UInt8] = []
    /// The fast path's run of field ends.
    let fastRun = CSVFieldEnds()
    /// Offsets in `field` before which the file has a column that the field does not
    /// (the first quote of a doubled pair, a closing quote followed by more text), so
    /// that an encoding error in the field is located at its column in the file.
    var skippedColumns: [Int] = []

    static var lineFeed: UInt8 { 0x0A }
    static var carriageReturn: UInt8 { 0x0D }

    /// `forceGeneral`: take the character-level path even for an RFC 4180 dialect (tests).
    init(source: Source, dialect: CSVDialect, displayPath: String, atStartOfFile: Bool = true, forceGeneral: Bool = false) {
        cursor = ChunkCursor(source: source, atStartOfFile: atStartOfFile)
        delimiter = dialect.delimiter
        quote = dialect.quoteChar ?? 0
        self.displayPath = displayPath
        // The fast path's masks need ASCII structure bytes (a dialect's are, when valid).
        let ascii = dialect.delimiter < 0x80 && (dialect.quoteChar ?? 0) < 0x80
        general = forceGeneral || !dialect.splitsAsRFC4180 || dialect.commentChar != nil || !ascii
        quoteChar = dialect.quoteChar
        escapeChar = dialect.escapeChar
        doubleQuote = dialect.doubleQuote
        skipInitialSpace = dialect.skipInitialSpace
        commentPrefix = dialect.commentChar.map { Array($0.utf8) }
        field.reserveCapacity(256)
    }

    func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: displayPath, line: line, column: column)
    }

    // The RFC 4180 path's state of the record being read, kept across chunks (see
    // CSVTokenizer+FastPath.swift).
    var state = State.recordStart
    var recordLine = 1
    var contentStart = (1, 1)
    var quoteStart = (1, 1)
    var nonASCII: UInt8 = 0
    /// Bytes of chunks read whole while one record went on (see `checkLimits`).
    var recordBytes = 0

    // The character-level reader's state (see CSVTokenizer+General.swift).
    var generalState = GeneralState.startRecord
    /// The last byte was a CR: whether a LF follows decides where its line ends.
    var pendingCarriageReturn = false
    /// Bytes seen since the last line's end.
    var lineHasBytes = false
    /// The current record's fields back to back (the last one being read), and where
    /// each saved field ends.
    var recordText: [UInt8] = []
    var fieldEnds: [Int] = []
    var fieldStart = (1, 1)
    /// Fields of the current record that were not UTF-8 (repaired), with their errors.
    var damagedFields: [(field: Int, error: TableReadError)] = []
    /// Where each non-ASCII byte of the current record lies in the file, by its offset in
    /// `recordText` (to locate an encoding error exactly).
    var nonASCIIPlaces: [(offset: Int, line: Int, column: Int)] = []

    /// The error for a quoted field that the input ends in, opened at `quoteStart`.
    func unclosedQuoteError() -> TableReadError {
        TableReadError(
            code: "source-error",
            message: "quoted field opened here is never closed: expected a closing '\(Character(Unicode.Scalar(quote)))' before the end of the file",
            location: location(quoteStart.0, quoteStart.1))
    }

    /// Reads the next record into `sink`; false at the end of the input.
    mutating func readRecord(into sink: inout some CSVRecordSink) throws(TableReadError) -> Bool {
        try readRecords(into: &sink, limit: 1) == 1
    }

    /// Reads up to `limit` records into `sink`; returns how many (0 at the end of the
    /// input). Records never straddle calls: a call stops only between records. The RFC
    /// 4180 dialects take the fast path (CSVTokenizer+FastPath.swift), the others the
    /// character-level reader (CSVTokenizer+General.swift).
    mutating func readRecords(into sink: inout some CSVRecordSink, limit: Int) throws(TableReadError) -> Int {
        if general { return try readRecordsGenerally(into: &sink, limit: limit) }
        return try readRecordsFast(into: &sink, limit: limit)
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
}

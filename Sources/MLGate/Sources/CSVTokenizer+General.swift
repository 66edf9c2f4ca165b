// MARK: - The character-level reader

extension CSVTokenizer {
    private static var space: UInt8 { 0x20 }

    /// The character-level reader's state: `ParserState` in CPython's `Modules/_csv.c`.
    enum GeneralState {
        case startRecord, startField, escapedChar, inField, inQuotedField, escapeInQuotedField,
            quoteInQuotedField, eatLineBreak, afterEscapedLineBreak
    }

    /// Reads records as CPython's `csv.reader` does (non-strict), one character at a
    /// time: the input is cut into lines as a text file opened with `newline=''` is (after
    /// LF, CRLF or a lone CR); each character of a line goes through the state machine,
    /// then an end-of-line; a record is complete when a line ends in the start-of-record
    /// state. Records whose first field starts with the comment prefix are skipped; one
    /// skipped after a record was handed out ends the call, so that the records handed
    /// out by one call are consecutive.
    mutating func readRecordsGenerally(into sink: inout some CSVRecordSink, limit: Int)
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
            let recordsBefore = records
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
            try checkLimits(recordContinues: records == recordsBefore && generalState != .startRecord, bytes: index - cursor.index)
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
            throw unclosedQuoteError()
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

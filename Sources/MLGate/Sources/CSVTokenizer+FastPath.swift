// MARK: - The RFC 4180 path

/// How the tokenizer's fast loop ends (`CSVTokenizer.takeWholeFields`).
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

/// The fast path's view of a chunk: the boundary mask (``FieldBoundaryScanner``) of the
/// 64 bytes from `start` (a negative start: none yet).
private struct BoundaryBlock {
    var start = -2 * FieldBoundaryScanner.blockSize
    var bits: UInt64 = 0

    /// Where the field from `fieldStart` ends: the next boundary the masks show (the last
    /// bytes of the chunk, short of a block, one at a time); the chunk's end when none.
    @inline(__always)
    mutating func nextBoundary(
        from fieldStart: Int, in buffer: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>, scanner: FieldBoundaryScanner
    ) -> Int {
        let count = buffer.count
        var end = fieldStart
        while true {
            let offset = end &- start
            if offset >= 0, offset < FieldBoundaryScanner.blockSize {
                let pending = bits & (~0 << UInt64(offset))
                if pending != 0 { return start &+ pending.trailingZeroBitCount }
                end = start &+ FieldBoundaryScanner.blockSize
            }
            start = end
            if end &+ FieldBoundaryScanner.blockSize <= count {
                bits = scanner.mask(base + end)
                continue
            }
            while end < count, !scanner.isBoundary(buffer[end]) { end &+= 1 }
            start = -2 * FieldBoundaryScanner.blockSize
            return end
        }
    }
}

/// The run of field ends the fast loop gathers (in ``CSVFieldEnds``) and hands to the
/// sink at once (``CSVRecordSink/chunkFields(_:from:lines:in:)``), which then appends
/// the run in a loop of its own.
private struct FieldEndRun {
    let ends: UnsafeMutablePointer<CSVFieldEnd>
    var count = 0
    /// Where the run's first field starts.
    var start: Int
    /// The line of the record the run's first field belongs to.
    var line: Int
    /// The line the record after that one starts on (the first may have begun lines
    /// earlier, with a quoted line break; the others are one line each); 0 until known.
    var nextLine = 0

    var isFull: Bool {
        @inline(__always) get { count == CSVFieldEnds.capacity }
    }

    @inline(__always)
    mutating func append(_ end: CSVFieldEnd) {
        ends[count] = end
        count &+= 1
    }

    /// Hands the run to the sink, and begins the next at `start`, in a record that
    /// started on `line`.
    @inline(__always)
    mutating func handOver(
        to sink: inout some CSVRecordSink, in buffer: UnsafeBufferPointer<UInt8>, restartingAt start: Int, line: Int
    ) {
        sink.chunkFields(UnsafeBufferPointer(start: ends, count: count), from: self.start, lines: (self.line, nextLine), in: buffer)
        count = 0
        self.start = start
        self.line = line
        nextLine = 0
    }
}

extension CSVTokenizer {
    /// Where the RFC 4180 path is in the record being read.
    enum State {
        case recordStart, fieldStart, unquoted, quoted, quoteInQuoted
    }

    /// `readRecords` for the RFC 4180 dialects: each chunk goes through `scan`, a state
    /// machine whose unquoted state takes whole fields at once where the boundary masks
    /// of ``FieldBoundaryScanner`` show them.
    mutating func readRecordsFast(into sink: inout some CSVRecordSink, limit: Int) throws(TableReadError) -> Int {
        var records = 0
        while records < limit {
            guard try cursor.fill() else {
                // The end of the input ends the record being read, if any.
                if state == .recordStart { return records }
                if state == .quoted { throw unclosedQuoteError() }
                try emitField(into: &sink)
                sink.endRecord(line: recordLine)
                state = .recordStart
                return records + 1
            }
            let chunk = cursor.chunk
            var index = cursor.index
            let recordsBefore = records, start = index
            sink.beginChunk(chunk)
            try chunk.withUnsafeBufferPointer { (buffer) throws(TableReadError) in
                try scan(buffer, from: &index, into: &sink, records: &records, limit: limit)
            }
            cursor.index = index
            try checkLimits(recordContinues: records == recordsBefore && state != .recordStart, bytes: index - start)
        }
        return records
    }

    /// Refuses a field or a record longer than ``InputLimits`` allow (checked once per
    /// chunk, off the per-byte path): `recordContinues` says that no record ended in the
    /// `bytes` just read, so the record being read spans them all.
    mutating func checkLimits(recordContinues: Bool, bytes: Int) throws(TableReadError) {
        recordBytes = recordContinues ? recordBytes + bytes : 0
        // The general path holds the whole record, its last field after `fieldEnds.last`.
        let fieldLength = general ? recordText.count - (fieldEnds.last ?? 0) : field.count
        if fieldLength > InputLimits.fieldBytes {
            let start = general ? fieldStart : contentStart
            throw TableReadError(
                code: "source-error", message: InputLimits.exceeded("the field starting here", bytes: InputLimits.fieldBytes),
                location: location(start.0, start.1))
        }
        if max(recordBytes, recordText.count) > InputLimits.recordBytes {
            throw TableReadError(
                code: "source-error", message: InputLimits.exceeded("the record starting here", bytes: InputLimits.recordBytes),
                location: location(recordLine, 1))
        }
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
        // The fast path's view of the chunk, kept from one run of whole fields to the next.
        let scanner = FieldBoundaryScanner(delimiter: delimiter)
        var block = BoundaryBlock()
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
                    endRecord(at: byte, into: &sink, records: &records)
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
                    guard takeWholeFields(buffer, scanner: scanner, block: &block, at: &index, into: &sink, records: &records, limit: limit)
                    else { continue stateLoop }
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
                    endRecord(at: byte, into: &sink, records: &records)
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

    /// Ends the record that `lineBreak` (a LF or a CR, just read) ends: the position moves
    /// past it and the sink is told.
    @inline(__always)
    private mutating func endRecord(at lineBreak: UInt8, into sink: inout some CSVRecordSink, records: inout Int) {
        if lineBreak == Self.lineFeed {
            line += 1
            column = 1
        } else {
            column += 1
            afterCarriageReturn = true
        }
        sink.endRecord(line: recordLine)
        records += 1
    }

    /// Takes whole ASCII fields from `index`, handing them to the sink in runs, for as
    /// long as they lie in this chunk (see `scan`, state `.unquoted`). Returns true when
    /// it stops at a field it does not take, at `index`, which the general handling of
    /// `.unquoted` then reads; false when it stops between fields or records, with
    /// `state` set for the state machine to go on from `index`.
    @inline(__always)
    private mutating func takeWholeFields(
        _ buffer: UnsafeBufferPointer<UInt8>, scanner: FieldBoundaryScanner, block: inout BoundaryBlock, at index: inout Int,
        into sink: inout some CSVRecordSink, records: inout Int, limit: Int
    ) -> Bool {
        let count = buffer.count, base = buffer.baseAddress!
        let delimiter = self.delimiter, quote = self.quote
        let lineFeed = Self.lineFeed, carriageReturn = Self.carriageReturn
        // Columns are counted from here afresh (after an empty quoted part).
        if !skippedColumns.isEmpty { skippedColumns.removeAll(keepingCapacity: true) }
        var start = index, startColumn = column
        // The fields found are handed to the sink in runs (``FieldEndRun``).
        var run = FieldEndRun(ends: fastRun.base, start: start, line: recordLine)
        // Where the loop goes once the run is handed over.
        var exit = FastExit.handOver
        fastFields: while true {
            // The field's end: the next boundary the masks show.
            let end = block.nextBoundary(from: start, in: buffer, base: base, scanner: scanner)
            // A field that runs past the chunk or holds a non-ASCII byte is left to the
            // general handling.
            guard end < count else { break fastFields }
            let byte = buffer[end]
            guard byte < 0x80 else { break fastFields }
            let next = end &+ 1
            if byte == delimiter {
                run.append(CSVFieldEnd(fieldEndingAt: end))
                startColumn &+= next &- start
                start = next
                if run.isFull { run.handOver(to: &sink, in: buffer, restartingAt: start, line: recordLine) }
                if next < count, buffer[next] != quote { continue fastFields }
                exit = .fieldStart
                break fastFields
            }
            run.append(CSVFieldEnd(recordEndingAt: end))
            if run.nextLine == 0 { run.nextLine = line &+ 1 }
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
            if run.isFull { run.handOver(to: &sink, in: buffer, restartingAt: start, line: recordLine) }
        }
        if run.count > 0 { run.handOver(to: &sink, in: buffer, restartingAt: start, line: recordLine) }
        switch exit {
        case .handOver: break
        case .fieldStart:
            index = start
            column = startColumn
            state = .fieldStart
            return false
        case .afterCarriageReturn:
            index = start
            afterCarriageReturn = true
            state = .recordStart
            return false
        case .recordStart:
            index = start
            state = .recordStart
            return false
        }
        // Hand over at `start`, a field not yet given to the sink.
        index = start
        column = startColumn
        contentStart = (line, column)
        return true
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
}

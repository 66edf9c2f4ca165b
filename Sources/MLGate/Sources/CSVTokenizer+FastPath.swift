// MARK: - The RFC 4180 path

/// How the tokenizer's fast loop ends (`CSVTokenizer.takeWholeFields`).
private enum FastExit {
    /// At a field it does not take: the general handling goes on from there.
    case handOver
    /// After a delimiter at the chunk's end.
    case fieldStart
    /// After a record that a lone CR ended (or a CR at the chunk's end).
    case afterCarriageReturn
    /// After a record, when the next is not taken fast (or the limit is reached).
    case recordStart
}

/// What a field taken by the fast loop holds besides plain ASCII text, gathered from the
/// ``CSVBlock``s it spans.
private struct FieldMarks {
    /// Whether it holds anything below at all.
    var any = false
    var quotes = 0
    var high = false
    /// Whether a line feed lies inside its quotes.
    var quotedLineFeed = false
    var irregular = false
    /// The continuation bytes of its UTF-8 sequences (its Unicode scalars are its bytes
    /// less these), when every non-ASCII byte so far is a two-byte lead followed by its
    /// continuation (Latin, Greek, Cyrillic text): the masks then settle that the field
    /// is UTF-8. Otherwise (a longer sequence, `C0`/`C1`, a lead without its
    /// continuation, a stray continuation) ``unsettledUTF8`` is set and the field's
    /// bytes are read by ``CSVTokenizer/utf8ScalarCount(_:)``.
    var continuations = 0
    var unsettledUTF8 = false
    /// 1 when the field's bytes in the block before ended with a lead: its continuation
    /// opens this block's part.
    var leadCarry: UInt64 = 0

    /// Whether the field's non-ASCII bytes are settled to be UTF-8 by the masks.
    var isSettledUTF8: Bool {
        @inline(__always) get { !unsettledUTF8 && leadCarry == 0 }
    }

    /// Notes the bytes of `block` that `range` marks (the field's part in that block;
    /// `base` is the chunk's first byte).
    @inline(__always)
    mutating func add(_ block: CSVBlock, _ range: UInt64, base: UnsafePointer<UInt8>) {
        guard block.special & range != 0 || leadCarry != 0 else { return }
        any = true
        quotes &+= (block.quotes & range).nonzeroBitCount
        if block.high & range != 0 || leadCarry != 0 {
            high = high || block.high & range != 0
            // Each lead's continuation is the byte after it, in the field; every
            // continuation follows a lead.
            let leads = block.leads & range, continuations = block.continuations & range
            let expected = (leads &<< 1) | leadCarry
            if block.wide & range != 0 || expected != continuations { unsettledUTF8 = true }
            self.continuations &+= continuations.nonzeroBitCount
            leadCarry = leads &>> 63
        }
        irregular = irregular || block.irregular & range != 0
        // Field ends inside quotes are rare (a comma in free text): each is looked at.
        var quotedEnds = block.quotedEnds & range
        while quotedEnds != 0 {
            if base[block.start &+ quotedEnds.trailingZeroBitCount] == 0x0A { quotedLineFeed = true }
            quotedEnds &= quotedEnds &- 1
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
    /// machine whose field-start state takes whole fields at once where the block masks
    /// of ``CSVBlock`` show them.
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
        let scanner = FieldBoundaryScanner(delimiter: delimiter, quote: quote)
        // The field start where the fast loop last stopped, handing that field to the
        // state machine (which must then read it, not offer it to the loop again).
        var declined = -1
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
                // Whole fields that lie in this chunk, quoted or not, go straight to the
                // sink (``takeWholeFields``); the loop stops at a field it does not take
                // (one that runs past the chunk, holds a quoted line break or text that
                // is not UTF-8, or has a quote elsewhere than around it), which the
                // states below read.
                if index != declined, field.isEmpty, nonASCII == 0 {
                    if takeWholeFields(buffer, scanner: scanner, at: &index, into: &sink, records: &records, limit: limit) {
                        declined = index
                    }
                    continue stateLoop
                }
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
                if field.isEmpty, nonASCII == 0 {
                    // Nothing kept of the field yet (an empty quoted part before this
                    // text, say): its columns are counted from here.
                    contentStart = (line, column)
                    if !skippedColumns.isEmpty { skippedColumns.removeAll(keepingCapacity: true) }
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

    /// Takes whole fields from `index` (a field's start), quoted or not, handing them to
    /// the sink in runs, for as long as they lie in this chunk and their shape is settled
    /// by the block masks (``CSVBlock``): a record that ends here goes on to the next one.
    /// A quoted field's text is the place inside its quotes (marked when it holds doubled
    /// quotes, which the sink reads as one); a field holding non-ASCII bytes is taken
    /// when it is UTF-8. Returns true when it stops at a field it does not take, at
    /// `index` (state `.fieldStart`), which the state machine then reads; false when it
    /// stops between fields or records, with `state` set for the state machine to go on
    /// from `index`.
    @inline(__always)
    private mutating func takeWholeFields(
        _ buffer: UnsafeBufferPointer<UInt8>, scanner: FieldBoundaryScanner, at index: inout Int,
        into sink: inout some CSVRecordSink, records: inout Int, limit: Int
    ) -> Bool {
        let count = buffer.count, base = buffer.baseAddress!
        let delimiter = self.delimiter
        let lineFeed = Self.lineFeed, carriageReturn = Self.carriageReturn
        var start = index
        // The column of the byte at offset p of the current line is p - columnOrigin; the
        // continuation bytes of a field's UTF-8 sequences are added to it once taken.
        var columnOrigin = start &- column
        var block = CSVBlock(at: start, in: buffer, scanner: scanner)
        // The fields found are handed to the sink in runs (``FieldEndRun``).
        var run = FieldEndRun(ends: fastRun.base, start: start, line: recordLine)
        // Where the loop goes once the run is handed over.
        var exit = FastExit.handOver
        fastFields: while true {
            // The plain fields that end in this block, one set bit of its field-end mask
            // each (``takePlainFields``); the field it stops at is read below.
            if takePlainFields(
                block, base: base, count: count, from: &start, run: &run, into: &sink, records: &records, limit: limit,
                columnOrigin: &columnOrigin)
            {
                guard start < count else {
                    exit = .fieldStart
                    break fastFields
                }
                if start &- block.start >= CSVBlock.size { block.advance(in: buffer, scanner: scanner) }
            }
            // The field's end: the next field end outside quotes the masks show, noting
            // on the way what else the field holds.
            var marks = FieldMarks()
            var offset = start &- block.start
            var end: Int
            while true {
                let from: UInt64 = ~0 &<< UInt64(offset)
                let pending = block.ends & from
                if pending != 0 {
                    let bit = pending.trailingZeroBitCount
                    marks.add(block, from & ((1 &<< UInt64(bit)) &- 1), base: base)
                    end = block.start &+ bit
                    break
                }
                marks.add(block, from, base: base)
                // A field that runs past the chunk is left to the state machine.
                guard block.start &+ CSVBlock.size < count else { break fastFields }
                block.advance(in: buffer, scanner: scanner)
                offset = 0
            }
            var quoted = false, doubled = false
            if marks.any {
                guard !marks.irregular else { break fastFields }
                // A quoted line feed starts a line: left to the state machine.
                guard !marks.quotedLineFeed else { break fastFields }
                if marks.high {
                    if marks.isSettledUTF8 {
                        columnOrigin &+= marks.continuations
                    } else {
                        guard let scalars = Self.utf8ScalarCount(UnsafeBufferPointer(start: base + start, count: end &- start))
                        else { break fastFields }
                        columnOrigin &+= end &- start &- scalars
                    }
                }
                // A quote here opens the field and one closes it; more are doubled pairs.
                quoted = marks.quotes != 0
                doubled = marks.quotes > 2
            }
            let byte = base[end]
            var next = end &+ 1
            let endsRecord = byte != delimiter
            let crlf = byte == carriageReturn && next < count && base[next] == lineFeed
            // A field with doubled quotes is marked so: the sink reads each pair as one
            // when it keeps the cell.
            run.append(CSVFieldEnd(endingAt: end, endsRecord: endsRecord, crlf: crlf, quoted: quoted, doubled: doubled))
            if endsRecord, run.nextLine == 0 { run.nextLine = line &+ 1 }
            if !endsRecord {
                start = next
                if run.isFull { run.handOver(to: &sink, in: buffer, restartingAt: start, line: recordLine) }
                guard next < count else {
                    exit = .fieldStart
                    break fastFields
                }
                if next &- block.start >= CSVBlock.size { block.advance(in: buffer, scanner: scanner) }
                continue fastFields
            }
            records &+= 1
            if crlf {
                next &+= 1
            } else if byte == carriageReturn {
                // A lone CR (or one that ends the chunk): the state machine goes on.
                start = next
                exit = .afterCarriageReturn
                break fastFields
            }
            line &+= 1
            columnOrigin = next &- 1
            start = next
            // The next record, when it starts here (a blank line is left to the state machine).
            guard records < limit, next < count else {
                exit = .recordStart
                break fastFields
            }
            let first = base[next]
            guard first != lineFeed, first != carriageReturn else {
                exit = .recordStart
                break fastFields
            }
            recordLine = line
            if run.isFull { run.handOver(to: &sink, in: buffer, restartingAt: start, line: recordLine) }
            while next &- block.start >= CSVBlock.size { block.advance(in: buffer, scanner: scanner) }
        }
        if run.count > 0 { run.handOver(to: &sink, in: buffer, restartingAt: start, line: recordLine) }
        index = start
        column = start &- columnOrigin
        switch exit {
        case .handOver:
            state = .fieldStart
            return true
        case .fieldStart:
            state = .fieldStart
        case .afterCarriageReturn:
            afterCarriageReturn = true
            state = .recordStart
        case .recordStart:
            state = .recordStart
        }
        return false
    }

    /// The plain loop of ``takeWholeFields``: from `start` (a field's start in `block`),
    /// each set bit of the block's field-end mask ends a field, as long as the field holds
    /// nothing the masks mark (no quote, no non-ASCII byte) and ends at a delimiter, or
    /// at a LF or CRLF after which another record starts in the chunk (and `limit` is not
    /// reached). Those fields go to `run` with the records they end (`line`,
    /// `recordLine`, `columnOrigin` follow them); the first field that is not one of them
    /// is left at `start` for the field loop, which reads it afresh. A plain file's fields
    /// take nothing else: one bit, one byte and one entry a field. Returns whether it took
    /// any field (`start` may then be the chunk's end, after a delimiter).
    @inline(__always)
    private mutating func takePlainFields(
        _ block: CSVBlock, base: UnsafePointer<UInt8>, count: Int, from start: inout Int, run: inout FieldEndRun,
        into sink: inout some CSVRecordSink, records: inout Int, limit: Int, columnOrigin: inout Int
    ) -> Bool {
        let delimiter = self.delimiter
        let lineFeed = Self.lineFeed, carriageReturn = Self.carriageReturn
        let special = block.special, blockStart = block.start
        // Bits at and after the current field's start.
        var from: UInt64 = ~0 &<< UInt64(start &- blockStart)
        var bits = block.ends & from
        let first = start
        while bits != 0 {
            let bit = UInt64(bits.trailingZeroBitCount)
            // The field's bytes before its end must hold nothing special.
            guard special & from & ~(~0 &<< bit) == 0 else { break }
            let end = blockStart &+ Int(bit)
            let byte = base[end]
            if byte == delimiter {
                run.append(CSVFieldEnd(fieldEndingAt: end))
                start = end &+ 1
                from = (~0 &<< bit) &<< 1
                bits &= bits &- 1
            } else {
                var next = end &+ 1, crlf = false
                if byte == carriageReturn {
                    guard next < count, base[next] == lineFeed else { break }
                    next &+= 1
                    crlf = true
                }
                // The next record must start here, with a field (a blank line, the
                // chunk's end and the limit are the field loop's).
                guard records &+ 1 < limit, next < count else { break }
                let following = base[next]
                guard following != lineFeed, following != carriageReturn else { break }
                run.append(
                    crlf ? CSVFieldEnd(endingAt: end, endsRecord: true, crlf: true, quoted: false) : CSVFieldEnd(recordEndingAt: end))
                if run.nextLine == 0 { run.nextLine = line &+ 1 }
                records &+= 1
                line &+= 1
                recordLine = line
                columnOrigin = next &- 1
                start = next
                // A CRLF's LF lies at the next bit (or in the next block).
                from = (~0 &<< bit) &<< (crlf ? 2 : 1)
                bits &= from
            }
            if run.isFull { run.handOver(to: &sink, in: UnsafeBufferPointer(start: base, count: count), restartingAt: start, line: recordLine) }
        }
        return start != first
    }

    /// The Unicode scalars in a run of bytes (for column numbers): its length when it is
    /// ASCII, else the bytes that do not continue a multi-byte sequence.
    @inline(__always)
    private static func scalarCount(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, ascii: Bool) -> Int {
        ascii ? range.count : PythonText.scalarCount(UnsafeBufferPointer(rebasing: buffer[range]))
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

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
    /// first starts at `start`, each ends at its entry of `ends` (``CSVFieldEnd``; a
    /// quoted one's text is inside its quotes, ``CSVFieldEnd/text(from:)``, with its
    /// doubled quotes read as one when it ``CSVFieldEnd/isDoubled``) and the next
    /// starts just after (``CSVFieldEnd/nextStart``); an entry that ``CSVFieldEnd/endsRecord`` also ends its
    /// record. The first record ended started on `lines.first`, the others on
    /// consecutive lines from `lines.next`. (`chunk` is that chunk's bytes.)
    mutating func chunkFields(
        _ ends: UnsafeBufferPointer<CSVFieldEnd>, from start: Int, lines: (first: Int, next: Int), in chunk: UnsafeBufferPointer<UInt8>)
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
        _ ends: UnsafeBufferPointer<CSVFieldEnd>, from start: Int, lines: (first: Int, next: Int), in chunk: UnsafeBufferPointer<UInt8>
    ) {
        var start = start, line = lines.first, ended = false
        for entry in ends {
            let text = entry.text(from: start)
            if entry.isDoubled {
                CSVFieldEnd.undoubled(text, in: chunk).withUnsafeBufferPointer { field($0) }
            } else {
                chunkField(UnsafeBufferPointer(rebasing: chunk[text.start..<text.start + text.count]), at: text.start)
            }
            if entry.endsRecord {
                endRecord(line: line)
                line = ended ? line + 1 : lines.next
                ended = true
            }
            start = entry.nextStart
        }
    }

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
        _ ends: UnsafeBufferPointer<CSVFieldEnd>, from start: Int, lines: (first: Int, next: Int), in chunk: UnsafeBufferPointer<UInt8>
    ) {
        batch.appendChunkFields(ends, from: start, lines: lines, in: chunk)
    }

    mutating func endRecord(line: Int) {
        batch.endRow(line: line)
    }

    mutating func malformed(_ error: TableReadError) {
        batch.recordMalformed(error)
    }
}

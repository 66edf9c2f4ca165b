// MARK: - UTF-8 checks

/// Both paths check a field holding non-ASCII bytes to be UTF-8, and locate the first
/// invalid byte in the file.
extension CSVTokenizer {
    /// Whether a field's bytes are UTF-8. When they are not: with
    /// `recoversFromEncodingErrors`, the sink is told and given the field repaired (each
    /// invalid sequence replaced by U+FFFD), and the result is false; otherwise the
    /// `encoding-error` is thrown.
    func isUTF8(
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
    static func firstInvalidOffset(_ field: UnsafeBufferPointer<UInt8>) -> Int? {
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
    func encodingError(_ field: UnsafeBufferPointer<UInt8>, from start: (Int, Int), skippedColumns: [Int] = [])
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

    func encodingError(at location: SourceLocation) -> TableReadError {
        TableReadError(code: "encoding-error", message: "invalid UTF-8 byte sequence: expected UTF-8 text", location: location)
    }
}

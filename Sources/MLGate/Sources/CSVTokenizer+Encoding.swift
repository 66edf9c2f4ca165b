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

    /// The Unicode scalars of `bytes` when they are UTF-8 (as `String(validating:)`
    /// judges it: no overlong forms, surrogates or scalars past U+10FFFF); `nil` when
    /// they are not. The fast path checks fields with it without making a string.
    static func utf8ScalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        var index = 0, scalars = 0
        @inline(__always) func continues(_ offset: Int) -> Bool { offset < count && base[offset] & 0xC0 == 0x80 }
        while index < count {
            // ASCII bytes eight at a time: up to the word's first non-ASCII byte.
            if index &+ 8 <= count {
                let high = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self).littleEndian & 0x8080_8080_8080_8080
                let ascii = high == 0 ? 8 : high.trailingZeroBitCount &>> 3
                index &+= ascii
                scalars &+= ascii
                if ascii == 8 { continue }
            }
            let lead = base[index]
            if lead < 0x80 {
                index &+= 1
            } else if lead < 0xC2 {
                return nil
            } else if lead < 0xE0 {
                guard continues(index &+ 1) else { return nil }
                index &+= 2
            } else if lead < 0xF0 {
                guard continues(index &+ 1), continues(index &+ 2) else { return nil }
                let second = base[index &+ 1]
                if lead == 0xE0, second < 0xA0 { return nil }
                if lead == 0xED, second > 0x9F { return nil }
                index &+= 3
            } else if lead < 0xF5 {
                guard continues(index &+ 1), continues(index &+ 2), continues(index &+ 3) else { return nil }
                let second = base[index &+ 1]
                if lead == 0xF0, second < 0x90 { return nil }
                if lead == 0xF4, second > 0x8F { return nil }
                index &+= 4
            } else {
                return nil
            }
            scalars &+= 1
        }
        return scalars
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

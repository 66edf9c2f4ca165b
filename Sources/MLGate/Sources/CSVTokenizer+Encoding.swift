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
    ///
    /// Eight bytes at a time while they are ASCII and two-byte sequences (Latin, Greek,
    /// Cyrillic text: `Zoë Dvořák`): per word, masks of the lead bytes `110xxxxx` and the
    /// continuation bytes `10xxxxxx`, each lead followed by one continuation and each
    /// continuation preceded by a lead (the word before's last lead carried), no lead
    /// `C0` or `C1`, the scalars the bytes less the continuations. A word with a longer
    /// sequence's lead, or one that breaks a rule, and the last bytes, are left to
    /// ``utf8ScalarCountByScalar(_:)`` from the word's first scalar.
    static func utf8ScalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        let high: UInt64 = 0x8080_8080_8080_8080
        var index = 0, scalars = 0
        // Whether the byte before `index` is a lead whose continuation starts this word.
        var carry: UInt64 = 0
        while index &+ 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self).littleEndian
            let top = word & high
            if top == 0, carry == 0 {
                index &+= 8
                scalars &+= 8
                continue
            }
            let six = (word &<< 1) & high, five = (word &<< 2) & high
            let leads = top & six & ~five, continuations = top & ~six
            // A longer sequence's lead (`111xxxxx`): the exact reading from here.
            guard top & six & five == 0 else { break }
            // `C0` and `C1` (`1100000x`): overlong.
            let overlongFree = ((word & 0x1E1E_1E1E_1E1E_1E1E) &+ 0x7E7E_7E7E_7E7E_7E7E) & high
            guard leads & ~overlongFree == 0, (leads &<< 8) | carry == continuations else { break }
            carry = leads >> 56
            index &+= 8
            scalars &+= 8 &- continuations.nonzeroBitCount
        }
        // The last bytes (fewer than eight), when the loop read every word before them:
        // the eight bytes that end the field, of which only those not read yet count.
        if index &+ 8 > count, index < count, count >= 8 {
            let rest = count &- index
            let word = UnsafeRawPointer(base + (count &- 8)).loadUnaligned(as: UInt64.self).littleEndian
            let fresh = high &<< UInt64(8 &* (8 &- rest))
            let top = word & high
            let six = (word &<< 1) & high, five = (word &<< 2) & high
            let leads = top & six & ~five, continuations = top & ~six
            let overlongFree = ((word & 0x1E1E_1E1E_1E1E_1E1E) &+ 0x7E7E_7E7E_7E7E_7E7E) & high
            // The bytes before the fresh ones were judged with their words (the last
            // one's lead is what `carry` said): only the fresh ones' rules are asked.
            if top & six & five & fresh == 0, leads & ~overlongFree & fresh == 0,
                ((leads &<< 8) & fresh) == continuations & fresh
            {
                // A lead that ends the field has no continuation.
                guard leads >> 56 == 0 else { return nil }
                return scalars &+ rest &- (continuations & fresh).nonzeroBitCount
            }
        }
        // A lead carried over: its continuation opens the rest, which the exact reading
        // then judges whole (it begins one byte back).
        if carry != 0 {
            index &-= 1
            scalars &-= 1
        }
        guard let rest = utf8ScalarCountByScalar(UnsafeBufferPointer(start: base + index, count: count &- index)) else { return nil }
        return scalars &+ rest
    }

    /// ``utf8ScalarCount(_:)`` a scalar at a time (ASCII runs eight bytes at a time).
    static func utf8ScalarCountByScalar(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
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

/// A decoder of Snappy's raw block format (no framing), as Parquet's SNAPPY codec
/// stores pages. Small enough to carry natively rather than link libsnappy.
enum SnappyDecoder {
    /// Decompresses `input` into exactly `expected` bytes.
    static func decompress(_ input: UnsafeBufferPointer<UInt8>, expected: Int) throws(ParquetDecodeError) -> [UInt8] {
        var position = 0
        let declared = try ParquetBits.varint(input, &position)
        guard declared == UInt64(expected) else {
            throw ParquetDecodeError("Snappy data says \(declared) bytes where the page header says \(expected)", at: 0, code: "compression-error")
        }
        var written = 0
        func fail(_ what: String) -> ParquetDecodeError {
            ParquetDecodeError("Snappy data is corrupt: \(what)", at: position, code: "compression-error")
        }
        // `slack` bytes past the end let short literals and copies move 8 or 16 bytes at
        // once; every byte up to `expected` is written before the array is handed out.
        let slack = 16
        var failure: ParquetDecodeError?
        let output = [UInt8](unsafeUninitializedCapacity: expected + slack) { whole, initialized in
            initialized = 0
            do throws(ParquetDecodeError) {
                try decode(input, &position, into: whole, expected: expected, written: &written)
                if written == expected { initialized = expected }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        guard written == expected else { throw fail("\(written) bytes decoded, \(expected) expected") }
        return output
    }

    /// The tags from `position` on, written to `whole` (`expected` bytes and 16 of slack).
    private static func decode(
        _ input: UnsafeBufferPointer<UInt8>, _ position: inout Int, into whole: UnsafeMutableBufferPointer<UInt8>, expected: Int,
        written: inout Int
    ) throws(ParquetDecodeError) {
        func fail(_ what: String) -> ParquetDecodeError {
            ParquetDecodeError("Snappy data is corrupt: \(what)", at: position, code: "compression-error")
        }
        let out = UnsafeMutableBufferPointer(rebasing: whole[0..<expected])
        let base = whole.baseAddress!
        let inputBase = input.baseAddress!
        do {
            while position < input.count {
                let tag = input[position]
                position += 1
                switch tag & 3 {
                case 0:
                    var length = Int(tag >> 2)
                    if length >= 60 {
                        let extra = length - 59
                        guard position + extra <= input.count else { throw fail("a literal's length runs past the end") }
                        length = 0
                        for index in 0..<extra { length |= Int(input[position + index]) << (8 * index) }
                        position += extra
                    }
                    length += 1
                    guard length <= input.count - position, length <= expected - written else { throw fail("a literal runs past the end") }
                    if length <= 16, input.count - position >= 16 {
                        // 16 bytes at once; those past the literal are overwritten later or lie in the slack.
                        let raw = UnsafeRawPointer(inputBase + position)
                        let target = UnsafeMutableRawPointer(base + written)
                        target.storeBytes(of: raw.loadUnaligned(as: UInt64.self), as: UInt64.self)
                        (target + 8).storeBytes(of: (raw + 8).loadUnaligned(as: UInt64.self), as: UInt64.self)
                    } else {
                        (base + written).update(from: inputBase + position, count: length)
                    }
                    position += length
                    written += length
                default:
                    let length: Int, distance: Int
                    switch tag & 3 {
                    case 1:
                        guard position < input.count else { throw fail("a copy runs past the end") }
                        length = 4 + Int((tag >> 2) & 7)
                        distance = Int(tag >> 5) << 8 | Int(input[position])
                        position += 1
                    case 2:
                        guard position + 2 <= input.count else { throw fail("a copy runs past the end") }
                        length = 1 + Int(tag >> 2)
                        distance = Int(input[position]) | Int(input[position + 1]) << 8
                        position += 2
                    default:
                        guard position + 4 <= input.count else { throw fail("a copy runs past the end") }
                        length = 1 + Int(tag >> 2)
                        distance = (0..<4).reduce(0) { $0 | Int(input[position + $1]) << (8 * $1) }
                        position += 4
                    }
                    if distance >= 8, distance <= written, length <= expected - written {
                        // 8 bytes at a time: each reads only bytes already written.
                        var offset = 0
                        while offset < length {
                            let value = UnsafeRawPointer(base + written - distance + offset).loadUnaligned(as: UInt64.self)
                            UnsafeMutableRawPointer(base + written + offset).storeBytes(of: value, as: UInt64.self)
                            offset += 8
                        }
                        written += length
                    } else {
                        guard LZCopy.copy(out, at: &written, distance: distance, length: length) else {
                            throw fail("a copy reaches before the start or past the end")
                        }
                    }
                }
            }
        }
    }
}

/// The back-reference copy that Snappy and LZ4 share: `length` bytes from `distance`
/// bytes back, overlapping allowed (a run), bounds-checked.
enum LZCopy {
    /// Copies and advances `written`; false when the copy reaches before the start or
    /// past the end of `out`.
    @inline(__always)
    static func copy(_ out: UnsafeMutableBufferPointer<UInt8>, at written: inout Int, distance: Int, length: Int) -> Bool {
        guard distance > 0, distance <= written, length <= out.count - written else { return false }
        let base = out.baseAddress!
        if distance >= length {
            (base + written).update(from: base + written - distance, count: length)
        } else {
            for index in 0..<length { base[written + index] = base[written + index - distance] }
        }
        written += length
        return true
    }
}

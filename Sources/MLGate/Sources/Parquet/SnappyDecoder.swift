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
    /// The positions are kept in locals while the tags are read (an `inout` that a
    /// throwing path reads would be stored at every tag) and handed back at the end.
    private static func decode(
        _ input: UnsafeBufferPointer<UInt8>, _ position: inout Int, into whole: UnsafeMutableBufferPointer<UInt8>, expected: Int,
        written: inout Int
    ) throws(ParquetDecodeError) {
        var at = position, filled = written
        defer { (position, written) = (at, filled) }
        func fail(_ what: String) -> ParquetDecodeError {
            ParquetDecodeError("Snappy data is corrupt: \(what)", at: at, code: "compression-error")
        }
        let out = UnsafeMutableBufferPointer(rebasing: whole[0..<expected])
        let base = whole.baseAddress!
        let inputBase = input.baseAddress!
        let end = input.count
        while at < end {
            let tag = input[at]
            at &+= 1
            if tag & 3 == 0 {
                var length = Int(tag >> 2)
                if length >= 60 {
                    let extra = length - 59
                    guard at + extra <= end else { throw fail("a literal's length runs past the end") }
                    length = 0
                    for index in 0..<extra { length |= Int(input[at + index]) << (8 * index) }
                    at += extra
                }
                length += 1
                guard length <= end - at, length <= expected - filled else { throw fail("a literal runs past the end") }
                if length <= 16, end - at >= 16 {
                    // 16 bytes at once; those past the literal are overwritten later or lie in the slack.
                    let raw = UnsafeRawPointer(inputBase + at)
                    let target = UnsafeMutableRawPointer(base + filled)
                    target.storeBytes(of: raw.loadUnaligned(as: UInt64.self), as: UInt64.self)
                    (target + 8).storeBytes(of: (raw + 8).loadUnaligned(as: UInt64.self), as: UInt64.self)
                } else {
                    (base + filled).update(from: inputBase + at, count: length)
                }
                at &+= length
                filled &+= length
                continue
            }
            let length: Int, distance: Int
            switch tag & 3 {
            case 1:
                guard at < end else { throw fail("a copy runs past the end") }
                length = 4 &+ Int((tag >> 2) & 7)
                distance = Int(tag >> 5) << 8 | Int(input[at])
                at &+= 1
            case 2:
                guard at + 2 <= end else { throw fail("a copy runs past the end") }
                length = 1 &+ Int(tag >> 2)
                distance = Int(UnsafeRawPointer(inputBase + at).loadUnaligned(as: UInt16.self).littleEndian)
                at &+= 2
            default:
                guard at + 4 <= end else { throw fail("a copy runs past the end") }
                length = 1 &+ Int(tag >> 2)
                distance = Int(UnsafeRawPointer(inputBase + at).loadUnaligned(as: UInt32.self).littleEndian)
                at &+= 4
            }
            if distance >= 8, distance <= filled, length <= expected - filled {
                // 8 bytes at a time: each reads only bytes already written (a copy of at
                // most 16 bytes, most of them, in two moves).
                let source = UnsafeRawPointer(base + filled - distance), target = UnsafeMutableRawPointer(base + filled)
                target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
                (target + 8).storeBytes(of: (source + 8).loadUnaligned(as: UInt64.self), as: UInt64.self)
                var offset = 16
                while offset < length {
                    (target + offset).storeBytes(of: (source + offset).loadUnaligned(as: UInt64.self), as: UInt64.self)
                    offset &+= 8
                }
                filled &+= length
            } else {
                guard LZCopy.copy(out, at: &filled, distance: distance, length: length) else {
                    throw fail("a copy reaches before the start or past the end")
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

/// Little-endian bit and byte reading over a page's bytes, bounds-checked: the shared
/// ground of the RLE / bit-packed hybrid and the delta encodings.
enum ParquetBits {
    /// The unsigned LEB128 varint at `offset`, advancing it.
    static func varint(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int) throws(ParquetDecodeError) -> UInt64 {
        var result: UInt64 = 0, shift: UInt64 = 0
        let start = offset
        while true {
            guard offset < bytes.count else { throw ParquetDecodeError("a varint runs past the end of the page", at: start) }
            let byte = bytes[offset]
            offset += 1
            guard shift < 64, shift < 63 || byte <= 1 else { throw ParquetDecodeError("a varint is longer than 64 bits", at: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A zigzag-encoded varint.
    static func zigzag(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int) throws(ParquetDecodeError) -> Int64 {
        let raw = try varint(bytes, &offset)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Up to 8 bytes from `offset`, little-endian, zero past the end.
    @inline(__always)
    static func load64(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt64 {
        if offset &+ 8 <= bytes.count {
            return UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self))
        }
        var value: UInt64 = 0
        var index = offset
        while index < bytes.count, index < offset &+ 8 {
            value |= UInt64(bytes[index]) << (8 * UInt64(index - offset))
            index += 1
        }
        return value
    }

    /// Unpacks `count` values of `width` bits (0...64) starting at byte `offset`, LSB
    /// first, calling `body` with each. The caller checks that the bytes are there.
    @inline(__always)
    static func unpack(
        _ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, width: Int, count: Int, _ body: (UInt64) -> Void
    ) {
        guard width > 0 else {
            for _ in 0..<count { body(0) }
            return
        }
        let mask: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
        var bit = offset &* 8
        for _ in 0..<count {
            let byte = bit >> 3, shift = UInt64(bit & 7)
            var value = load64(bytes, byte) >> shift
            if width &+ Int(shift) > 64, byte &+ 8 < bytes.count {
                value |= UInt64(bytes[byte &+ 8]) << (64 &- shift)
            }
            body(value & mask)
            bit &+= width
        }
    }
}

/// The RLE / bit-packed hybrid encoding: definition levels, dictionary indices, booleans.
enum ParquetRLEDecoder {
    /// Decodes `count` values of `width` bits (0...32) from `bytes[offset..<end]`; runs
    /// may hold more values than needed (padding), never fewer.
    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, to end: Int, width: Int, count: Int,
        into values: inout [Int32]
    ) throws(ParquetDecodeError) {
        guard (0...32).contains(width) else { throw ParquetDecodeError("RLE bit width \(width) is not in 0...32", at: offset) }
        let end = min(end, bytes.count)
        let region = UnsafeBufferPointer(rebasing: bytes[0..<end])
        var position = offset
        var produced = 0
        values.reserveCapacity(values.count + count)
        let valueBytes = (width + 7) / 8
        while produced < count {
            let start = position
            let header = try ParquetBits.varint(region, &position)
            if header & 1 == 0 {
                let run = Int(clamping: header >> 1)
                guard position + valueBytes <= end else { throw ParquetDecodeError("an RLE run runs past the end of its data", at: start) }
                var value: UInt32 = 0
                for index in 0..<valueBytes { value |= UInt32(region[position + index]) << (8 * UInt32(index)) }
                position += valueBytes
                guard width == 32 || value >> UInt32(width) == 0 else {
                    throw ParquetDecodeError("an RLE run's value \(value) does not fit in \(width) bits", at: start)
                }
                let taken = min(run, count - produced)
                values.append(contentsOf: repeatElement(Int32(bitPattern: value), count: taken))
                produced += taken
            } else {
                let groups = Int(clamping: header >> 1)
                guard groups <= (end - position) / max(width, 1) || width == 0, groups <= Int.max / 8 else {
                    throw ParquetDecodeError("a bit-packed run runs past the end of its data", at: start)
                }
                let available = groups * 8
                let needed = groups * width
                guard position + needed <= end else { throw ParquetDecodeError("a bit-packed run runs past the end of its data", at: start) }
                let taken = min(available, count - produced)
                unpack(region, at: position, width: width, count: taken, into: &values)
                position += needed
                produced += taken
                if groups == 0 && width == 0 { continue }
            }
            if position >= end, produced < count, header >> 1 == 0 {
                throw ParquetDecodeError("RLE data ends after \(produced) of \(count) values", at: position)
            }
        }
    }

    /// Appends `count` values of `width` bits (1...32) packed LSB first from byte
    /// `offset` (the caller checks that the bytes are there): written in place, each
    /// from one 8-byte load while 8 bytes remain (`width` plus a shift of at most 7
    /// bits fits in 64).
    @inline(__always)
    private static func unpack(
        _ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, width: Int, count: Int, into values: inout [Int32]
    ) {
        let start = values.count
        values.append(contentsOf: repeatElement(0, count: count))
        guard width > 0, count > 0 else { return }
        let mask: UInt64 = (1 << UInt64(width)) - 1
        let base = UnsafeRawPointer(bytes.baseAddress!)
        let lastWhole = bytes.count - 8
        values.withUnsafeMutableBufferPointer { out in
            let target = out.baseAddress! + start
            var bit = offset &* 8
            for index in 0..<count {
                let byte = bit >> 3
                let word = byte <= lastWhole
                    ? UInt64(littleEndian: (base + byte).loadUnaligned(as: UInt64.self)) : ParquetBits.load64(bytes, byte)
                target[index] = Int32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
                bit &+= width
            }
        }
    }
}

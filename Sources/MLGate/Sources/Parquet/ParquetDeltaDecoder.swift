/// The delta encodings: DELTA_BINARY_PACKED (integers), DELTA_LENGTH_BYTE_ARRAY and
/// DELTA_BYTE_ARRAY (byte arrays).
enum ParquetDeltaDecoder {
    /// Decodes DELTA_BINARY_PACKED integers from `bytes[offset...]`, at most `limit` of
    /// them (the values a page can hold). Returns the values and the offset after them.
    static func integers(
        _ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, limit: Int
    ) throws(ParquetDecodeError) -> (values: [Int64], end: Int) {
        var position = offset
        let blockSize = try ParquetBits.varint(bytes, &position)
        let miniblockCount = try ParquetBits.varint(bytes, &position)
        let total = try ParquetBits.varint(bytes, &position)
        var current = try ParquetBits.zigzag(bytes, &position)
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblockCount > 0, blockSize % miniblockCount == 0,
            (blockSize / miniblockCount) % 32 == 0
        else {
            throw ParquetDecodeError("DELTA_BINARY_PACKED header has block size \(blockSize) and \(miniblockCount) miniblocks", at: offset)
        }
        guard total <= UInt64(limit) else {
            throw ParquetDecodeError("DELTA_BINARY_PACKED holds \(total) values, more than the page's \(limit)", at: offset)
        }
        let count = Int(total)
        let perMiniblock = Int(blockSize / miniblockCount)
        var values: [Int64] = []
        values.reserveCapacity(count)
        if count > 0 { values.append(current) }
        var widths = [Int](repeating: 0, count: Int(miniblockCount))
        while values.count < count {
            let blockStart = position
            let minimum = try ParquetBits.zigzag(bytes, &position)
            guard position + widths.count <= bytes.count else {
                throw ParquetDecodeError("DELTA_BINARY_PACKED block runs past the end of the page", at: blockStart)
            }
            let widthsStart = position
            for index in widths.indices { widths[index] = Int(bytes[position + index]) }
            position += widths.count
            for (index, width) in widths.enumerated() where values.count < count {
                // Widths of miniblocks past the last value may be anything: only those read are checked.
                guard width <= 64 else {
                    throw ParquetDecodeError("DELTA_BINARY_PACKED miniblock bit width \(width)", at: widthsStart + index)
                }
                let size = perMiniblock * width / 8
                let taken = min(perMiniblock, count - values.count)
                // The last miniblock may be cut short: only the bytes of the values it holds need be there.
                let needed = (taken * width + 7) / 8
                guard position + needed <= bytes.count else {
                    throw ParquetDecodeError("DELTA_BINARY_PACKED miniblock runs past the end of the page", at: position)
                }
                ParquetBits.unpack(bytes, at: position, width: width, count: taken) { delta in
                    current = current &+ minimum &+ Int64(bitPattern: delta)
                    values.append(current)
                }
                position += min(size, bytes.count - position)
            }
        }
        return (values, position)
    }

    /// Decodes DELTA_LENGTH_BYTE_ARRAY: the lengths, then the bytes back to back.
    static func lengthByteArrays(
        _ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, limit: Int
    ) throws(ParquetDecodeError) -> ParquetValues.ByteArrays {
        let (lengths, start) = try integers(bytes, from: offset, limit: limit)
        var arrays = ParquetValues.ByteArrays()
        arrays.ends.reserveCapacity(lengths.count)
        var position = start
        for length in lengths {
            guard length >= 0, length <= Int64(bytes.count - position) else {
                throw ParquetDecodeError("DELTA_LENGTH_BYTE_ARRAY value of length \(length) runs past the end of the page", at: position)
            }
            position += Int(length)
            arrays.ends.append(position - start)
        }
        arrays.data = Array(bytes[start..<position])
        return arrays
    }

    /// Decodes DELTA_BYTE_ARRAY: prefix lengths, suffix lengths, then the suffixes; each
    /// value is the previous value's prefix followed by its suffix.
    static func byteArrays(
        _ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, limit: Int
    ) throws(ParquetDecodeError) -> ParquetValues.ByteArrays {
        let (prefixes, afterPrefixes) = try integers(bytes, from: offset, limit: limit)
        let suffixes = try lengthByteArrays(bytes, from: afterPrefixes, limit: limit)
        guard suffixes.count == prefixes.count else {
            throw ParquetDecodeError("DELTA_BYTE_ARRAY has \(prefixes.count) prefixes and \(suffixes.count) suffixes", at: offset)
        }
        var arrays = ParquetValues.ByteArrays()
        arrays.ends.reserveCapacity(prefixes.count)
        var previous = 0..<0
        for (index, prefix) in prefixes.enumerated() {
            guard prefix >= 0, prefix <= Int64(previous.count) else {
                throw ParquetDecodeError("DELTA_BYTE_ARRAY prefix of \(prefix) bytes is longer than the previous value", at: offset)
            }
            let start = arrays.data.count
            arrays.data.append(contentsOf: arrays.data[previous.lowerBound..<previous.lowerBound + Int(prefix)])
            arrays.data.append(contentsOf: suffixes.bytes(index))
            arrays.ends.append(arrays.data.count)
            previous = start..<arrays.data.count
        }
        return arrays
    }
}

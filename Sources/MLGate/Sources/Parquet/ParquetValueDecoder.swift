/// Decodes a page's values (not dictionary indices) from their encoding: PLAIN,
/// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY, BYTE_STREAM_SPLIT, and
/// RLE for booleans.
enum ParquetValueDecoder {
    /// The encodings (`Encoding` in parquet.thrift) mlgate reads.
    enum Encoding: Int32 {
        case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5
        case deltaLengthByteArray = 6, deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9
    }

    /// The name of an encoding, for messages.
    static func name(_ raw: Int32) -> String {
        let names = [0: "PLAIN", 2: "PLAIN_DICTIONARY", 3: "RLE", 4: "BIT_PACKED", 5: "DELTA_BINARY_PACKED",
                     6: "DELTA_LENGTH_BYTE_ARRAY", 7: "DELTA_BYTE_ARRAY", 8: "RLE_DICTIONARY", 9: "BYTE_STREAM_SPLIT"]
        return names[Int(raw)] ?? "encoding \(raw)"
    }

    /// Decodes `count` values of `type` encoded with `encoding` from `bytes[offset...]`.
    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, count: Int, encoding raw: Int32,
        type: ParquetPhysicalType, typeLength: Int
    ) throws(ParquetDecodeError) -> ParquetValues {
        switch (Encoding(rawValue: raw), type) {
        case (.plain?, _):
            return try plain(bytes, from: offset, count: count, type: type, typeLength: typeLength)
        case (.rle?, .boolean):
            guard offset + 4 <= bytes.count else { throw ParquetDecodeError("RLE booleans lack their length", at: offset) }
            let length = Int(UInt32(littleEndian: UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt32.self)))
            guard length <= bytes.count - offset - 4 else {
                throw ParquetDecodeError("RLE booleans' length \(length) runs past the end of the page", at: offset)
            }
            var bits: [Int32] = []
            try ParquetRLEDecoder.decode(bytes, from: offset + 4, to: offset + 4 + length, width: 1, count: count, into: &bits)
            return .booleans(bits.map { $0 != 0 })
        case (.deltaBinaryPacked?, .int32):
            let (values, _) = try ParquetDeltaDecoder.integers(bytes, from: offset, limit: count)
            try expect(values.count, count, offset)
            return .int32(values.map { Int32(truncatingIfNeeded: $0) })
        case (.deltaBinaryPacked?, .int64):
            let (values, _) = try ParquetDeltaDecoder.integers(bytes, from: offset, limit: count)
            try expect(values.count, count, offset)
            return .int64(values)
        case (.deltaLengthByteArray?, .byteArray):
            let arrays = try ParquetDeltaDecoder.lengthByteArrays(bytes, from: offset, limit: count)
            try expect(arrays.count, count, offset)
            return .bytes(arrays)
        case (.deltaByteArray?, .byteArray), (.deltaByteArray?, .fixedLenByteArray):
            let arrays = try ParquetDeltaDecoder.byteArrays(bytes, from: offset, limit: count)
            try expect(arrays.count, count, offset)
            return .bytes(arrays)
        case (.byteStreamSplit?, _) where type != .boolean && type != .byteArray && type != .int96:
            return try byteStreamSplit(bytes, from: offset, count: count, type: type, typeLength: typeLength)
        default:
            throw ParquetDecodeError(
                "\(name(raw)) encoding of \(type) values is not read by mlgate", at: offset, code: "source-error")
        }
    }

    private static func expect(_ decoded: Int, _ count: Int, _ offset: Int) throws(ParquetDecodeError) {
        guard decoded == count else {
            throw ParquetDecodeError("the page holds \(decoded) values where its header and levels say \(count)", at: offset)
        }
    }

    /// The width in bytes of a fixed-width type.
    static func width(_ type: ParquetPhysicalType, typeLength: Int) -> Int? {
        switch type {
        case .int32, .float: 4
        case .int64, .double: 8
        case .int96: 12
        case .fixedLenByteArray: typeLength
        case .boolean, .byteArray: nil
        }
    }

    /// PLAIN: fixed-width little-endian values, bit-packed booleans, length-prefixed
    /// byte arrays.
    static func plain(
        _ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, count: Int, type: ParquetPhysicalType, typeLength: Int
    ) throws(ParquetDecodeError) -> ParquetValues {
        let available = max(0, bytes.count - offset)
        let tooShort = ParquetDecodeError("the page is too short for \(count) PLAIN \(type) values", at: offset)
        switch type {
        case .boolean:
            guard count <= available * 8 else { throw tooShort }
            return .booleans((0..<count).map { bytes[offset + $0 >> 3] >> UInt8($0 & 7) & 1 == 1 })
        case .byteArray:
            guard count <= available / 4 else { throw tooShort }
            var arrays = ParquetValues.ByteArrays()
            arrays.ends.reserveCapacity(count)
            arrays.data.reserveCapacity(available - 4 * count)
            var position = offset
            for _ in 0..<count {
                guard position + 4 <= bytes.count else { throw tooShort }
                let length = Int(UInt32(littleEndian: UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: UInt32.self)))
                guard length <= bytes.count - position - 4 else {
                    throw ParquetDecodeError("a PLAIN byte array of \(length) bytes runs past the end of the page", at: position)
                }
                arrays.data.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position + 4..<position + 4 + length]))
                arrays.ends.append(arrays.data.count)
                position += 4 + length
            }
            return .bytes(arrays)
        default:
            let width = width(type, typeLength: typeLength) ?? 0
            guard width > 0 || type != .fixedLenByteArray else {
                throw ParquetDecodeError("FIXED_LEN_BYTE_ARRAY of length \(typeLength)", at: offset)
            }
            guard count <= available / max(width, 1) else { throw tooShort }
            let raw = UnsafeRawPointer(bytes.baseAddress.map { $0 + offset } ?? UnsafePointer(bitPattern: 1)!)
            switch type {
            case .int32: return .int32((0..<count).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) })
            case .int64: return .int64((0..<count).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) })
            case .float:
                return .float((0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) })
            case .double:
                return .double((0..<count).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) })
            case .int96: return .int96(Array(bytes[offset..<offset + 12 * count]))
            default:
                var arrays = ParquetValues.ByteArrays()
                arrays.data = Array(bytes[offset..<offset + width * count])
                arrays.ends = (0..<count).map { ($0 + 1) * width }
                return .bytes(arrays)
            }
        }
    }

    /// BYTE_STREAM_SPLIT: the k-th bytes of all values, stream after stream.
    static func byteStreamSplit(
        _ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, count: Int, type: ParquetPhysicalType, typeLength: Int
    ) throws(ParquetDecodeError) -> ParquetValues {
        guard let width = width(type, typeLength: typeLength), width > 0, count <= max(0, bytes.count - offset) / width else {
            throw ParquetDecodeError("the page is too short for \(count) BYTE_STREAM_SPLIT values", at: offset)
        }
        var joined = [UInt8](repeating: 0, count: width * count)
        for stream in 0..<width {
            let base = offset + stream * count
            for index in 0..<count { joined[index * width + stream] = bytes[base + index] }
        }
        return try joined.withUnsafeBufferPointer { (buffer) throws(ParquetDecodeError) -> ParquetValues in
            try plain(buffer, from: 0, count: count, type: type, typeLength: typeLength)
        }
    }
}

import CZstd

/// The compression of a record batch's buffers (`BodyCompression` in Message.fbs): each
/// buffer is compressed on its own and starts with its uncompressed length (a 64-bit
/// little-endian integer; -1: the bytes that follow are not compressed).
enum ArrowBodyCompression: Int8, Sendable {
    case lz4Frame = 0
    case zstd = 1

    /// The largest uncompressed buffer accepted (a corrupt length must not allocate without bound).
    static let maximumBufferBytes = 1 << 32

    /// The uncompressed bytes of a buffer whose stored bytes are `stored`, which start at
    /// `offset` in the stream.
    func decompress(_ stored: ArraySlice<UInt8>, at offset: Int) throws(ArrowDecodeError) -> [UInt8] {
        guard stored.count >= 8 else {
            throw ArrowDecodeError("a compressed buffer of \(stored.count) bytes has no length prefix", at: offset)
        }
        var length: Int64 = 0
        for index in 0..<8 { length |= Int64(stored[stored.startIndex + index]) << (8 * Int64(index)) }
        let body = stored.dropFirst(8)
        if length == -1 { return Array(body) }
        guard length >= 0, length <= Self.maximumBufferBytes else {
            throw ArrowDecodeError("a compressed buffer claims \(length) uncompressed bytes", at: offset)
        }
        switch self {
        case .zstd: return try Self.zstd(body, expected: Int(length), at: offset + 8)
        case .lz4Frame: return try LZ4FrameDecoder.decompress(body, expected: Int(length), at: offset + 8)
        }
    }

    private static func zstd(_ input: ArraySlice<UInt8>, expected: Int, at offset: Int) throws(ArrowDecodeError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expected)
        let result = output.withUnsafeMutableBytes { out in
            input.withUnsafeBytes { source in
                ZSTD_decompress(out.baseAddress, out.count, source.baseAddress, source.count)
            }
        }
        if ZSTD_isError(result) != 0 {
            throw ArrowDecodeError("a ZSTD buffer does not decompress: \(String(cString: ZSTD_getErrorName(result)))", at: offset)
        }
        guard result == expected else {
            throw ArrowDecodeError("a ZSTD buffer decompresses to \(result) bytes; its prefix says \(expected)", at: offset)
        }
        return output
    }
}

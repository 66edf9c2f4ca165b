import CZstd

/// The compression of a record batch's buffers (`BodyCompression` in Message.fbs): each
/// buffer is compressed on its own and starts with its uncompressed length (a 64-bit
/// little-endian integer; -1: the bytes that follow are not compressed).
enum ArrowBodyCompression: Int8, Sendable {
    case lz4Frame = 0
    case zstd = 1

    /// The largest uncompressed buffer accepted (a corrupt length must not allocate without bound).
    static let maximumBufferBytes = 1 << 31

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
        // A length no compressed bytes of this size could decode to is refused before
        // anything is allocated: LZ4 expands at most ~255 times, a ZSTD frame states its size.
        guard length >= 0, length <= Self.maximumBufferBytes, self == .zstd || length <= 255 * Int64(body.count) + 64 else {
            throw ArrowDecodeError("a compressed buffer of \(body.count) bytes claims \(length) uncompressed bytes", at: offset)
        }
        switch self {
        case .zstd: return try Self.zstd(body, expected: Int(length), at: offset + 8)
        case .lz4Frame: return try LZ4FrameDecoder.decompress(body, expected: Int(length), at: offset + 8)
        }
    }

    private static func zstd(_ input: ArraySlice<UInt8>, expected: Int, at offset: Int) throws(ArrowDecodeError) -> [UInt8] {
        let stated = input.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        // Whatever the frame states, no frame decodes to more than this (a 3-byte block
        // header per 128 KiB block): a larger claim is refused before allocating.
        guard UInt64(expected) <= UInt64(input.count) * 43_691 + 64 else {
            throw ArrowDecodeError("a ZSTD buffer of \(input.count) bytes cannot decode to the \(expected) its prefix says", at: offset)
        }
        // ZSTD_CONTENTSIZE_UNKNOWN (-1) and _ERROR (-2, which ZSTD_decompress explains below) aside.
        if stated < UInt64.max - 1, stated != UInt64(expected) {
            throw ArrowDecodeError("a ZSTD buffer's frame says \(stated) bytes; its prefix says \(expected)", at: offset)
        }
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

import CBrotli
import CZlib
import CZstd

/// Parquet's compression codecs (`CompressionCodec`): how a page's bytes are
/// decompressed.
///
/// - UNCOMPRESSED, SNAPPY (``SnappyDecoder``) and LZ4_RAW (``LZ4RawDecoder``) natively;
/// - GZIP through zlib (the CZlib module the gzip inputs use);
/// - ZSTD through the system's libzstd (the CZstd module), BROTLI through the system's
///   libbrotli (the CBrotli module).
///
/// LZO and the Hadoop-framed LZ4 are reported as codecs mlgate does not read.
enum ParquetCodec: Int32, Sendable {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7

    /// The codec's name as parquet.thrift spells it.
    var name: String {
        switch self {
        case .uncompressed: "UNCOMPRESSED"
        case .snappy: "SNAPPY"
        case .gzip: "GZIP"
        case .lzo: "LZO"
        case .brotli: "BROTLI"
        case .lz4: "LZ4"
        case .zstd: "ZSTD"
        case .lz4Raw: "LZ4_RAW"
        }
    }

    /// Whether mlgate reads pages compressed so.
    var isSupported: Bool {
        switch self {
        case .uncompressed, .snappy, .gzip, .zstd, .lz4Raw, .brotli: true
        case .lzo, .lz4: false
        }
    }

    /// Decompresses `input` (a page's compressed bytes) into exactly `expected` bytes.
    func decompress(_ input: [UInt8], expected: Int) throws(ParquetDecodeError) -> [UInt8] {
        switch self {
        case .uncompressed:
            guard input.count == expected else {
                throw ParquetDecodeError("an uncompressed page of \(input.count) bytes says it has \(expected)", at: 0)
            }
            return input
        case .snappy:
            return try input.withUnsafeBufferPointer { (buffer) throws(ParquetDecodeError) in
                try SnappyDecoder.decompress(buffer, expected: expected)
            }
        case .lz4Raw:
            return try input.withUnsafeBufferPointer { (buffer) throws(ParquetDecodeError) in
                try LZ4RawDecoder.decompress(buffer, expected: expected)
            }
        case .gzip: return try Self.inflate(input, expected: expected)
        case .zstd: return try Self.zstd(input, expected: expected)
        case .brotli: return try Self.brotli(input, expected: expected)
        case .lzo, .lz4:
            throw ParquetDecodeError("the \(name) codec is not read by mlgate", at: 0, code: "source-error")
        }
    }

    private static func zstd(_ input: [UInt8], expected: Int) throws(ParquetDecodeError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expected)
        let result = output.withUnsafeMutableBytes { out in
            input.withUnsafeBytes { source in
                ZSTD_decompress(out.baseAddress, out.count, source.baseAddress, source.count)
            }
        }
        if ZSTD_isError(result) != 0 {
            let reason = String(cString: ZSTD_getErrorName(result))
            throw ParquetDecodeError("ZSTD data is corrupt: \(reason)", at: 0, code: "compression-error")
        }
        guard result == expected else {
            throw ParquetDecodeError("ZSTD data gives \(result) bytes, \(expected) expected", at: 0, code: "compression-error")
        }
        return output
    }

    private static func brotli(_ input: [UInt8], expected: Int) throws(ParquetDecodeError) -> [UInt8] {
        // One spare byte of room tells data longer than expected from data of the exact size.
        var output = [UInt8](repeating: 0, count: expected + 1)
        var produced = output.count
        let result = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { source in
                BrotliDecoderDecompress(source.count, source.baseAddress, &produced, out.baseAddress)
            }
        }
        guard result == BROTLI_DECODER_RESULT_SUCCESS, produced == expected else {
            let reason = result == BROTLI_DECODER_RESULT_SUCCESS ? "\(produced) bytes" : "decoder result \(result.rawValue)"
            throw ParquetDecodeError(
                "BROTLI data is corrupt or not \(expected) bytes long (\(reason))", at: 0, code: "compression-error")
        }
        output.removeLast()
        return output
    }

    private static func inflate(_ input: [UInt8], expected: Int) throws(ParquetDecodeError) -> [UInt8] {
        // One spare byte of room tells data longer than expected from data of the exact size.
        var output = [UInt8](repeating: 0, count: expected + 1)
        var stream = z_stream()
        guard mlgate_inflate_init2(&stream, 15 + 32) == Z_OK else {
            throw ParquetDecodeError("zlib could not start", at: 0, code: "compression-error")
        }
        defer { inflateEnd(&stream) }
        var input = input
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                while true {
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    // Another gzip member may follow the first.
                    if status == Z_STREAM_END, stream.avail_in > 0, stream.avail_out > 0, inflateReset(&stream) == Z_OK { continue }
                    return
                }
            }
        }
        let produced = output.count - Int(stream.avail_out)
        guard status == Z_STREAM_END, produced == expected else {
            throw ParquetDecodeError(
                "GZIP data is corrupt or not \(expected) bytes long (zlib status \(status), \(produced) bytes)", at: 0,
                code: "compression-error")
        }
        output.removeLast()
        return output
    }
}

import Foundation
import Testing

@testable import MLGate

/// Damaged and unsupported Parquet files: each is a ``TableReadError`` naming the file,
/// the byte offset and, where known, the row group and the column; never a crash or a
/// hang.
@Suite("Parquet bad input")
struct ParquetErrorTests {
    /// Writes `bytes` to a temporary file and reads all of it.
    static func read(_ bytes: [UInt8], name: String = "bad.parquet", kept: Set<Int>? = nil) throws(TableReadError) -> Int {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlgate-parquet-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(name)
        try? Data(bytes).write(to: url)
        var reader = try ParquetReader(url: url, displayPath: name, batchSize: 16)
        reader.keptColumns = kept
        var rows = 0
        while let batch = try reader.nextBatch() { rows += batch.rowCount }
        return rows
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Fixtures.url("parquet/\(name).parquet")))
    }

    static func error(_ bytes: [UInt8], kept: Set<Int>? = nil) -> TableReadError? {
        do {
            _ = try read(bytes, kept: kept)
            return nil
        } catch {
            return error
        }
    }

    @Test("a truncated file, a wrong magic, a footer length past the file")
    func structure() throws {
        let good = try Self.fixture("codec_snappy")
        let truncated = try #require(Self.error(Array(good[..<(good.count / 2)])))
        #expect(truncated.message.contains("does not end with Parquet's magic bytes"))
        #expect(truncated.location.file == "bad.parquet")
        #expect(truncated.description.contains("at byte \(good.count / 2 - 4)"))
        #expect(Self.error(Array(good[..<7]))?.message.contains("too short") == true)
        var magic = good
        magic[0] = UInt8(ascii: "X")
        #expect(Self.error(magic)?.message.contains("does not start with Parquet's magic bytes") == true)
        var length = good
        length[good.count - 5] = 0x7F
        #expect(Self.error(length)?.message.contains("footer's length") == true)
    }

    @Test("a Thrift field of the wrong type names the field and its byte")
    func thriftType() throws {
        var bytes = try Self.fixture("codec_snappy")
        let footerLength = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8 | Int(bytes[bytes.count - 6]) << 16
        let start = bytes.count - 8 - footerLength
        // FileMetaData's first field: version (field 1, i32: 0x15). Make it a binary.
        #expect(bytes[start] == 0x15)
        bytes[start] = 0x18
        let error = try #require(Self.error(bytes))
        #expect(error.message.contains("('version') has type binary, expected i32"))
        #expect(error.message.contains("at byte \(start)"))
        #expect(error.code == "format-error")
    }

    @Test("a codec mlgate does not read names the codec, the row group and the column")
    func codec() throws {
        // codec_brotli's first column chunk ('bool') declared LZO: ColumnMetaData's
        // path_in_schema ends with the name, then field 4 (codec, i32: 0x15) BROTLI (4,
        // zigzag 0x08), made LZO (3, zigzag 0x06).
        var bytes = try Self.fixture("codec_brotli")
        let marker: [UInt8] = Array("bool".utf8) + [0x15, 0x08]
        let at = try #require((0...(bytes.count - marker.count)).last { Array(bytes[$0..<($0 + marker.count)]) == marker })
        bytes[at + marker.count - 1] = 0x06
        let error = try #require(Self.error(bytes))
        #expect(error.message.contains("LZO codec is not read by mlgate"))
        #expect(error.message.contains("row group 0, column 'bool'"))
        #expect(error.code == "source-error")
    }

    @Test("a DECIMAL whose precision or scale Parquet does not allow is an error naming the column, only when read")
    func badDecimal() throws {
        // The fuzzer's input (Fuzz/corpus/parquet/slow-decimal-scale.parquet): a damaged
        // footer gave 'dec36' precision 0 and a huge scale, whose zeros every cell wrote.
        let bytes = try Self.fixture("bad_decimal")
        let error = try #require(Self.error(bytes))
        #expect(error.message.contains("column 'dec36' is a DECIMAL of precision 0: expected 1 to 18 digits for its type"))
        #expect(error.code == "source-error")
        // Its other columns read.
        #expect(Self.error(bytes, kept: [0]) == nil)
        func problem(_ type: ParquetPhysicalType, length: Int = 0, scale: Int, precision: Int) -> String? {
            var element = ParquetSchemaElement()
            element.type = type
            element.typeLength = length
            return ParquetSchema.decimalProblem(element, scale: scale, precision: precision)
        }
        #expect(problem(.int32, scale: 2, precision: 9) == nil)
        #expect(problem(.int32, scale: 2, precision: 10) == "is a DECIMAL of precision 10: expected 1 to 9 digits for its type")
        #expect(problem(.int64, scale: 19, precision: 18) == "is a DECIMAL of scale 19: expected 0 to its precision 18")
        #expect(problem(.int64, scale: -1, precision: 18) != nil)
        #expect(problem(.fixedLenByteArray, length: 16, scale: 0, precision: 38) == nil)
        #expect(problem(.fixedLenByteArray, length: 16, scale: 0, precision: 39) != nil)
        #expect(problem(.fixedLenByteArray, length: 32, scale: 76, precision: 76) == nil)
        #expect(problem(.byteArray, scale: 10, precision: 77) != nil)
    }

    @Test("a corrupt BROTLI page is a compression error")
    func corruptBrotli() throws {
        #expect(throws: ParquetDecodeError.self) {
            try ParquetCodec.brotli.decompress([0x1B, 0xFF, 0xFF, 0xFF, 0x00], expected: 100)
        }
        // Right data ("ab"), wrong size: one byte fewer than the page says.
        let error = #expect(throws: ParquetDecodeError.self) {
            try ParquetCodec.brotli.decompress([139, 0, 128, 97, 98, 3], expected: 1)
        }
        #expect(error?.code == "compression-error")
        #expect(try ParquetCodec.brotli.decompress([139, 0, 128, 97, 98, 3], expected: 2) == Array("ab".utf8))
    }

    @Test("a dictionary index out of range")
    func dictionaryIndex() throws {
        var bytes = try Self.fixture("dict_plain")
        let footerLength = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8
        let metadata = try ParquetFileMetadata(decoding: Array(bytes[(bytes.count - 8 - footerLength)..<(bytes.count - 8)]))
        let chunk = metadata.rowGroups[0].columns[0]
        let pageOffset = Int(chunk.dataPageOffset)
        let header = try ParquetPageHeader(decoding: Array(bytes[pageOffset...]))
        #expect(header.encoding == 8 || header.encoding == 2)
        // The indices: bit width 2, then one RLE run of every row with value 3 (the dictionary has 3 values).
        let body = pageOffset + header.headerSize
        bytes[body] = 2
        bytes[body + 1] = UInt8(header.valueCount << 1)
        bytes[body + 2] = 3
        let error = try #require(Self.error(bytes))
        #expect(error.message.contains("dictionary index 3 is out of range"))
        #expect(error.message.contains("row group 0, column 'letter'"))
    }

    @Test("a corrupt or mis-sized page")
    func page() throws {
        let good = try Self.fixture("dict_plain")
        let footerLength = Int(good[good.count - 8]) | Int(good[good.count - 7]) << 8
        let metadata = try ParquetFileMetadata(decoding: Array(good[(good.count - 8 - footerLength)..<(good.count - 8)]))
        let pageOffset = Int(metadata.rowGroups[0].columns[0].dataPageOffset)
        // The page header's compressed size (field 3) made larger: past the chunk.
        var sized = good
        // Field 1 type (0x15 v), field 2 (0x15 v), field 3 (0x15 v): find field 3's varint.
        var offset = pageOffset
        var fields = 0
        while fields < 3 {
            offset += 1
            while sized[offset] & 0x80 != 0 { offset += 1 }
            offset += 1
            fields += 1
        }
        // Replace the last varint byte of field 3 with a larger value of the same length.
        sized[offset - 1] = 0x7E
        let error = try #require(Self.error(sized))
        #expect(error.message.contains("column 'letter'"))
        // A snappy page with its bytes scrambled.
        var scrambled = try Self.fixture("codec_snappy")
        for index in stride(from: 40, to: 400, by: 3) { scrambled[index] ^= 0x5A }
        #expect(Self.error(scrambled) != nil)
    }

    /// Deterministic mutations of small files: every read ends, with rows or a
    /// TableReadError (a crash fails the whole test run).
    @Test("mutated files never crash or hang", arguments: ["codec_snappy", "codec_zstd", "codec_gzip", "codec_lz4", "encodings_v2", "dict_plain", "pandas"])
    func mutations(_ name: String) throws {
        let good = try Self.fixture(name)
        var generator = SplitMix64(seed: UInt64(good.count))
        var failures = 0
        for round in 0..<150 {
            var bytes = good
            let flips = 1 + round % 4
            for _ in 0..<flips {
                let index = Int(generator.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            if Self.error(bytes) != nil { failures += 1 }
        }
        for cut in stride(from: 0, to: good.count, by: max(1, good.count / 40)) where Self.error(Array(good[..<cut])) == nil {
            Issue.record("a file cut at byte \(cut) read without error")
        }
        #expect(failures > 0)
    }

    @Test("the decoders reject bad bytes")
    func decoders() throws {
        // A varint longer than 64 bits.
        let long = [UInt8](repeating: 0xFF, count: 11) + [0]
        #expect(throws: ParquetDecodeError.self) { _ = try ParquetPageHeader(decoding: long) }
        // A list that claims more elements than bytes.
        #expect(throws: ParquetDecodeError.self) { _ = try ParquetFileMetadata(decoding: [0x19, 0xFC, 0x7F, 0x00]) }
        // Deep nesting of structs.
        #expect(throws: ParquetDecodeError.self) {
            _ = try ParquetFileMetadata(decoding: [UInt8](repeating: 0x1C, count: 200))
        }
        // An RLE run past its data; a bit-packed run past its data.
        var values: [Int32] = []
        try [UInt8]([0x08]).withUnsafeBufferPointer { bytes in
            #expect(throws: ParquetDecodeError.self) {
                try ParquetRLEDecoder.decode(bytes, from: 0, to: 1, width: 3, count: 4, into: &values)
            }
        }
        try [UInt8]([0x03, 0x01]).withUnsafeBufferPointer { bytes in
            #expect(throws: ParquetDecodeError.self) {
                try ParquetRLEDecoder.decode(bytes, from: 0, to: 2, width: 3, count: 8, into: &values)
            }
        }
        // Snappy: a copy reaching before the start; LZ4: a match before the start.
        try [UInt8]([0x04, 0x01, 0x05, 0x00]).withUnsafeBufferPointer { bytes in
            #expect(throws: ParquetDecodeError.self) { _ = try SnappyDecoder.decompress(bytes, expected: 4) }
        }
        try [UInt8]([0x10, 0x41, 0x05, 0x00]).withUnsafeBufferPointer { bytes in
            #expect(throws: ParquetDecodeError.self) { _ = try LZ4RawDecoder.decompress(bytes, expected: 8) }
        }
        #expect(throws: ParquetDecodeError.self) { _ = try ParquetCodec.gzip.decompress([1, 2, 3, 4], expected: 10) }
        #expect(throws: ParquetDecodeError.self) { _ = try ParquetCodec.zstd.decompress([1, 2, 3, 4], expected: 10) }
    }
}

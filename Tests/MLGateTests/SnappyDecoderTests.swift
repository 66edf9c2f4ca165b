import Foundation
import Testing

@testable import MLGate

/// The Snappy decoder against libsnappy's own output (pyarrow's, written by
/// `Fixtures/snappy/make_fixture.py`): every case decompresses to its raw bytes.
@Suite("Snappy")
struct SnappyDecoderTests {
    /// The fixture's cases: raw bytes and their compression.
    static func cases() throws -> [(raw: [UInt8], packed: [UInt8])] {
        let bytes = [UInt8](try Data(contentsOf: Fixtures.url("snappy/cases.bin")))
        var cases: [(raw: [UInt8], packed: [UInt8])] = []
        var at = 0
        func uint32() -> Int { defer { at += 4 }; return (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        while at < bytes.count {
            let rawCount = uint32(), packedCount = uint32()
            let raw = Array(bytes[at..<at + rawCount])
            let packed = Array(bytes[at + rawCount..<at + rawCount + packedCount])
            at += rawCount + packedCount
            cases.append((raw, packed))
        }
        return cases
    }

    @Test("libsnappy's blocks decompress to their bytes: literals, copies of every period, blocks past 64 KB")
    func decompressesLibsnappy() throws {
        let cases = try Self.cases()
        #expect(cases.count == 39)
        for (index, (raw, packed)) in cases.enumerated() {
            let decoded = try packed.withUnsafeBufferPointer { try SnappyDecoder.decompress($0, expected: raw.count) }
            #expect(decoded == raw, "case \(index) (\(raw.count) bytes)")
        }
    }

    @Test("a truncated block is an error, never a crash")
    func truncated() throws {
        for (raw, packed) in try Self.cases() where packed.count > 2 {
            for cut in [1, packed.count / 2, packed.count - 1] {
                let short = Array(packed[..<cut])
                #expect(throws: ParquetDecodeError.self) {
                    _ = try short.withUnsafeBufferPointer { try SnappyDecoder.decompress($0, expected: raw.count) }
                }
            }
        }
    }
}

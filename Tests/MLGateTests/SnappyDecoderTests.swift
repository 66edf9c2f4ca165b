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

    @Test("seeded random blocks of every tag, period and length decompress as a byte-at-a-time copy does", arguments: 0..<8)
    func randomBlocks(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var packed: [UInt8] = [], raw: [UInt8] = []
        func literal(_ count: Int) {
            if count <= 60 {
                packed.append(UInt8(count - 1) << 2)
            } else {
                packed += [61 << 2, UInt8((count - 1) & 0xff), UInt8((count - 1) >> 8)]
            }
            for _ in 0..<count {
                let byte = UInt8(truncatingIfNeeded: random.next())
                packed.append(byte)
                raw.append(byte)
            }
        }
        literal(40)
        while raw.count < 200_000 {
            if random.next() % 5 == 0 {
                literal(1 + Int(random.next() % 80))
                continue
            }
            // Periods 1 to 40 most of the time, now and then far back.
            let distance = random.next() % 4 == 0 ? 1 + Int(random.next() % UInt64(min(raw.count, 65_535))) : 1 + Int(random.next() % UInt64(min(raw.count, 40)))
            var length: Int
            if distance < 2048, random.next() % 2 == 0 {
                length = 4 + Int(random.next() % 8)
                packed.append(UInt8(distance >> 8) << 5 | UInt8(length - 4) << 2 | 1)
                packed.append(UInt8(distance & 0xff))
            } else {
                length = 1 + Int(random.next() % 64)
                packed += [UInt8(length - 1) << 2 | 2, UInt8(distance & 0xff), UInt8(distance >> 8)]
            }
            // The reference: one byte at a time, each from `distance` back.
            for _ in 0..<length { raw.append(raw[raw.count - distance]) }
        }
        var header: [UInt8] = []
        var count = raw.count
        while count >= 0x80 {
            header.append(UInt8(count & 0x7f) | 0x80)
            count >>= 7
        }
        header.append(UInt8(count))
        let block = header + packed
        let decoded = try block.withUnsafeBufferPointer { try SnappyDecoder.decompress($0, expected: raw.count) }
        #expect(decoded.count == raw.count)
        let differs = decoded.indices.first { decoded[$0] != raw[$0] }
        #expect(differs == nil, "seed \(seed): first differing byte \(differs ?? -1)")
    }
}

import Foundation
import Testing

@testable import MLGate

/// The tokenizer's fast path (whole unquoted fields handed over in a tight loop, records
/// followed from one to the next) against its character-level path, on seeded random
/// texts made of the bytes that change a tokenizer's state: they must read the same
/// records, starting on the same lines, however the input is cut into chunks and
/// however many records a call may read, and fail at the same place. With bytes that
/// are not UTF-8 among them, both recover alike: the same repaired fields, and every
/// encoding error at the same line and column.
@Suite("CSV fast path")
struct CSVFastPathTests {
    static let pieces: [String] = ["a", "bc", "12.5", ",", ",", ",", "\n", "\n", "\r\n", "\r", "\"", "\"q\"", "\"\"", "é", " "]

    /// `invalid`: some pieces are a byte that is not UTF-8 (0xFF) or a cut sequence.
    static func text(seed: UInt64, invalid: Bool = false, pieces maximum: Int = 60) -> [UInt8] {
        var random = SplitMix64(seed: seed)  // the bootstrap's generator, so a failure names its seed
        let length = Int.random(in: 1...maximum, using: &random)
        let choices = pieces.map { Array($0.utf8) } + (invalid ? [[0xFF], [0xC3], [0xE2, 0x82], [0xC1, 0xBF], [0x80], [0xC3, 0xA9, 0xA9]] : [])
        return (0..<length).flatMap { _ in choices.randomElement(using: &random)! }
    }

    static func read(_ bytes: [UInt8], chunk: Int?, limit: Int, general: Bool, recovering: Bool = false) -> String {
        do {
            let sink = try CSVDialectTests.records(
                bytes, dialect: .csv, chunk: chunk, forceGeneral: general, limit: limit, recovering: recovering)
            return "\(sink.records) \(sink.lines) \(sink.malformed)"
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [nil, 1, 5], [false, true])
    func recoversFromBytesThatAreNotUTF8AsTheCharacterLevelPathDoes(chunk: Int?, recovering: Bool) {
        for seed in UInt64(0)..<400 {
            let bytes = Self.text(seed: seed, invalid: true)
            let fast = Self.read(bytes, chunk: chunk, limit: 3, general: false, recovering: recovering)
            let general = Self.read(bytes, chunk: nil, limit: 1000, general: true, recovering: recovering)
            #expect(fast == general, "seed \(seed): \(bytes)")
        }
    }

    @Test(arguments: [nil, 1, 3, 16], [1, 3, 1000])
    func agreesWithTheCharacterLevelPath(chunk: Int?, limit: Int) {
        for seed in UInt64(0)..<400 {
            let bytes = Self.text(seed: seed)
            let fast = Self.read(bytes, chunk: chunk, limit: limit, general: false)
            let general = Self.read(bytes, chunk: nil, limit: 1000, general: true)
            #expect(fast == general, "seed \(seed): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }

    /// Texts long enough for several of the scanner's 64-byte blocks, cut into chunks
    /// that end inside, at and just past a block.
    @Test(arguments: [nil, 63, 64, 65, 200])
    func agreesOnTextsLongerThanABlock(chunk: Int?) {
        for seed in UInt64(1_000)..<1_300 {
            let bytes = Self.text(seed: seed, invalid: seed % 3 == 0, pieces: 400)
            let fast = Self.read(bytes, chunk: chunk, limit: 7, general: false, recovering: true)
            let general = Self.read(bytes, chunk: nil, limit: 1000, general: true, recovering: true)
            #expect(fast == general, "seed \(seed)")
        }
    }

    /// The scanner's masks: the SSE2 ones, the 64-bit-word ones and a byte-by-byte
    /// reading agree on every bit, for every delimiter and quote and any bytes.
    @Test(arguments: [
        (UInt8(ascii: ","), UInt8(ascii: "\"")), (UInt8(ascii: ";"), UInt8(ascii: "'")), (UInt8(ascii: "\t"), UInt8(ascii: "\"")),
        (UInt8(ascii: "|"), UInt8(ascii: "`")), (0x7F, 0x00),
    ])
    func boundaryMasksAgree(delimiter: UInt8, quote: UInt8) {
        let scanner = FieldBoundaryScanner(delimiter: delimiter, quote: quote)
        var random = SplitMix64(seed: UInt64(delimiter))
        let special: [UInt8] = [delimiter, quote, 0x0A, 0x0D, 0x22, 0x80, 0xFF, 0xC3, 0x7F, 0x00, 0x20, 0x61, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xBF]
        for _ in 0..<2_000 {
            let block = (0..<FieldBoundaryScanner.blockSize).map { _ in
                Bool.random(using: &random) ? special.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            var expected = FieldBoundaryScanner.Masks(ends: 0, quotes: 0, high: 0)
            for (index, byte) in block.enumerated() {
                let bit: UInt64 = 1 << UInt64(index)
                if byte == delimiter || byte == 0x0A || byte == 0x0D { expected.ends |= bit }
                if byte == quote { expected.quotes |= bit }
                if byte >= 0x80 { expected.high |= bit }
                // UTF-8's classes: continuations, two-byte leads, and the rest.
                if byte & 0xC0 == 0x80 {
                    expected.continuations |= bit
                } else if byte >= 0xE0 || byte == 0xC0 || byte == 0xC1 {
                    expected.wide |= bit
                } else if byte >= 0xC2 {
                    expected.leads |= bit
                }
                #expect(scanner.endsField(byte) == (expected.ends & bit != 0))
            }
            block.withUnsafeBufferPointer { bytes in
                #expect(scanner.masks(bytes.baseAddress!) == expected)
                #expect(scanner.portableMasks(bytes.baseAddress!) == expected)
            }
        }
    }

    /// The prefix XOR of the quote bits (inside quotes or not) against a bit-by-bit parity.
    @Test func prefixXORIsTheRunningParity() {
        var random = SplitMix64(seed: 64)
        for _ in 0..<5_000 {
            let bits = random.next() & random.next()
            var parity: UInt64 = 0, expected: UInt64 = 0
            for bit in 0..<64 {
                parity ^= (bits >> UInt64(bit)) & 1
                expected |= parity << UInt64(bit)
            }
            #expect(FieldBoundaryScanner.prefixXOR(bits) == expected)
        }
    }

    /// Long texts of mostly plain fields, so that the fast path's runs fill up and are
    /// handed over mid-record and mid-line, with a rare quote, CR or non-ASCII byte.
    @Test(arguments: [nil, 4_096, 1_000])
    func agreesOnLongRunsOfPlainFields(chunk: Int?) {
        let plain = ["a", "bc", "12.5", ",", ",", ",", ",", "\n"].map { Array($0.utf8) }
        let rare = ["\"q\n\"", "\r\n", "\r", "é", "\"\"", "\n\n"].map { Array($0.utf8) }
        for seed in UInt64(0)..<24 {
            var random = SplitMix64(seed: seed)
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 2_000...12_000, using: &random) {
                bytes += Int.random(in: 0..<200, using: &random) == 0
                    ? rare.randomElement(using: &random)! : plain.randomElement(using: &random)!
            }
            let fast = Self.read(bytes, chunk: chunk, limit: 97, general: false)
            let general = Self.read(bytes, chunk: nil, limit: 1000, general: true)
            #expect(fast == general, "seed \(seed)")
        }
    }
}

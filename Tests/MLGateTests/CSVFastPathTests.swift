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
    static func text(seed: UInt64, invalid: Bool = false) -> [UInt8] {
        var random = SplitMix64(seed: seed)  // the bootstrap's generator, so a failure names its seed
        let length = Int.random(in: 1...60, using: &random)
        let choices = pieces.map { Array($0.utf8) } + (invalid ? [[0xFF], [0xC3], [0xE2, 0x82]] : [])
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
}

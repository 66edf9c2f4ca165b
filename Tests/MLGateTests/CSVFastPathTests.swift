import Foundation
import Testing

@testable import MLGate

/// The tokenizer's fast path (whole unquoted fields handed over in a tight loop, records
/// followed from one to the next) against its character-level path, on seeded random
/// texts made of the bytes that change a tokenizer's state: they must read the same
/// records, starting on the same lines, however the input is cut into chunks and
/// however many records a call may read, and fail at the same place.
@Suite("CSV fast path")
struct CSVFastPathTests {
    static let pieces: [String] = ["a", "bc", "12.5", ",", ",", ",", "\n", "\n", "\r\n", "\r", "\"", "\"q\"", "\"\"", "é", " "]

    static func text(seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)  // the bootstrap's generator, so a failure names its seed
        let length = Int.random(in: 1...60, using: &random)
        return Array((0..<length).map { _ in pieces.randomElement(using: &random)! }.joined().utf8)
    }

    static func read(_ bytes: [UInt8], chunk: Int?, limit: Int, general: Bool) -> String {
        do {
            let sink = try CSVDialectTests.records(bytes, dialect: .csv, chunk: chunk, forceGeneral: general, limit: limit)
            return "\(sink.records) \(sink.lines)"
        } catch {
            return "\(error)"
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

import Foundation
import Testing

@testable import MLGate

/// The fast path's plain loop (`CSVTokenizer.takePlainFields`: one set bit of a block's
/// field-end mask per field, for fields without a quote or a non-ASCII byte, ended by a
/// delimiter, LF or CRLF) and the batch's appends of such runs when only some columns
/// are kept (`RowBatch.appendChunkFields`), against the character-level path: on seeded
/// records of plain fields of every width, mixed now and then with what the plain loop
/// leaves to the field loop (a quoted field, a quote inside a field, non-ASCII text,
/// bytes that are not UTF-8, a lone CR, a CRLF whose LF starts the next block or chunk,
/// blank lines, a record limit reached mid-block), with every construct at every offset
/// of a 64-byte block and the input cut into chunks inside each.
@Suite("CSV fast path: plain fields")
struct CSVPlainFieldsTests {
    static let plain = ["a", "bc", "12.5", "", "2024-01-31", "user7@mail.org", "0.731", "x y"]
    static let rare: [[UInt8]] = [
        Array("\"q\"".utf8), Array("\"a,b\"".utf8), Array("\"x\"\"y\"".utf8), Array("a\"b".utf8), Array("é".utf8),
        Array("日本".utf8), [0xFF], [0xC3], Array("\"a\nb\"".utf8), Array("\"a\r\nb\"".utf8),
    ]
    static let lineEnds = ["\n", "\n", "\n", "\r\n", "\r\n", "\r", "\n\n", "\r\n\r\n"]

    /// Records of 1–`width` fields (plain, with a rare field one time in `rarity`), each
    /// ended by one of `lineEnds` (`crlf`: CRLF mostly).
    static func text(seed: UInt64, records: Int, width: Int, rarity: Int, crlf: Bool) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        for _ in 0..<records {
            for field in 0..<Int.random(in: 1...width, using: &random) {
                if field > 0 { bytes.append(UInt8(ascii: ",")) }
                if Int.random(in: 0..<rarity, using: &random) == 0 {
                    bytes += rare.randomElement(using: &random)!
                } else {
                    bytes += Array(plain.randomElement(using: &random)!.utf8)
                }
            }
            let end = Int.random(in: 0..<8, using: &random) == 0 ? lineEnds.randomElement(using: &random)! : (crlf ? "\r\n" : "\n")
            bytes += Array(end.utf8)
        }
        if Bool.random(using: &random) { bytes.removeLast() }
        return bytes
    }

    static func read(_ bytes: [UInt8], source: some ByteSource, limit: Int, general: Bool) -> String {
        do {
            let sink = try CSVDialectTests.records(source: source, dialect: .csv, forceGeneral: general, limit: limit, recovering: true)
            return "\(sink.records) \(sink.lines) \(sink.malformed)"
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [nil, 1, 7, 63, 64, 65, 130, 4_096], [false, true])
    func agreesWithTheCharacterLevelPath(chunk: Int?, crlf: Bool) {
        for seed in UInt64(0)..<40 {
            let bytes = Self.text(seed: seed, records: 40, width: 14, rarity: seed % 2 == 0 ? 40 : 6, crlf: crlf)
            let general = Self.read(bytes, source: MemoryByteSource(bytes), limit: 1000, general: true)
            for limit in [1, 3, 17, 1000] {
                let source = TrickleByteSource(bytes: bytes, size: chunk ?? bytes.count)
                let fast = Self.read(bytes, source: source, limit: limit, general: false)
                #expect(fast == general, "seed \(seed) limit \(limit): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            }
        }
    }

    /// Each text shifted by 0–63 bytes, so that every line end (a CRLF across two
    /// blocks too) and every field lies at every offset of a block, and cut into two
    /// chunks at every offset for some shifts.
    @Test(arguments: [false, true])
    func agreesWhereverABlockStartsAndTheInputIsCut(crlf: Bool) {
        for seed in UInt64(300)..<303 {
            let body = Self.text(seed: seed, records: 12, width: 6, rarity: 10, crlf: crlf)
            for shift in 0..<64 {
                let bytes = Array(String(repeating: "p", count: shift).utf8) + Array((crlf ? "\r\n" : "\n").utf8) + body
                let general = Self.read(bytes, source: MemoryByteSource(bytes), limit: 1000, general: true)
                let cuts = shift % 16 == 0 ? Array(0...bytes.count) : [0, bytes.count / 3, bytes.count]
                for cut in cuts {
                    for limit in [2, 1000] {
                        let fast = Self.read(bytes, source: CutByteSource(bytes: bytes, cut: cut), limit: limit, general: false)
                        #expect(fast == general, "seed \(seed) shift \(shift) cut \(cut) limit \(limit)")
                    }
                }
            }
        }
    }

    /// Through the reader: the same batches from both paths when only some columns are
    /// kept (or none, as for a row count), with short and long rows and blank lines
    /// among whole ones, so that runs of field ends end rows of every shape.
    @Test(arguments: [[0, 5], [12], [] as [Int], [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13]])
    func batchesKeepingSomeColumnsHoldTheSameCells(kept: [Int]) throws {
        for seed in UInt64(0)..<4 {
            var random = SplitMix64(seed: seed)
            var text = (0..<13).map { "c\($0)" }.joined(separator: ",") + "\n"
            for row in 0..<1_200 {
                let width = Int.random(in: 0..<10, using: &random) == 0 ? Int.random(in: 0...16, using: &random) : 13
                text += (0..<width).map { column in column == 0 ? "\(row)" : Self.plain.randomElement(using: &random)! }
                    .joined(separator: ",")
                text += Int.random(in: 0..<4, using: &random) == 0 ? "\r\n" : "\n"
            }
            let bytes = Array(text.utf8)
            var batches: [String] = []
            for general in [false, true] {
                var reader = try CSVReader(
                    source: TrickleByteSource(bytes: bytes, size: general ? bytes.count : 1_000 + Int(seed)), dialect: .csv,
                    displayPath: "t.csv", batchSize: 200, forceGeneral: general)
                reader.keptColumns = Set(kept)
                var read = ""
                while let batch = try reader.nextBatch() {
                    read += "\(batch.firstRowNumber) \(batch.rowCount) \(batch.lineNumbers) \(batch.extraCellCounts) \(batch.columns)\n"
                }
                batches.append(read)
            }
            #expect(batches[0] == batches[1], "seed \(seed)")
        }
    }
}

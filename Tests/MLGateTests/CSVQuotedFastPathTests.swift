import Foundation
import Testing

@testable import MLGate

/// The fast path's quoted fields (``CSVBlock``: quote masks, prefix XOR carried across
/// blocks, field ends inside quotes masked out) against the character-level path, on
/// seeded random records of every shape a field can take: quoted, with doubled quotes,
/// delimiters, CR, LF and CRLF inside quotes, empty, non-ASCII (two-byte sequences across
/// blocks too), not UTF-8 (a lone or overlong lead, a stray continuation), a quote inside
/// an unquoted field, text after a closing quote, a quote that never closes; with LF,
/// CRLF and lone CR line ends and blank lines. They must read the same records on the
/// same lines (and fail or recover alike) wherever the input is cut: into chunks of any
/// size, at every offset of a text, with every construct at every offset of a 64-byte
/// block, and through a batch (cells as places in the chunk) that keeps every column or
/// only some.
@Suite("CSV fast path: quoted fields")
struct CSVQuotedFastPathTests {
    static let fields: [String] = [
        "a", "bc", "12.5", "", "", "\"q\"", "\"a,b\"", "\"x\"\"y\"", "\"\"", "\"\"\"\"", "\"\"\"q\"\"\"", "\"a\rb\"",
        "\"a\nb\"", "\"a\r\nb\"", "é", "\"日本, ü\"", "\"Zoë \"\"Z\"\"\"", "a\"b", "\"a\"b", "\"a\"\"", "\" \"", "x y",
        // Two-byte sequences across 64-byte blocks, quoted and not.
        String(repeating: "é", count: 40), "\"" + String(repeating: "ñ,", count: 25) + "\"",
    ]
    static let rare: [[UInt8]] = [
        [0xFF], [0xC3], [0x22, 0xE2, 0x82, 0x22], Array("\"".utf8), Array("\"\"a".utf8), [0xC0, 0x80], [0xBF], [0xC3, 0xA9, 0xA9],
    ]
    static let lineEnds = ["\n", "\n", "\r\n", "\r\n", "\r", "\n\n", "\r\n\r\n"]

    /// Records of 1–6 fields from `fields` (with a rare piece now and then), each ended by
    /// one of `lineEnds`; `invalid`: the rare pieces include bytes that are not UTF-8 and
    /// quotes that may never close.
    static func text(seed: UInt64, records: Int, invalid: Bool = false) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        for _ in 0..<records {
            for field in 0..<Int.random(in: 1...6, using: &random) {
                if field > 0 { bytes.append(UInt8(ascii: ",")) }
                if invalid, Int.random(in: 0..<25, using: &random) == 0 {
                    bytes += rare.randomElement(using: &random)!
                } else {
                    bytes += Array(fields.randomElement(using: &random)!.utf8)
                }
            }
            bytes += Array(lineEnds.randomElement(using: &random)!.utf8)
        }
        if Bool.random(using: &random) { bytes.removeLast() }  // a last record without a line end
        return bytes
    }

    static func read(_ bytes: [UInt8], source: some ByteSource, limit: Int, general: Bool, recovering: Bool) -> String {
        do {
            let sink = try CSVDialectTests.records(
                source: source, dialect: .csv, forceGeneral: general, limit: limit, recovering: recovering)
            return "\(sink.records) \(sink.lines) \(sink.malformed)"
        } catch {
            return "\(error)"
        }
    }

    static func general(_ bytes: [UInt8], recovering: Bool) -> String {
        read(bytes, source: MemoryByteSource(bytes), limit: 1000, general: true, recovering: recovering)
    }

    @Test(arguments: [nil, 1, 2, 7, 63, 64, 65, 127, 128, 129, 1000], [false, true])
    func agreesWithTheCharacterLevelPath(chunk: Int?, invalid: Bool) {
        for seed in UInt64(0)..<300 {
            let bytes = Self.text(seed: seed, records: 12, invalid: invalid)
            let source = TrickleByteSource(bytes: bytes, size: chunk ?? max(1, bytes.count))
            let general = Self.general(bytes, recovering: invalid)
            for limit in [1, 5, 1000] {
                let fast = Self.read(bytes, source: source, limit: limit, general: false, recovering: invalid)
                #expect(fast == general, "seed \(seed) limit \(limit): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            }
        }
    }

    /// A text with every construct, cut into two chunks at every offset, and shifted by
    /// 0–63 bytes so that every construct lies at every offset of a 64-byte block.
    @Test(arguments: [false, true])
    func agreesWhereverTheInputIsCutAndWhereverABlockStarts(invalid: Bool) {
        for seed in UInt64(500)..<508 {
            let body = Self.text(seed: seed, records: 10, invalid: invalid)
            for shift in 0..<64 {
                let bytes = Array(String(repeating: "p", count: shift).utf8) + Array("\n".utf8) + body
                let general = Self.general(bytes, recovering: invalid)
                let cuts = shift % 8 == 0 ? Array(0...bytes.count) : [0, bytes.count / 2, bytes.count]
                for cut in cuts {
                    let fast = Self.read(bytes, source: CutByteSource(bytes: bytes, cut: cut), limit: 1000, general: false, recovering: invalid)
                    #expect(fast == general, "seed \(seed) shift \(shift) cut \(cut)")
                }
            }
        }
    }

    /// Long texts of loans-like records (a run of field ends fills and is handed over in
    /// the middle of quoted fields and records; doubled quotes hand over mid-run), read
    /// in chunks the size of the file reader's and odd ones.
    @Test(arguments: [nil, 4_096, 999])
    func agreesOnLongTextsOfQuotedRecords(chunk: Int?) {
        for seed in UInt64(0)..<12 {
            let bytes = Self.loansText(seed: seed, rows: 1_500)
            let source = TrickleByteSource(bytes: bytes, size: chunk ?? bytes.count)
            let fast = Self.read(bytes, source: source, limit: 97, general: false, recovering: false)
            #expect(fast == Self.general(bytes, recovering: false), "seed \(seed)")
        }
    }

    /// Records as the benchmark's quoted file has them: numbers, empty cells, quoted text
    /// with doubled quotes, delimiters and non-ASCII letters, CRLF or LF line ends.
    static func loansText(seed: UInt64, rows: Int) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        let words = ["loan", "car", "Zoë", "café", "naïve", "\"\"big\"\"", "a,b", "日本", "x"]
        var text = "id,amount,purpose,name,score\r\n"
        for row in 0..<rows {
            let amount = Int.random(in: 0..<4, using: &random) == 0 ? "" : "\(Int.random(in: 1...99_999, using: &random)).5"
            let purpose = (0..<Int.random(in: 1...4, using: &random)).map { _ in words.randomElement(using: &random)! }
            let name = words.randomElement(using: &random)!
            let quotedName = name.contains("\"") || name.contains(",") || Bool.random(using: &random) ? "\"\(name)\"" : name
            let end = Int.random(in: 0..<3, using: &random) == 0 ? "\n" : "\r\n"
            text += "\(row),\(amount),\"\(purpose.joined(separator: " "))\",\(quotedName),0.\(row % 97)\(end)"
        }
        return Array(text.utf8)
    }

    /// Through the reader and its batches: the same cells whether the fast path or the
    /// character-level path reads them, keeping every column or only some (a quoted
    /// cell is a place inside its quotes in the chunk; a doubled one is a copy).
    @Test(arguments: [nil, [0, 2], [3], [] as [Int]])
    func batchesHoldTheSameCells(kept: [Int]?) throws {
        for seed in UInt64(0)..<6 {
            let bytes = Self.loansText(seed: seed, rows: 900)
            let keptColumns = kept.map(Set.init)
            var cells: [String] = []
            for general in [false, true] {
                var reader = try CSVReader(
                    source: TrickleByteSource(bytes: bytes, size: general ? bytes.count : 1_000), dialect: .csv,
                    displayPath: "t.csv", batchSize: 250, forceGeneral: general)
                reader.keptColumns = keptColumns
                var text = ""
                while let batch = try reader.nextBatch() {
                    text += "\(batch.firstRowNumber) \(batch.rowCount) \(batch.lineNumbers) \(batch.extraCellCounts) \(batch.columns)\n"
                }
                cells.append(text)
            }
            let fast = cells[0].split(separator: "\n"), general = cells[1].split(separator: "\n")
            #expect(fast.count == general.count)
            for (batch, (fast, general)) in zip(fast, general).enumerated() {
                #expect(fast == general, "seed \(seed) batch \(batch)")
            }
            if kept?.contains(2) ?? true { #expect(cells[0].contains(#"\"big\" a,b"#)) }
        }
    }

    @Test func quotedCellsAreReadInsideTheirQuotes() throws {
        let text = "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"\"\r\n\"日本\",,\"\"\"\"\n"
        var reader = try CSVReader(source: MemoryByteSource(Array(text.utf8)), displayPath: "t.csv")
        let batch = try #require(try reader.nextBatch())
        #expect(batch.columns == [["x,1", "日本"], ["say \"hi\"", ""], ["", "\""]])
        #expect(batch.lineNumbers == [2, 3])
    }

    /// The fast path's UTF-8 check judges as `String(validating:)` does, and counts scalars
    /// (texts of up to 80 bytes: its ASCII runs and two-byte sequences are read eight
    /// bytes at a time).
    @Test func utf8ScalarCountJudgesAsTheStandardLibrary() {
        var random = SplitMix64(seed: 8)
        let pieces: [[UInt8]] = [
            [0x61], [0xC3, 0xA9], [0xE6, 0x97, 0xA5], [0xF0, 0x9F, 0x98, 0x80], [0xC0, 0x80], [0xE0, 0x80, 0x80],
            [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5], [0x80], [0xC3], [0xE6, 0x97], [0xFF], [0xEF, 0xBF, 0xBD],
        ]
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...16, using: &random)).flatMap { _ in pieces.randomElement(using: &random)! }
            let expected = String(validating: bytes, as: UTF8.self).map { $0.unicodeScalars.count }
            bytes.withUnsafeBufferPointer { #expect(CSVTokenizer<MemoryByteSource>.utf8ScalarCount($0) == expected, "\(bytes)") }
        }
        // Mostly ASCII and two-byte sequences, which are read eight bytes at a time: leads
        // and continuations across words, overlong leads, a lone lead or continuation,
        // now and then a longer sequence.
        let latin: [[UInt8]] = [
            [0x61], [0x61], [0x61], [0xC3, 0xA9], [0xC5, 0x99], [0xC2, 0x80], [0xDF, 0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0x80],
            [0xC3], [0xE6, 0x97, 0xA5],
        ]
        for round in 0..<20_000 {
            let length = Int.random(in: 0...40, using: &random)
            let bytes = (0..<length).flatMap { _ in
                round % 4 == 0 ? latin.randomElement(using: &random)! : latin[Int.random(in: 0...6, using: &random)]
            }
            let expected = String(validating: bytes, as: UTF8.self).map { $0.unicodeScalars.count }
            bytes.withUnsafeBufferPointer { #expect(CSVTokenizer<MemoryByteSource>.utf8ScalarCount($0) == expected, "\(bytes)") }
        }
    }
}

/// Two chunks: the bytes before `cut` and the rest.
struct CutByteSource: ByteSource {
    var bytes: [UInt8]
    var cut: Int
    var given = 0

    mutating func nextChunk() throws(TableReadError) -> [UInt8]? {
        defer { given += 1 }
        let parts = [bytes[..<cut], bytes[cut...]].filter { !$0.isEmpty }
        return given < parts.count ? Array(parts[given]) : nil
    }
}

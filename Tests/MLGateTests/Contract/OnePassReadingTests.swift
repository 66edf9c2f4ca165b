import Testing

@testable import MLGate

/// The one-pass reading of common `strptime` cells (``StrptimeFixedWidth``) against the
/// backtracking matcher it shortcuts: on seeded cells near each pattern's shape, the
/// same moment or the same refusal.
@Suite("Contract: one-pass readings of strptime cells and UUIDs")
struct OnePassReadingTests {
    static let cases: [(pattern: String, templates: [String])] = [
        ("%d/%m/%Y", ["05/01/2010", "29/02/2024", "29/02/2023", "31/04/2020", "00/01/2000", "5/1/2010", "13/13/2013"]),
        ("%Y-%m-%d %H:%M:%S", ["2024-02-29 23:59:59", "2023-01-01 00:00:00", "2024-12-31 24:00:00", "2024-01-01 12:60:61",
                                "2024-02-29  23:59:59", "2024-02-29\t23:59:59", "2024-02-2923:59:59"]),
        (" %H:%M %p", [" 10:00 AM", " 12:00 pm", "  1:05 PM"]),
        ("%Y%m%d", ["20240105", "20241231", "20240229", "20230229", "2024015"]),
        ("%m/%d %H:%M", ["02/29 10:00", "12/31 23:59", "1/5 9:05"]),
        ("%d.%m.%YT%H", ["01.01.2000T00", "31.12.1999T23", "01.01.2000t00"]),
    ]

    @Test(arguments: 0..<6)
    func readsAsTheMatcher(_ index: Int) throws {
        let (format, templates) = Self.cases[index]
        let pattern = try StrptimePattern(format)
        let pieces = Array("0123456789/-:. Tt\tAPM".utf8)
        var random = SplitMix64(seed: UInt64(index) &* 31 &+ 7)
        var fast = 0
        for round in 0..<4_000 {
            var cell = Array(templates.randomElement(using: &random)!.utf8)
            for _ in 0..<(round % 3) {
                let at = Int.random(in: 0..<cell.count, using: &random)
                cell[at] = pieces.randomElement(using: &random)!
            }
            let (read, matched) = cell.withUnsafeBufferPointer { (pattern.parse($0), pattern.parseMatching($0)) }
            #expect(read?.epochSeconds == matched?.epochSeconds && (read == nil) == (matched == nil),
                    "\(format) on '\(String(decoding: cell, as: UTF8.self))'")
            if read != nil { fast += 1 }
        }
        #expect(fast > 100, "many cells are read")
    }

    /// The common UUID's shortcut (``StringFormats/isPlainUUID(_:)``) accepts only what
    /// `uuid.UUID` reads.
    @Test func plainUUIDsReadAsUUIDs() {
        let templates = ["0f8fad5b-d9cb-469f-a165-70867728950e", "7C9E6679742540DEA9CD0E5B0B6B1D9F", "0f8fad5b-d9cb-469f-a16570867728950e-",
                         "{0f8fad5b-d9cb-469f-a165-70867728950e}", "0f8fad5bd9cb469fa16570867728950e0000"]
        let pieces = Array("0aFg-{}_ :x".utf8)
        var random = SplitMix64(seed: 11)
        var plain = 0
        for round in 0..<5_000 {
            var cell = Array(templates.randomElement(using: &random)!.utf8)
            for _ in 0..<(round % 3) { cell[Int.random(in: 0..<cell.count, using: &random)] = pieces.randomElement(using: &random)! }
            let (isPlain, reads) = cell.withUnsafeBufferPointer { (StringFormats.isPlainUUID($0), StringFormats.readsAsUUID($0)) }
            if isPlain {
                plain += 1
                #expect(reads, "'\(String(decoding: cell, as: UTF8.self))'")
            }
        }
        #expect(plain > 500)
    }

    /// The shortcut eight bytes at a time equals a byte-by-byte reading of the same rule
    /// (32 hex digits, or 36 characters with dashes after the 8th, 12th, 16th and 20th),
    /// on cells with every byte value at every position.
    @Test func plainUUIDsWordAtATimeEqualByteAtATime() {
        func reference(_ cell: [UInt8]) -> Bool {
            guard cell.count == 36 || cell.count == 32 else { return false }
            for (index, byte) in cell.enumerated() {
                if cell.count == 36, [8, 13, 18, 23].contains(index) {
                    guard byte == UInt8(ascii: "-") else { return false }
                } else {
                    guard (48...57).contains(byte) || (97...102).contains(byte) || (65...70).contains(byte) else { return false }
                }
            }
            return true
        }
        var random = SplitMix64(seed: 12)
        var accepted = 0, cells = 0
        for template in ["0f8fad5b-d9cb-469f-a165-70867728950e", "7C9E6679742540DEA9CD0E5B0B6B1D9F"] {
            let base = Array(template.utf8)
            for position in base.indices {
                for byte in 0...255 {
                    var cell = base
                    cell[position] = UInt8(byte)
                    let (fast, slow) = (cell.withUnsafeBufferPointer { StringFormats.isPlainUUID($0) }, reference(cell))
                    #expect(fast == slow, "'\(cell)'")
                    cells += 1
                    if fast { accepted += 1 }
                }
            }
            for _ in 0..<20_000 {
                var cell = base
                for _ in 0..<Int(random.next() % 3) {
                    cell[Int(random.next() % UInt64(cell.count))] = Array("0aFfgG-{}\u{7F}".utf8).randomElement(using: &random)!
                }
                if random.next() % 10 == 0 { cell.removeLast() }
                let (fast, slow) = (cell.withUnsafeBufferPointer { StringFormats.isPlainUUID($0) }, reference(cell))
                #expect(fast == slow, "'\(String(decoding: cell, as: UTF8.self))'")
                cells += 1
                if fast { accepted += 1 }
            }
        }
        #expect(accepted > 5_000 && accepted < cells - 5_000)
    }
}

import Foundation
import Testing

@testable import MLGate

/// The byte-keyed set behind unique strings, keys of several fields and foreign keys:
/// the same answers as a Swift `Dictionary` of the keys, through growth.
@Suite("Contract: byte key set")
struct ByteKeySetTests {
    @Test(arguments: [1, 700, 5_000, 100_000])
    func answersAsADictionary(count: Int) {
        var generator = SystemRandomNumberGenerator()
        var set = ByteKeySet()
        var reference: [[CellValue?]: Int32] = [:]
        for row in 0..<count {
            // Keys drawn from a range about the size of the count: many repeat.
            let n = Int.random(in: 0..<max(1, count), using: &generator)
            let key: [CellValue?] =
                switch n % 5 {
                case 0: [.integer(n)]
                case 1: [.string("k\(n)")]
                case 2: [.string("k\(n)"), nil]
                case 3: [nil, .string("k\(n)")]
                default: [.number(Double(n) / 4), .date(days: n)]
                }
            let inserted = set.insert(KeyBytes.encode(key), row: Int32(row))
            let expected = reference[key] == nil
            if expected { reference[key] = Int32(row) }
            #expect(inserted == expected, "key \(key) at row \(row)")
        }
        #expect(set.count == reference.count)
        var visited = 0
        var lastRow: Int32 = -1
        set.forEach { key, row in
            visited += 1
            #expect(row > lastRow, "keys are visited in the order they came")
            lastRow = row
            #expect(set.contains(key))
        }
        #expect(visited == reference.count)
    }

    @Test func keysThatLookAlikeDiffer() {
        var set = ByteKeySet()
        let keys: [[CellValue?]] = [
            [.string("1")], [.integer(1)], [.number(1)], [.string("")], [nil], [nil, nil], [.string("a"), .string("b")],
            [.string("ab")], [.string("a,b")], [.boolean(true)], [.json("1")], [.string(String(repeating: "x", count: 200))],
        ]
        for key in keys {
            let inserted = set.insert(KeyBytes.encode(key), row: 0)
            #expect(inserted, "\(key)")
        }
        for key in keys {
            let inserted = set.insert(KeyBytes.encode(key), row: 1)
            #expect(!inserted, "\(key) again")
        }
        let first = set.insert([], row: 2), second = set.insert([], row: 3)
        #expect(first && !second, "the empty key is a key")
        #expect(KeyBytes.encode([.number(-0.0)]) == KeyBytes.encode([.number(0)]))
    }

    @Test func valuesDecodeForMessages() {
        let key: [CellValue?] = [.integer(-42), .string("Köln"), nil, .number(2.5), .string(String(repeating: "y", count: 300))]
        let text = KeyBytes.encode(key).withUnsafeBytes(KeyBytes.decodeText)
        #expect(text == ["-42", "Köln", nil, "2.5", String(repeating: "y", count: 300)])
    }
}

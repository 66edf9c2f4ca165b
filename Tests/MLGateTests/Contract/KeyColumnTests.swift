import Testing

@testable import MLGate

@Suite("Contract: a batch's key columns")
struct KeyColumnTests {
    /// Values set from a kernel's cell bytes, from the general path's values, with rows
    /// skipped and the last row set again: each row's bytes are ``KeyBytes``'s for the
    /// value last set (missing where none was), so that a key of several fields, its
    /// columns' bytes end to end, is the canonical encoding of its values.
    @Test(arguments: [0, 1, 2])
    func rowsHoldTheCanonicalBytesOfTheirLastValue(seed: UInt64) {
        var generator = SplitMix64(seed: 0xC01 &+ seed)
        let rows = 2_000
        var expected = [CellValue?](repeating: nil, count: rows)
        var column = KeyColumn(reservingRows: rows)
        var row = 0
        while row < rows {
            let n = Int.random(in: -1_000...1_000, using: &generator)
            let text = String(repeating: "é", count: Int.random(in: 0..<3, using: &generator)) + "k\(n)"
                + String(repeating: "x", count: Int.random(in: 0..<200, using: &generator))
            switch Int.random(in: 0..<6, using: &generator) {
            case 0:
                column.set(row, integer: n)
                expected[row] = .integer(n)
            case 1:
                var text = text
                text.withUTF8 { column.set(row, string: $0) }
                expected[row] = .string(text)
            case 2:
                let value: CellValue? = [nil, .number(Double(n) / 4), .date(days: n), .boolean(n > 0)][abs(n) % 4]
                column.set(row, value)
                expected[row] = value
            case 3:
                // Set, then set again (a duplicate own key sends the cell through the
                // general path, which collects it once more).
                column.set(row, integer: n)
                column.set(row, .string(text))
                expected[row] = .string(text)
            default:
                break  // not set: missing
            }
            row += Int.random(in: 1...3, using: &generator)
        }
        column.finish(rows: rows)
        #expect(column.count == rows)
        column.withRows { values in
            for row in 0..<rows {
                #expect(Array(values[row]) == KeyBytes.encode([expected[row]]), "row \(row): \(String(describing: expected[row]))")
                #expect(values.allMissing(row) == (expected[row] == nil))
            }
        }
        // Joined with itself reversed: each row is the canonical bytes of both values,
        // all missing exactly when both are.
        let reversed = KeyColumn(expected.reversed())
        KeyColumn(joining: [column, reversed]).withRows { keys in
            for row in 0..<rows {
                let pair = [expected[row], expected[rows - 1 - row]]
                #expect(Array(keys[row]) == KeyBytes.encode(pair), "row \(row)")
                #expect(keys.allMissing(row, parts: 2) == (pair == [nil, nil]))
            }
        }
    }

    /// A foreign key compares an integral number as the integer
    /// (``ForeignKeyIndex/normalized(_:)``); the bytes agree.
    @Test func valuesNormalizeAsForeignKeysCompare() {
        let values: [CellValue?] = [
            nil, .integer(7), .integer(-3), .number(7), .number(-0.0), .number(2.5), .number(9.5e15), .number(-8.9e15),
            .string("7"), .date(days: 7), .number(.infinity), .number(.nan),
        ]
        let normalized = KeyColumn(joining: [KeyColumn(values)], normalizing: true)
        normalized.withRows { rows in
            for (row, value) in values.enumerated() {
                #expect(Array(rows[row]) == KeyBytes.encode([ForeignKeyIndex.normalized(value)]), "\(String(describing: value))")
            }
        }
    }
}

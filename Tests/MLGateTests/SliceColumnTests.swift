import Foundation
import Testing
@testable import MLGate

/// Slices and sensitive columns are dictionary-encoded (SliceColumn) and rows grouped by
/// integer codes (RowGroups): the groups, their order and each row's group must be what
/// grouping the strings themselves gives, however a file is split between two cores.
@Suite("Slice columns and row groups")
struct SliceColumnTests {
    static func column(_ cells: [String?]) -> SliceColumn {
        var column = SliceColumn()
        for cell in cells {
            if let cell {
                var bytes = Array(cell.utf8)
                bytes.withUnsafeMutableBufferPointer { column.append(UnsafeBufferPointer($0)) }
            } else {
                column.append(nil)
            }
        }
        return column
    }

    static let cells: [String?] = {
        var generator = SplitMix64(seed: 11)
        let values: [String?] = ["F", "M", "", nil, "non-binary", "a value longer than eight bytes", "é", "e\u{301}", "ünïcödé"]
        return (0..<5_000).map { _ in values[Int.random(in: 0..<values.count, using: &generator)] }
    }()

    @Test(arguments: [0, 1, 2_500, 4_999, 5_000])
    func encodesAndAppendsLikeTheStrings(_ split: Int) {
        var column = Self.column(Array(Self.cells[..<split]))
        column.append(contentsOf: Self.column(Array(Self.cells[split...])))
        let strings = Self.cells.map { $0 ?? "" }
        #expect(column.count == strings.count)
        #expect(column.strings == strings)
        #expect(column == SliceColumn(strings))
        // Grouped as a dictionary of strings groups them (canonically equal strings are one group).
        var expected: [String: [Int]] = [:]
        for (row, value) in strings.enumerated() { expected[value, default: []].append(row) }
        let grouped = column.rowsByValue
        #expect(grouped.map(\.value) == expected.keys.sorted())
        #expect(grouped.allSatisfy { expected[$0.value] == $0.rows })
    }

    /// Codes are a byte a row up to 256 values and widen after: a column that crosses 256
    /// values on its own, or only when two parts are joined, reads back the same.
    @Test(arguments: [0, 100, 255, 256, 257, 700, 1_000])
    func widensPast256Values(_ split: Int) {
        let strings = (0..<1_000).map { "v\($0 % 300 == 0 ? 0 : $0 % 400)" }
        var column = Self.column(Array(strings[..<split]))
        column.append(contentsOf: Self.column(Array(strings[split...])))
        #expect(column.strings == strings)
        #expect(column.values.count == Set(strings).count)
        #expect((0..<column.count).allSatisfy { column.values[Int(column.code($0))] == strings[$0] })
        #expect(column == SliceColumn(strings))
    }

    /// The loader's class codes: a byte a row until a code passes 255, then four, and the
    /// same codes whichever way they were gathered (appended, undone, joined with a remap).
    @Test(arguments: [10, 255, 256, 300])
    func narrowCodesReadBackWhateverTheirWidth(_ largest: Int) {
        let first = (0..<500).map { UInt32($0 * 7 % (largest + 1)) }
        let second = (0..<400).map { UInt32($0 * 3 % 200) }
        var codes = NarrowCodes(), later = NarrowCodes()
        for code in first { codes.append(code) }
        codes.append(9)
        codes.removeLast(1)
        for code in second { later.append(code) }
        #expect(codes.isWide == (largest > 255) && !later.isWide)
        // The later part's codes mapped onto the earlier's numbering, past a byte or not.
        let remap = (0..<200).map { UInt32($0 + largest / 2) }
        var joined = codes
        joined.append(contentsOf: later, remap: remap)
        let expected = first + second.map { remap[Int($0)] }
        #expect(joined.count == expected.count && joined.uint32s == expected)
        #expect(joined.int32s() == expected.map { Int32($0) })
        let names = (0..<1_000).map { Int32(999 - $0) }
        #expect(joined.int32s(remap: names) == expected.map { names[Int($0)] })
        var plain = codes
        plain.append(contentsOf: later, remap: nil)
        #expect(plain.uint32s == first + second)
    }

    /// Few combinations are numbered through a table, many through a hash table (more
    /// than 65,536 possible: the middle column's 30,000 values): both in order of first
    /// appearance, as the string keys would be.
    @Test(arguments: [(4_000, 50), (30_000, 30_000)])
    func groupsEveryCombinationAsTheStringKeysDo(_ rows: Int, _ values: Int) {
        var generator = SplitMix64(seed: 3)
        let first = (0..<rows).map { _ in ["a", "b", "c"][Int.random(in: 0..<3, using: &generator)] }
        let second = (0..<rows).map { _ in "\(Int.random(in: 0..<values, using: &generator))" }
        let third = (0..<rows).map { _ in ["x", "y"][Int.random(in: 0..<2, using: &generator)] }
        let columns = [first, second, third]
        let groups = RowGroups(columns)
        var expected: [[String]: Int] = [:]
        var firstSeen: [[String]] = []
        for row in first.indices {
            let key = columns.map { $0[row] }
            if expected[key] == nil { firstSeen.append(key) }
            expected[key, default: 0] += 1
        }
        #expect(groups.keys == firstSeen)
        for row in first.indices { #expect(groups.keys[Int(groups.groupOfRow[row])] == columns.map { $0[row] }) }
        // Tallies equal the string-keyed grouping's.
        let labels = first.indices.map { $0 % 3 == 0 }, predicted = first.indices.map { $0 % 5 < 2 }
        let table = FairnessTable(labels: labels, predicted: predicted, weights: nil, groups: groups, features: ["a", "b", "c"])
        #expect(table.groups.map(\.key) == expected.keys.sorted { FairnessTable.precedes($0, $1) })
        #expect(table.groups.allSatisfy { expected[$0.key] == $0.rates.count })
    }

    @Test func aBootstrapDrawLeavesOutGroupsWithNoDrawnRow() {
        let groups = RowGroups([["a", "b", "a", "c"]])
        let table = FairnessTable(
            labels: [true, false, true, false], predicted: [true, true, false, false], weights: nil, groups: groups,
            features: ["g"], counts: [2, 0, 1, 1])
        #expect(table.groups.map(\.key) == [["a"], ["c"]])
        #expect(table.groups[0].rates.count == 2, "rows drawn, not draws")
    }
}

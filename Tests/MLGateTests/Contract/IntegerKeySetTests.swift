import Foundation
import Testing

@testable import MLGate

/// The integer key set behind `unique` and `primaryKey` on integer fields: the same
/// answers as a Swift `Dictionary` of the keys and their first rows, whichever way its
/// range grows (up, down, by shifts that are and are not multiples of 64) and once it
/// turns sparse.
@Suite("Contract: integer key set")
struct IntegerKeySetTests {
    /// Keys in the orders that grow the range each way; sparse keys; and keys at the ends
    /// of Int's range, where a range's arithmetic would overflow.
    enum Order: String, CaseIterable, Sendable {
        case ascending, descending, shuffled, alternating, sparse, extreme
    }

    @Test(arguments: Order.allCases, [1, 4_097, 100_000])
    func answersAsADictionary(order: Order, count: Int) {
        var generator = SystemRandomNumberGenerator()
        let start = Int.random(in: -1_000_000...1_000_000, using: &generator)
        var keys: [Int]
        switch order {
        case .ascending: keys = Array(start..<(start + count))
        case .descending: keys = Array((start..<(start + count)).reversed())
        case .shuffled: keys = Array(start..<(start + count)).shuffled(using: &generator)
        case .alternating: keys = (0..<count).map { start + ($0 % 2 == 0 ? $0 : -$0 - 37) }
        case .sparse: keys = (0..<count).map { _ in Int.random(in: Int.min / 2...Int.max / 2, using: &generator) }
        case .extreme:
            // Each order of the ends first (the range starts there), then ordinary keys.
            let ends = [Int.min, Int.max, Int.min + 1, Int.max - 1, -(1 << 62) - 1, 1 << 62, (1 << 62) + 1]
            keys = (0..<count).map { $0 < ends.count ? ends[(count + $0) % ends.count] : start + $0 }
        }
        // Every fifth key again later: duplicates keep their first row.
        keys += keys.enumerated().filter { $0.offset % 5 == 0 }.map(\.element)
        var set = IntegerKeySet()
        var reference: [Int: Int32] = [:]
        for (row, key) in keys.enumerated() {
            let inserted = set.insert(key, row: Int32(row))
            let expected = reference[key] == nil
            if expected { reference[key] = Int32(row) }
            #expect(inserted == expected, "key \(key) at row \(row)")
        }
        #expect(set.count == reference.count)
        var seen: [Int: Int32] = [:]
        set.forEach { seen[$0] = $1 }
        #expect(seen == reference)
        for key in keys.prefix(1_000) { #expect(set.row(of: key) == reference[key]) }
        #expect(set.row(of: start - 5_000_000) == nil)
    }

    /// Two stretches' sets folded together: the same keys, rows and duplicates as
    /// inserting the later stretch's keys one by one, for stretches that follow each
    /// other, overlap, lie apart by any offset (not a multiple of 64), are empty, or are
    /// sparse.
    @Test(arguments: 0..<40)
    func absorbingIsInsertingOneByOne(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9 &+ 1)
        func keys(_ count: Int) -> [Int] {
            // Half the seeds start both stretches near each other: their keys overlap.
            let spread = seed % 2 == 0 ? 5_000 : 300_000
            let start = Int.random(in: -spread...spread, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: return Array(start..<(start + count))
            case 1: return (0..<count).map { _ in start + Int.random(in: 0..<(2 * count + 1), using: &generator) }
            case 2: return (0..<count).map { _ in Int.random(in: Int.min / 4...Int.max / 4, using: &generator) }
            default: return Array((start..<(start + count)).reversed())
            }
        }
        let earlierKeys = keys(Int.random(in: 0...9_000, using: &generator))
        let laterKeys = keys(Int.random(in: 0...9_000, using: &generator))
        var earlier = IntegerKeySet(), later = IntegerKeySet(), expected = IntegerKeySet()
        for (row, key) in earlierKeys.enumerated() {
            _ = earlier.insert(key, row: Int32(row))
            _ = expected.insert(key, row: Int32(row))
        }
        for (row, key) in laterKeys.enumerated() { _ = later.insert(key, row: Int32(row)) }
        let offset = Int32(earlierKeys.count)
        var expectedDuplicates: [Int: Int32] = [:]
        later.forEach { key, row in
            if !expected.insert(key, row: row + offset) { expectedDuplicates[key] = row }
        }
        var duplicates: [Int: Int32] = [:]
        earlier.absorb(later, rowOffset: offset) { key, row in
            #expect(duplicates[key] == nil)
            duplicates[key] = row
        }
        #expect(duplicates == expectedDuplicates)
        if seed == 0 { #expect(!duplicates.isEmpty, "the overlapping stretches repeat keys") }
        #expect(earlier.count == expected.count)
        var absorbed: [Int: Int32] = [:], inserted: [Int: Int32] = [:]
        earlier.forEach { absorbed[$0] = $1 }
        expected.forEach { inserted[$0] = $1 }
        #expect(absorbed == inserted)
    }

    /// Ids in row order keep one row a word: a million of them take no row of their own,
    /// also after two halves are merged; a word whose keys leave row order gets its 64.
    @Test func idsInRowOrderKeepARowAWord() {
        var first = IntegerKeySet(), second = IntegerKeySet()
        for row in 0..<500_000 { _ = first.insert(1_000 + row, row: Int32(row)) }
        for row in 0..<500_000 { _ = second.insert(501_000 + row, row: Int32(row)) }
        #expect(first.explicitRowCount == 0 && second.explicitRowCount == 0)
        first.absorb(second, rowOffset: 500_000) { _, _ in Issue.record("no key repeats") }
        #expect(first.count == 1_000_000 && first.explicitRowCount == 0)
        #expect(first.row(of: 1_000) == 0 && first.row(of: 777_777) == 776_777 && first.row(of: 1_000_999) == 999_999)
        // One key out of order: its word alone gets rows of its own.
        _ = first.insert(2_000_100, row: 5)
        _ = first.insert(2_000_101, row: 4)
        #expect(first.explicitRowCount == 64)
        #expect(first.row(of: 2_000_100) == 5 && first.row(of: 2_000_101) == 4)
    }
}

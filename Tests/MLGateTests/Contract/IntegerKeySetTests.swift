import Foundation
import Testing

@testable import MLGate

/// The integer key set behind `unique` and `primaryKey` on integer fields: the same
/// answers as a Swift `Dictionary` of the keys and their first rows, whichever way its
/// range grows (up, down, by shifts that are and are not multiples of 64) and once it
/// turns sparse.
@Suite("Contract: integer key set")
struct IntegerKeySetTests {
    /// Keys in the orders that grow the range each way.
    enum Order: String, CaseIterable, Sendable {
        case ascending, descending, shuffled, alternating, sparse
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
}

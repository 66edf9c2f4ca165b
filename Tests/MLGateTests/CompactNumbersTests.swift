import Foundation
import Testing
@testable import MLGate

/// A kept column of numbers gives back every number bit for bit, whether it holds them
/// as scaled integers or as doubles (``CompactNumbers``).
@Suite("Compact numbers")
struct CompactNumbersTests {
    /// Numbers as a CSV gives them: decimals of a few places (the compact case), wide
    /// ones, integers, and what never is compact (−0.0, infinities, NaN, more places,
    /// magnitudes past 32 bits).
    static func numbers(seed: UInt64, count: Int) -> [Double] {
        var random = SplitMix64(seed: seed)
        let shapes: [(inout SplitMix64) -> Double] = [
            { Double(Int.random(in: -2_000_000...2_000_000, using: &$0)) / 100 },
            { Double(Int.random(in: 0...1_000_000, using: &$0)) / 1_000_000 },
            { Double(Int.random(in: -90...90, using: &$0)) },
            { Double(Int.random(in: 0...999_999_999, using: &$0)) / 1_000_000_000 },
            { _ in -0.0 },
            { [Double.infinity, -.infinity, .nan][Int.random(in: 0...2, using: &$0)] },
            { Double.random(in: 0...1, using: &$0) },
            { Double(Int.random(in: 3_000_000_000...4_000_000_000, using: &$0)) },
        ]
        // Mostly one compact shape, now and then another.
        let main = shapes[Int(seed % 4)]
        return (0..<count).map { _ in
            Int.random(in: 0..<200, using: &random) == 0 ? shapes.randomElement(using: &random)!(&random) : main(&random)
        }
    }

    static func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    @Test(arguments: [UInt64(0), 1, 2, 3, 4, 5, 6, 7])
    func everyNumberComesBackBitForBit(seed: UInt64) {
        let values = Self.numbers(seed: seed, count: 5_000)
        var column = CompactNumbers()
        for (index, value) in values.enumerated() {
            column.append(value)
            #expect(Self.same(column[index], value), "seed \(seed), #\(index): \(value)")
        }
        #expect(column.count == values.count)
        #expect(zip(column, values).allSatisfy(Self.same))
        #expect(zip(column.asDoubles, values).allSatisfy(Self.same))
        column.removeLast(10)
        #expect(column.count == values.count - 10 && zip(column, values).allSatisfy(Self.same))
    }

    @Test func decimalsOfAFewPlacesStayCompactAndRaiseTheScale() {
        var column = CompactNumbers()
        for value in [1.0, 2.5, 0.25, 21199.75] { column.append(value) }
        #expect(!column.isWide && column.scale == 2)
        column.append(0.125)
        #expect(!column.isWide && column.scale == 3)
        #expect(Array(column) == [1.0, 2.5, 0.25, 21199.75, 0.125])
        column.append(3_000_000.5)  // 3,000,000,500 past 32 bits at three places
        #expect(column.isWide)
        #expect(Array(column) == [1.0, 2.5, 0.25, 21199.75, 0.125, 3_000_000.5])
        var zero = CompactNumbers()
        zero.append(-0.0)
        #expect(zero.isWide && zero[0].sign == .minus)
    }

    /// Parts of a table appended one to another (a scan on both cores) give what
    /// appending every number in order gives, whatever their scales.
    @Test(arguments: [UInt64(10), 11, 12, 13, 14, 15])
    func partsAppendedAsTheirNumbers(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var whole = CompactNumbers(), all: [Double] = []
        for part in 0..<4 {
            let values = Self.numbers(seed: seed &* 7 &+ UInt64(part) &+ UInt64(Int.random(in: 0...3, using: &random)), count: 700)
            var column = CompactNumbers()
            for value in values { column.append(value) }
            whole.append(contentsOf: column)
            all += values
        }
        #expect(whole.count == all.count)
        #expect(zip(whole, all).allSatisfy(Self.same))
    }
}

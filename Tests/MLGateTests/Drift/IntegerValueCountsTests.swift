import Foundation
import Testing
@testable import MLGate

/// A drift sample holds integers close together as counts (IntegerValueCounts): whatever
/// the values, how they are split between the two halves of a file, and when the counts
/// give way to stored values, the sample must give the same sorted numbers, distinct
/// count and value counts as the values themselves.
@Suite("Drift samples: integer counts")
struct IntegerValueCountsTests {
    /// Seeded value streams: narrow integers, a wide id range, integers then a float,
    /// signed zeros, values that widen the window downwards, a range past the window.
    static let streams: [(name: String, values: [String])] = {
        var generator = SplitMix64(seed: 7)
        func draw(_ count: Int, _ make: (inout SplitMix64) -> String) -> [String] {
            (0..<count).map { _ in make(&generator) }
        }
        return [
            ("ages", draw(5_000) { "\(Int.random(in: 18...90, using: &$0))" }),
            ("labels", draw(3_000) { "\(Int.random(in: 0...1, using: &$0))" }),
            ("ids", (1...20_000).map { "\($0)" }),
            ("shuffled ids", (1...20_000).map { "\($0)" }.shuffled(using: &generator)),
            ("descending", (0..<10_000).map { "\(5_000 - $0)" }),
            ("integers then a float", draw(2_000) { "\(Int.random(in: -50...50, using: &$0))" } + ["2.5"] + draw(500) { "\(Int.random(in: 0...9, using: &$0))" }),
            ("signed zeros", ["0", "-0", "1", "-0.0", "0.0", "-1"] + draw(1_000) { ["0", "-0", "3"][Int.random(in: 0...2, using: &$0)] }),
            ("past the window", draw(3_000) { "\(Int.random(in: 0...200_000, using: &$0))" }),
            ("few values far apart", ["1", "1000000", "1", "1000000"] + draw(100) { "\(Int.random(in: 0...3, using: &$0))" }),
            ("with missing cells", draw(2_000) { Int.random(in: 0...9, using: &$0) == 0 ? "" : "\(Int.random(in: 1...5, using: &$0))" }),
            ("large magnitudes", draw(500) { "\(Int.random(in: 0...3, using: &$0) + 9_007_199_254_740_000)" }),
        ]
    }()

    static func sample(_ values: some Sequence<String>) -> DriftColumnSample {
        var sample = DriftColumnSample()
        for value in values { sample.observe(string: value) }
        return sample
    }

    @Test(arguments: streams.indices)
    func countsGiveTheValuesThemselves(_ stream: Int) {
        let (name, values) = Self.streams[stream]
        // As the values kept one by one sort (−0 before 0, which `sorted()` leaves in any order).
        let expected = SortedSample.ascending(values.compactMap { Double($0) })
        for split in [0, 1, values.count / 3, values.count / 2, values.count] {
            var first = Self.sample(values[..<split])
            first.append(Self.sample(values[split...]))
            first.settle()
            #expect(first.distinctNumbers(upTo: 1_000_000) == Set(expected).count, "\(name), split at \(split)")
            var counts: [Double: Int] = [:]
            for value in expected { counts[value, default: 0] += 1 }
            #expect(first.numberCounts == counts, "\(name), split at \(split)")
            #expect(first.ascendingNumbers.map(\.bitPattern) == expected.map(\.bitPattern), "\(name), split at \(split)")
            first.sortNumbers()
            #expect(first.numbers.map(\.bitPattern) == expected.map(\.bitPattern), "\(name), split at \(split)")
        }
    }

    @Test func aNegativeZeroKeepsItsSign() {
        var sample = Self.sample(["-0", "0", "1"])
        sample.sortNumbers()
        #expect(sample.numbers.map { $0.sign } == [.minus, .plus, .plus])
    }

    @Test func narrowIntegersAreNotStoredOneByOne() {
        var counts = IntegerValueCounts()
        var allCounted = true
        for value in 0..<1_000_000 where !counts.add(Double(18 + value % 73)) { allCounted = false }
        #expect(allCounted && counts.counts.count <= 256 && counts.total == 1_000_000 && counts.distinct == 73)
        #expect(!counts.add(0.5) && !counts.add(-0.0) && !counts.add(1e300) && counts.total == 1_000_000)
        var wide = IntegerValueCounts()
        #expect(wide.add(0) && !wide.add(Double(IntegerValueCounts.smallRange * 4)), "a sparse range is not counted")
    }
}

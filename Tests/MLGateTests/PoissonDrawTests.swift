import Foundation
import Testing

@testable import MLGate

/// The bootstrap's Poisson draws against scipy's Poisson distribution
/// (`Fixtures/bootstrap/make_golden.py`): 200,000 draws per mean, their frequencies in
/// bins of consecutive values compared by a chi-square test at p = 1e-4, on both
/// sides of the switch from inversion to transformed rejection (mean 10), and for means
/// a distinct row of many millions of rows has.
@Suite struct PoissonDrawTests {
    struct Golden: Decodable {
        struct Case: Decodable {
            var mean: Double
            /// (first value, last value or nil: open, probability)
            var bins: [[Double?]]
            var critical: Double
        }
        var draws: Int
        var cases: [Case]
    }

    static let golden: Golden = {
        let data = try! Data(contentsOf: Fixtures.url("bootstrap/poisson.json"))
        return try! JSONDecoder().decode(Golden.self, from: data)
    }()

    static var means: [Double] { golden.cases.map(\.mean) }

    @Test(arguments: means)
    func drawsFollowThePoissonDistribution(mean: Double) throws {
        let golden = Self.golden
        let test = try #require(golden.cases.first { $0.mean == mean })
        var generator = SplitMix64(seed: mean.bitPattern)
        var observed = [Int](repeating: 0, count: test.bins.count)
        var sum = 0.0
        for _ in 0..<golden.draws {
            let k = PoissonDraw.sample(mean: mean, using: &generator)
            sum += Double(k)
            // The first bin whose last value is at least k (the last bin is open).
            var low = 0, high = test.bins.count - 1
            while low < high {
                let middle = (low + high) / 2
                if let last = test.bins[middle][1], last < Double(k) { low = middle + 1 } else { high = middle }
            }
            observed[low] += 1
        }
        var statistic = 0.0
        for (bin, count) in zip(test.bins, observed) {
            let expected = bin[2]! * Double(golden.draws)
            statistic += (Double(count) - expected) * (Double(count) - expected) / expected
        }
        #expect(statistic < test.critical, "mean \(mean): chi-square \(statistic) ≥ \(test.critical) over \(test.bins.count) bins")
        // The sample mean within five standard errors.
        let error = abs(sum / Double(golden.draws) - mean)
        #expect(error < 5 * (mean / Double(golden.draws)).squareRoot(), "mean \(mean): sample mean off by \(error)")
    }

    /// A distinct row's count is drawn as its mean is (a count of 1 by its own walk).
    @Test(arguments: [UInt64(1), 2, 9, 10, 5000])
    func aCountIsDrawnAsItsMean(count: UInt64) {
        var first = SplitMix64(seed: count), second = SplitMix64(seed: count)
        let byCount = (0..<20000).map { _ in PoissonDraw.sample(count: count, using: &first) }
        let byMean = (0..<20000).map { _ in PoissonDraw.sample(mean: Double(count), using: &second) }
        #expect(byCount == byMean)
        #expect(Set(byCount).count > 3)
    }

    @Test func aMeanOfZeroDrawsNothingAndTheDrawIsTheGenerators() {
        var generator = SplitMix64(seed: 1)
        #expect(PoissonDraw.sample(mean: 0, using: &generator) == 0)
        var first = SplitMix64(seed: 42), second = SplitMix64(seed: 42)
        let a = (0..<100).map { _ in PoissonDraw.sample(mean: 37.5, using: &first) }
        let b = (0..<100).map { _ in PoissonDraw.sample(mean: 37.5, using: &second) }
        #expect(a == b)
    }
}

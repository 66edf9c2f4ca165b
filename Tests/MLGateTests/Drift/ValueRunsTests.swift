import Foundation
import Testing

@testable import MLGate

/// A column of integers close together is held as value counts, and the numeric drift
/// statistics read it as runs (``ValueRuns``) without a double per row: every statistic,
/// bin and histogram must be what the sorted array of every value gives, to the bit (the
/// reference's standard deviation to its last bits).
@Suite struct ValueRunsTests {
    /// Seeded integer samples: few distinct values, many, one, and two far apart.
    static let cases: [(reference: [Double], current: [Double])] = {
        var generator = SplitMix64(seed: 29)
        func sample(_ count: Int, _ range: ClosedRange<Int>) -> [Double] {
            (0..<count).map { _ in Double(Int.random(in: range, using: &generator)) }.sorted()
        }
        return [
            (sample(5_000, 18...90), sample(4_000, 20...95)),
            (sample(3_000, 0...4), sample(3_500, 1...5)),
            (sample(800, -50...50), sample(900, -40...60)),
            (sample(20_000, 0...3_000), sample(12_000, 500...3_500)),
            ([7, 7, 7], [7, 7]),
            (sample(2_000, 1...1), sample(1_500, 1...2)),
        ]
    }()

    @Test(arguments: cases.indices)
    func everyStatisticMatchesTheSortedArrays(_ index: Int) {
        let (a, b) = Self.cases[index]
        let ra = ValueRuns(sorted: a), rb = ValueRuns(sorted: b)
        #expect(ra.count == a.count && ra.smallest == a[0] && ra.largest == a[a.count - 1])
        #expect((0..<a.count).allSatisfy { ra.value(at: $0) == a[$0] })
        for x in [a[0] - 1, a[0], (a[0] + a[a.count - 1]) / 2, a[a.count - 1], a[a.count - 1] + 0.5] {
            #expect(ra.count(below: x) == a.count(below: x) && ra.count(atMost: x) == a.count(atMost: x))
        }
        #expect(Wasserstein.distance(reference: ra, current: rb).bitPattern == Wasserstein.distance(sortedReference: a, sortedCurrent: b).bitPattern)
        let deviation = Wasserstein.populationStandardDeviation(a)
        #expect(abs(Wasserstein.populationStandardDeviation(ra) - deviation) <= 4 * deviation.ulp)
        Self.expectSameTestsAndBins(ra, rb, as: a, b)
    }

    /// KS (every method), Evidently's bins and the display histogram, and reference-quantile
    /// bins of two samples in another form (`ra`, `rb`) equal those of their sorted arrays.
    static func expectSameTestsAndBins(_ ra: some AscendingSample, _ rb: some AscendingSample, as a: [Double], _ b: [Double]) {
        for method in KolmogorovSmirnov.Method.allCases {
            #expect(KolmogorovSmirnov.test(reference: ra, current: rb, method: method)
                == KolmogorovSmirnov.test(sortedReference: a, sortedCurrent: b, method: method))
        }
        for integerData in [false, true] {
            let other = DriftBinning.evidently(reference: ra, current: rb, integerData: integerData)
            let arrays = DriftBinning.evidently(sortedReference: a, sortedCurrent: b, integerData: integerData)
            #expect(other.bins == arrays.bins && other.histogram == arrays.histogram)
            #expect(DriftColumnTest.displayHistogram(ra, rb, integers: integerData) == DriftColumnTest.displayHistogram(a, b, integers: integerData))
        }
        for bins in [1, 4, 10] {
            let other = DriftBinning.referenceQuantiles(reference: ra, current: rb, bins: bins)
            let arrays = DriftBinning.referenceQuantiles(sortedReference: a, sortedCurrent: b, bins: bins)
            #expect(other.edges == arrays.edges && other.histogram == arrays.histogram)
        }
    }

    /// End to end: a column read as counts gives the drift result of the same column held
    /// as values, for every numeric method.
    @Test(arguments: [DriftMethod.auto, .ks, .wasserstein, .psi, .jensenshannon])
    func aCountedColumnIsJudgedAsItsValues(_ method: DriftMethod) throws {
        let (a, b) = Self.cases[0]
        func sample(_ values: [Double], counted: Bool) -> DriftColumnSample {
            var sample = DriftColumnSample()
            for value in values.reversed() {
                var text = Array(String(Int(value)).utf8)
                text.withUnsafeMutableBufferPointer { sample.observe(UnsafeBufferPointer($0)) }
            }
            if !counted { sample.numbers = sample.numbers }
            return sample
        }
        let counted = (sample(a, counted: true), sample(b, counted: true))
        let stored = (sample(a, counted: false), sample(b, counted: false))
        #expect(counted.0.holdsCounts && counted.1.holdsCounts && !stored.0.holdsCounts)
        let test = DriftColumnTest(column: "age", kind: .numeric, method: method, threshold: nil, ksMethod: .auto, bins: 10)
        let fromRuns = try test.run(reference: counted.0, current: counted.1)
        let fromValues = try test.run(reference: stored.0, current: stored.1)
        #expect(fromRuns.method == fromValues.method && fromRuns.histogram == fromValues.histogram)
        #expect(fromRuns.drifted == fromValues.drifted && fromRuns.statistic == fromValues.statistic)
        #expect(abs(fromRuns.value - fromValues.value) <= 4 * fromValues.value.ulp, "\(fromRuns.value) / \(fromValues.value)")
    }
}

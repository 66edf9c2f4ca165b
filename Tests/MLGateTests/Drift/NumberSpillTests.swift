import Foundation
import Testing

@testable import MLGate

/// A drift column whose numbers outgrow memory is written to disk in sorted runs and read
/// back from one merged file (``NumberSpill``, ``SpilledSortedNumbers``): every
/// statistic, bin and histogram must be what the sorted array of the same values gives,
/// to the bit, and a column judged from spilled numbers must be judged as from memory.
@Suite struct NumberSpillTests {
    /// Seeded samples: continuous values with repeats, a narrow range of many repeats,
    /// negative and −0/0 values, and a single value.
    static let cases: [(reference: [Double], current: [Double])] = {
        var generator = SplitMix64(seed: 41)
        func sample(_ count: Int, scale: Double, shift: Double, decimals: Double) -> [Double] {
            (0..<count).map { _ in ((Double.random(in: 0..<1, using: &generator) * scale + shift) * decimals).rounded() / decimals }
        }
        return [
            (sample(30_000, scale: 100, shift: 0, decimals: 100), sample(25_000, scale: 110, shift: 5, decimals: 100)),
            (sample(20_000, scale: 4, shift: 0, decimals: 1), sample(18_000, scale: 4, shift: 1, decimals: 1)),
            (sample(5_000, scale: 2, shift: -1, decimals: 1e6) + [-0.0, 0.0, -0.0], sample(7_000, scale: 2, shift: -0.5, decimals: 1e6) + [0.0]),
            ([3.5, 3.5, 3.5], [3.5, 3.5]),
        ]
    }()

    @Test(arguments: cases.indices)
    func aSpillFileIsReadAsItsSortedArray(_ index: Int) throws {
        let a = SortedSample.ascending(Self.cases[index].reference), b = SortedSample.ascending(Self.cases[index].current)
        let fa = try SpilledSortedNumbers(sorted: a), fb = try SpilledSortedNumbers(sorted: b)
        #expect(fa.count == a.count && fa.smallest == a[0] && fa.largest == a[a.count - 1])
        #expect((0..<a.count).allSatisfy { fa.value(at: $0).bitPattern == a[$0].bitPattern })
        #expect(fa.allValues().map(\.bitPattern) == a.map(\.bitPattern))
        for x in [a[0] - 1, a[0], a[a.count / 3], (a[0] + a[a.count - 1]) / 2, a[a.count - 1], a[a.count - 1] + 0.5] {
            #expect(fa.count(below: x) == a.count(below: x) && fa.count(atMost: x) == a.count(atMost: x))
        }
        for limit in [1, 5, 21, 1_000_000] { #expect(fa.distinctCount(upTo: limit) == a.distinctCount(upTo: limit)) }
        #expect(DriftColumnTest.distinctCount(fa, fb) == DriftColumnTest.distinctCount(a, b))
        #expect(Wasserstein.distance(reference: fa, current: fb).bitPattern == Wasserstein.distance(sortedReference: a, sortedCurrent: b).bitPattern)
        #expect(Wasserstein.populationStandardDeviation(fa).bitPattern == Wasserstein.populationStandardDeviation(a).bitPattern)
        ValueRunsTests.expectSameTestsAndBins(fa, fb, as: a, b)
        #expect(fa.file.readFailure == nil && fb.file.readFailure == nil)
    }

    /// Merging many runs and the values still in memory gives every value in the order
    /// a sort of them all gives (−0 before 0 included).
    @Test func runsMergeIntoTheSortedValues() throws {
        var generator = SplitMix64(seed: 7)
        let values = (0..<50_000).map { _ in (Double.random(in: -1..<1, using: &generator) * 1000).rounded() / 8 } + [-0.0, 0.0, -0.0]
        var spill = NumberSpill()
        var start = 0
        for size in [1, 17, 4_096, 10_000, 333, 20_000] {
            try spill.add(sortedRun: SortedSample.ascending(Array(values[start..<(start + size)])))
            start += size
        }
        #expect(spill.runs.count == 6 && spill.count == start)
        var unsorted: [Double] = []
        try spill.forEachValue { unsorted.append($0) }
        #expect(unsorted.count == start)
        let merged = try spill.merged(with: SortedSample.ascending(Array(values[start...])))
        #expect(merged.allValues().map(\.bitPattern) == SortedSample.ascending(values).map(\.bitPattern))
    }

    /// A sample fed cell by cell with a small spill limit: its numbers go to disk in
    /// runs (integers counted first, then stored), and every numeric method judges the
    /// column as the same sample held in memory does.
    @Test(arguments: [DriftMethod.auto, .ks, .wasserstein, .psi, .jensenshannon, .chisquare, .linf])
    func aSpilledColumnIsJudgedAsInMemory(_ method: DriftMethod) throws {
        let (a, b) = Self.cases[0]
        func sample(_ values: [Double], spillLimit: Int) -> DriftColumnSample {
            var sample = DriftColumnSample()
            sample.spillLimit = spillLimit
            // Integers first (held as counts), then the rest: the counts are flushed into runs.
            for value in values.filter({ $0 == $0.rounded() }) + values.filter({ $0 != $0.rounded() }) {
                var text = Array(DriftColumnSample.text(of: value).utf8)
                text.withUnsafeMutableBufferPointer { sample.observe(UnsafeBufferPointer($0)) }
            }
            sample.settle()
            return sample
        }
        let spilled = (sample(a, spillLimit: 2_000), sample(b, spillLimit: 3_000))
        let held = (sample(a, spillLimit: 0), sample(b, spillLimit: 0))
        var check = spilled.0
        check.sortStoredNumbers()
        #expect(check.spilled?.count == a.count && check.spillFailure == nil)
        let test = DriftColumnTest(column: "income", kind: .numeric, method: method, threshold: nil, ksMethod: .auto, bins: 10)
        let fromDisk = try test.run(reference: spilled.0, current: spilled.1)
        let fromMemory = try test.run(reference: held.0, current: held.1)
        #expect(fromDisk.method == fromMemory.method && fromDisk.histogram == fromMemory.histogram)
        #expect(fromDisk.statistic == fromMemory.statistic && fromDisk.details == fromMemory.details)
        #expect(fromDisk.value.bitPattern == fromMemory.value.bitPattern, "\(fromDisk.value) / \(fromMemory.value)")
        // One side spilled, the other in memory: the same again.
        let mixed = try test.run(reference: spilled.0, current: held.1)
        #expect(mixed.value.bitPattern == fromMemory.value.bitPattern && mixed.histogram == fromMemory.histogram)
    }

    /// Two parts of a column, each spilled, append into the whole column's numbers; a
    /// part that turns out to hold text makes the whole column text, its spilled numbers
    /// counted as categories.
    @Test func partsAppendAndTurnToText() throws {
        func part(_ values: [String]) -> DriftColumnSample {
            var sample = DriftColumnSample()
            sample.spillLimit = 100
            for value in values {
                var text = Array(value.utf8)
                text.withUnsafeMutableBufferPointer { sample.observe(UnsafeBufferPointer($0)) }
            }
            return sample
        }
        let first = (0..<350).map { "\(Double($0) / 4)" }, second = (0..<250).map { "\(Double($0 % 40) + 0.5)" }
        var whole = part(first)
        whole.append(part(second))
        whole.sortStoredNumbers()
        let expected = SortedSample.ascending((first + second).map { Double($0)! })
        #expect(whole.spilled?.allValues() == expected && whole.present == 600)
        #expect(whole.distinctNumbers(upTo: 10) == 11)
        #expect(whole.numberCounts == Dictionary(expected.map { ($0, 1) }, uniquingKeysWith: +))

        var text = part(first)
        text.append(part(["north"] + second))
        text.settle()
        #expect(!text.allNumbers && text.spilled == nil)
        #expect(text.categories.values.reduce(0, +) == 601 && text.categories["north"] == 1 && text.categories["0.25"] == 1)
    }

    /// A temporary folder that cannot be written: the numbers stay in memory, and the
    /// column is judged as without a spill.
    @Test func anUnwritableFolderKeepsTheNumbersInMemory() throws {
        SpillFile.$folderOverride.withValue("/nonexistent/mlgate-spill") {
            #expect(throws: SpillFile.Failure.self) { try SpilledSortedNumbers(sorted: [1, 2]) }
            var sample = DriftColumnSample()
            sample.spillLimit = 16
            for index in 0..<100 {
                var text = Array("\(Double(index) + 0.5)".utf8)
                text.withUnsafeMutableBufferPointer { sample.observe(UnsafeBufferPointer($0)) }
            }
            sample.sortStoredNumbers()
            #expect(sample.spilled == nil && sample.spillFailure == nil)
            #expect(sample.numbers == (0..<100).map { Double($0) + 0.5 })
        }
    }

    /// A run that cannot be read back when the column turns to text (its numbers counted
    /// as categories before the runs are dropped): the column is an error naming why,
    /// never categories counted from part of the values.
    @Test func aFailedReadOfARunIsAnErrorNotACount() throws {
        func sample(_ values: [String], spill: Bool) -> DriftColumnSample {
            var sample = DriftColumnSample()
            sample.spillLimit = spill ? 16 : 0
            for value in values {
                var text = Array(value.utf8)
                text.withUnsafeMutableBufferPointer { sample.observe(UnsafeBufferPointer($0)) }
            }
            return sample
        }
        var numbers = sample((0..<100).map { "\(Double($0) + 0.5)" }, spill: true)
        #expect(numbers.spillRuns.count > 1 && numbers.spillFailure == nil)
        #expect(ftruncate(numbers.spillRuns[0].descriptor, 0) == 0)
        numbers.append(sample(["north"], spill: false))
        numbers.settle()
        #expect(!numbers.allNumbers && !numbers.hasSpillRuns)
        #expect(numbers.spillFailure?.contains("the file ended early") == true, "\(numbers.spillFailure ?? "no failure")")
        let test = DriftColumnTest(column: "region", kind: .categorical, method: .chisquare, threshold: nil, ksMethod: .auto, bins: 10)
        #expect {
            _ = try test.run(reference: sample(["north", "south"], spill: false), current: numbers)
        } throws: { error in
            (error as? DriftColumnTest.Problem)?.message.contains("'region': cannot read back") == true
        }
    }

    /// Runs written, then a merge that cannot make its file: the column is an error that
    /// names the folder, never a statistic of the values still in memory.
    @Test func aFailedMergeIsAnErrorNotANumber() throws {
        var sample = DriftColumnSample()
        sample.spillLimit = 16
        for index in 0..<100 {
            var text = Array("\(Double(index) + 0.5)".utf8)
            text.withUnsafeMutableBufferPointer { sample.observe(UnsafeBufferPointer($0)) }
        }
        #expect(sample.hasSpillRuns)
        SpillFile.$folderOverride.withValue("/nonexistent/mlgate-spill") { sample.sortStoredNumbers() }
        #expect(sample.spilled == nil && sample.spillFailure?.contains("/nonexistent/mlgate-spill") == true)
        let test = DriftColumnTest(column: "income", kind: .numeric, method: .ks, threshold: nil, ksMethod: .auto, bins: 10)
        #expect {
            _ = try test.run(reference: sample, current: sample)
        } throws: { error in
            (error as? DriftColumnTest.Problem)?.message.contains("'income': cannot make a temporary file in /nonexistent/mlgate-spill") == true
        }
    }
}

import Foundation

/// One model's median absolute error on every resample of a paired bootstrap, found in
/// one pass over the paired rows in ascending order of that model's absolute errors, as
/// they come (``DatabaseTable/Grouping/ordered(_:)``): the streamed form of
/// ``RegressionMetrics``' resampled median, whose memory does not grow with the rows (a
/// few numbers per resample).
///
/// A resample's median is scikit-learn's averaged weighted percentile at 50
/// (``WeightedPercentile/averaged(sorted:percentile:)``) of the errors it drew, each
/// weighing its weight times its draws: the first error whose running weight reaches
/// half the resample's total; when it reaches it within ε, the mean of that error and
/// the next one with weight. The total comes from an earlier read
/// (``ResampledRegressionSums``: the same weights, added in another order). Rows of one
/// error come in one run (``PairedDraws``): the run whose running weight reaches half
/// the total holds the first row that does, whichever order the run's rows take.
struct ResampledMedians: ResampledSums {
    /// The resamples kept here (a part of them, when the resamples are shared out over
    /// the cores).
    let resamples: Range<Int>
    /// Half of each resample's total weight.
    private let targets: [Double]
    /// Each resample's weight drawn so far.
    private var running: [Double]
    /// Each resample's median once found (NaN before).
    private var medians: [Double]
    /// The error whose running weight reached half the total within ε, waiting for the
    /// next error with weight (NaN when none waits).
    private var waiting: [Double]
    /// The resamples that drew weight in the current run, and its error.
    private var drawn: [Int] = []
    private var drewInRun: [Bool]
    private var runError = 0.0

    /// A row's absolute error and weight (1 without a weight column).
    struct Row: Sendable {
        var error: Double
        var weight: Double
    }

    /// A median is decided where a run of equal errors ends.
    static var closesRuns: Bool { true }
    var isOpen: Bool { !drawn.isEmpty }

    /// Medians of resamples `resamples` whose weights add up to `totals[i]` in resample
    /// `resamples.lowerBound + i`.
    init(resamples: Range<Int>, totals: ArraySlice<Double>) {
        precondition(totals.count == resamples.count)
        self.resamples = resamples
        targets = totals.map { 0.5 * $0 }
        running = Array(repeating: 0, count: resamples.count)
        medians = Array(repeating: .nan, count: resamples.count)
        waiting = medians
        drewInRun = Array(repeating: false, count: resamples.count)
    }

    /// Adds `row`, drawn `draws[i]` times by resample `resamples.lowerBound + i`. A row
    /// that weighs nothing in a resample is no step of its weighted distribution.
    mutating func add(_ row: Row, draws: UnsafeBufferPointer<UInt32>) {
        precondition(draws.count == running.count)
        runError = row.error
        for index in 0..<draws.count where draws[index] > 0 {
            let weight = row.weight * Double(draws[index])
            guard weight > 0 else { continue }
            running[index] += weight
            if !drewInRun[index] {
                drewInRun[index] = true
                drawn.append(index)
            }
        }
    }

    /// Ends a run of equal errors: each resample that drew weight in it and was waiting
    /// takes the mean of the waiting error and this one; one whose running weight now
    /// reaches half its total takes this error, or waits when it reaches it within ε.
    mutating func closeRun() {
        let error = runError
        for index in drawn {
            drewInRun[index] = false
            guard medians[index].isNaN else { continue }
            if !waiting[index].isNaN {
                medians[index] = (waiting[index] + error) / 2
                continue
            }
            let target = targets[index] == 0 ? targets[index].nextUp : targets[index]
            guard running[index] > 0, running[index] >= target else { continue }
            if running[index] - target > Double.ulpOfOne {
                medians[index] = error
            } else {
                waiting[index] = error
            }
        }
        drawn.removeAll(keepingCapacity: true)
    }

    /// Resample `resample`'s median (of `resamples`): NaN when it drew no weight, as
    /// ``WeightedPercentile`` gives.
    func median(resample: Int) -> Double {
        let index = resample - resamples.lowerBound
        // No later error with weight: the waiting error averaged with itself.
        return medians[index].isNaN ? waiting[index] : medians[index]
    }
}

extension ResampledMedians {
    /// One model's total weight on each resample, in the whole table and in each slice
    /// value: what each resample's median needs to know before its pass.
    struct Totals: Sendable {
        /// Resample `i`'s total weight of the whole table.
        var overall: [Double]
        /// Per slice column, each value (by code) with its totals.
        var slices: [[(value: String, totals: [Double])]]

        /// The medians of a scope (column −1: the whole table; or a slice value by
        /// column and code) for a part of the resamples.
        func medians(column: Int, code: Int, resamples: Range<Int>) -> ResampledMedians {
            ResampledMedians(resamples: resamples, totals: (column < 0 ? overall : slices[column][code].totals)[resamples])
        }
    }
}

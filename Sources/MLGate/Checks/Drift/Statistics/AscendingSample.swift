/// A numeric sample in ascending order, as the drift statistics read it: a sorted array of
/// every value, or the distinct values with their counts (``ValueRuns``), which give the
/// same statistics without a double per row. The statistics walk a sample value by value
/// (``AscendingWalker``) or count the values on one side of a point; both forms answer
/// with the same numbers, so a statistic computed on either is the same to the bit.
protocol AscendingSample {
    associatedtype Walker: AscendingWalker
    /// How many values (counted with their repetitions).
    var count: Int { get }
    /// The smallest value (the sample is not empty).
    var smallest: Double { get }
    /// The largest value.
    var largest: Double { get }
    /// How many values are below `x`.
    func count(below x: Double) -> Int
    /// How many values are at most `x`.
    func count(atMost x: Double) -> Int
    /// How many distinct values there are, counting no further than `limit`.
    func distinctCount(upTo limit: Int) -> Int
    /// The value at `position` (0 ..< count) in ascending order.
    func value(at position: Int) -> Double
    /// Runs `body` with a walker at the sample's start.
    func withWalker<T>(_ body: (inout Walker) -> T) -> T
}

/// A walk up a sample: the values at most a point are passed, and the next is in view.
protocol AscendingWalker {
    /// The smallest value not passed yet; nil at the end.
    var next: Double? { get }
    /// Passes every value at most `x` and returns how many values are passed in all.
    mutating func pass(atMost x: Double) -> Int
}

/// The smaller of the next values of two walks (the first walk's on a tie, and the
/// second's when they do not compare); nil when both are at their end.
@inline(__always)
func nextOfEither(_ a: Double?, _ b: Double?) -> Double? {
    guard let b else { return a }
    guard let a else { return b }
    return a <= b ? a : b
}

extension Array: AscendingSample where Element == Double {
    var smallest: Double { self[0] }
    var largest: Double { self[count - 1] }

    func value(at position: Int) -> Double { self[position] }
    func count(below x: Double) -> Int { partitionPoint { $0 >= x } }
    func count(atMost x: Double) -> Int { partitionPoint { $0 > x } }

    func distinctCount(upTo limit: Int) -> Int {
        guard !isEmpty else { return 0 }
        var distinct = 1
        for index in 1..<count where self[index] != self[index - 1] {
            distinct += 1
            if distinct >= limit { return distinct }
        }
        return distinct
    }

    func withWalker<T>(_ body: (inout SortedArrayWalker) -> T) -> T {
        withUnsafeBufferPointer { buffer in
            var walker = SortedArrayWalker(values: buffer)
            return body(&walker)
        }
    }
}

/// A walk up a sorted array, a value at a time.
struct SortedArrayWalker: AscendingWalker {
    let values: UnsafeBufferPointer<Double>
    private var index = 0

    init(values: UnsafeBufferPointer<Double>) {
        self.values = values
    }

    var next: Double? { index < values.count ? values[index] : nil }

    @inline(__always)
    mutating func pass(atMost x: Double) -> Int {
        while index < values.count && values[index] <= x { index += 1 }
        return index
    }
}

/// A sample as its distinct values, ascending, each with how often it occurs: what a
/// column of integers close together is held as (``IntegerValueCounts``), a few thousand
/// entries for a million rows.
struct ValueRuns: AscendingSample, Sendable, Equatable {
    /// The distinct values, ascending.
    private(set) var values: [Double] = []
    /// `atMost[k]`: how many values are at most `values[k]`.
    private(set) var atMost: [Int] = []

    /// Runs of `values` (ascending, distinct), each occurring `counts` times (positive).
    init(values: [Double], counts: [Int]) {
        precondition(values.count == counts.count, "a count per value")
        self.values = values
        var total = 0
        atMost = counts.map { count in
            total += count
            return total
        }
    }

    /// The values of a sorted array, with their repetitions.
    init(sorted: [Double]) {
        var values: [Double] = [], counts: [Int] = []
        for value in sorted {
            if value == values.last { counts[counts.count - 1] += 1 } else { values.append(value); counts.append(1) }
        }
        self.init(values: values, counts: counts)
    }

    var count: Int { atMost.last ?? 0 }
    var smallest: Double { values[0] }
    var largest: Double { values[values.count - 1] }

    /// Each distinct value with its count, ascending.
    var runs: some Sequence<(value: Double, count: Int)> {
        values.indices.lazy.map { (self.values[$0], self.atMost[$0] - ($0 == 0 ? 0 : self.atMost[$0 - 1])) }
    }

    func count(below x: Double) -> Int { countOfRuns { $0 >= x } }
    func count(atMost x: Double) -> Int { countOfRuns { $0 > x } }

    func distinctCount(upTo limit: Int) -> Int { values.isEmpty ? 0 : Swift.min(values.count, Swift.max(limit, 1)) }

    func value(at position: Int) -> Double {
        // The first run whose values reach past `position`.
        values[atMost.partitionPoint { $0 > position }]
    }

    func withWalker<T>(_ body: (inout ValueRunsWalker) -> T) -> T {
        var walker = ValueRunsWalker(runs: self)
        return body(&walker)
    }

    /// The values before the first run where `predicate` (monotone: false…true) holds.
    private func countOfRuns(where predicate: (Double) -> Bool) -> Int {
        let run = values.partitionPoint(where: predicate)
        return run == 0 ? 0 : atMost[run - 1]
    }
}

/// A walk up a sample's runs, a distinct value at a time.
struct ValueRunsWalker: AscendingWalker {
    let runs: ValueRuns
    private var index = 0
    private var passed = 0

    init(runs: ValueRuns) {
        self.runs = runs
    }

    var next: Double? { index < runs.values.count ? runs.values[index] : nil }

    @inline(__always)
    mutating func pass(atMost x: Double) -> Int {
        while index < runs.values.count && runs.values[index] <= x {
            passed = runs.atMost[index]
            index += 1
        }
        return passed
    }
}

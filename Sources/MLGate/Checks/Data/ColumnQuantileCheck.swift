/// `column_quantile`: a quantile of a numeric column lies within bounds.
///
/// Exact, with linear interpolation between the closest ranks (numpy's and pandas'
/// default): the check keeps the column's numbers, which is what an exact quantile
/// needs: 4 bytes a row while they are decimals of a few places (``CompactNumbers``),
/// 8 otherwise.
public struct ColumnQuantileCheck: TableCheck {
    public static let identifier = "column_quantile"
    public static let summary =
        "The `quantile` (0–1; 0.5 is the median) of the numbers in `column`, interpolated linearly as numpy and pandas do, lies between `min` and `max`, inclusive."
    public static let parameters =
        [ColumnParameter.spec, ParameterSpec("quantile", .number, required: true, "Which quantile, from 0 to 1 (0.5: the median).")]
        + StatisticBounds.parameters
    public static let examples: [TableCheckExample] = [
        .passing("column: income\nquantile: 0.5\nmin: 25\nmax: 25", csv: "income\n10\n20\n30\n40\n"),
        .passing("column: income\nquantile: 0.25\nmax: 17.5", csv: "income\n40\n10\n\n30\n20\n"),
        .failing("column: income\nquantile: 0.9\nmax: 30", csv: "income\n10\n20\n30\n40\n"),
        .failing("column: income\nquantile: 0.5\nmin: 0", csv: "income\n\n\n"),
    ]

    /// The column.
    public var column: String
    /// Which quantile.
    public var quantile: Double
    /// The bounds on it.
    public var bounds: StatisticBounds

    public init(parameters: CheckParameters) throws(DiagnosticError) {
        column = parameters.string("column") ?? ""
        quantile = parameters.number("quantile") ?? 0.5
        guard quantile >= 0, quantile <= 1 else {
            throw parameters.error("'quantile' must lie between 0 and 1, found \(quantile)", at: "quantile")
        }
        bounds = try StatisticBounds(parameters, check: Self.identifier)
    }

    public struct Accumulator: TableAccumulator {
        var summary: NumericColumnSummary
        /// The numbers, in a buffer the verdict may reorder in place (no second copy).
        let values = Values()
        /// How many numbers fall in each bucket of ``Accumulator/bucket(_:)``, counted as
        /// they stream past (on each core), so that the verdict only selects among the
        /// numbers of one or two buckets.
        var histogram: [Int32] = []
        /// The quantile a SQL engine computed (``PushdownTableCheck``), when it did.
        var pushedQuantile: Double?

        public mutating func observe(_ batch: RowBatch) {
            var numbers: [Double]? = []
            summary.observe(batch, keeping: &numbers)
            guard let numbers, !numbers.isEmpty else { return }
            if histogram.isEmpty { histogram = Array(repeating: 0, count: Self.bucketCount) }
            histogram.withUnsafeMutableBufferPointer { histogram in
                for value in numbers { histogram[Self.bucket(value)] &+= 1 }
            }
            // Taken out of its box while it grows, so that appending neither copies the
            // column nor checks access to the box per number.
            var kept = values.numbers
            values.numbers = CompactNumbers()
            kept.append(contentsOf: numbers)
            values.numbers = kept
        }

        public mutating func expect(rows: Int) {
            values.numbers.reserveCapacity(rows)
        }

        public mutating func merge(_ other: Accumulator) {
            summary.merge(other.summary)
            values.numbers.append(contentsOf: other.values.numbers)
            other.values.numbers = CompactNumbers()
            if histogram.isEmpty {
                histogram = other.histogram
            } else if !other.histogram.isEmpty {
                for index in histogram.indices { histogram[index] &+= other.histogram[index] }
            }
        }

        static let bucketCount = 1 << 16

        /// The number's bucket: the top 16 bits of its bits made to sort as the numbers
        /// do (sign, exponent and four bits of the mantissa: a sixteenth of an octave).
        @inline(__always)
        static func bucket(_ value: Double) -> Int {
            let bits = value.bitPattern
            let ordered = bits >> 63 == 0 ? bits | (1 << 63) : ~bits
            return Int(truncatingIfNeeded: ordered >> 48)
        }
    }

    /// The column's numbers, four bytes each while they are decimals of a few places
    /// (``CompactNumbers``). A class so that the verdict can select in place: an
    /// accumulator is owned by one task at a time and never shared.
    final class Values: @unchecked Sendable {
        var numbers = CompactNumbers()
    }

    public func makeAccumulator(columns: [String]) -> Accumulator {
        var summary = NumericColumnSummary(columnNamed: column, in: columns)
        summary.keepsMoments = false
        return Accumulator(summary: summary)
    }

    public func evaluate(_ accumulator: Accumulator, table: TableSummary) -> CheckEvaluation {
        if let problem = accumulator.summary.problem(column, table: table) { return problem }
        let count = accumulator.pushedQuantile == nil ? accumulator.values.numbers.count : accumulator.summary.count
        let value = accumulator.pushedQuantile ?? Self.quantile(&accumulator.values.numbers, quantile, histogram: accumulator.histogram)
        return bounds.evaluate(
            value, "quantile \(NumberFormatting.value(quantile)) of '\(column)'",
            extra: [Measurement("quantile", quantile), Measurement("count", Double(count))])
    }

    /// numpy's default (`linear`): position q·(n−1) between the ordered values, found by
    /// selection (expected linear time) rather than a full sort. Reorders `values`.
    ///
    /// With a `histogram` of the values' buckets (``Accumulator/bucket(_:)``), only the
    /// numbers of the bucket holding the order statistic (and of the next one with any)
    /// are gathered and selected among: one pass over the values instead of several.
    static func quantile(_ values: inout [Double], _ q: Double, histogram: [Int32] = []) -> Double {
        guard !values.isEmpty else { return .nan }
        let (lower, upper, fraction) = ranks(q, count: values.count)
        let (a, b): (Double, Double)
        if histogram.count == Accumulator.bucketCount, values.count >= 1 << 14,
           let pair = orderStatistics(values, lower, upper, histogram: histogram) {
            (a, b) = pair
        } else {
            a = select(&values, lower)
            // Everything after `lower` is ≥ a: the next order statistic is their minimum.
            b = upper == lower ? a : values[(lower + 1)...].min()!
        }
        return interpolated(a, b, fraction: fraction)
    }

    /// ``quantile(_:_:histogram:)`` of numbers kept compact: from the histogram's
    /// buckets without a copy of the column; when it does not serve, among all of
    /// them as doubles (the compact column is released first).
    static func quantile(_ numbers: inout CompactNumbers, _ q: Double, histogram: [Int32] = []) -> Double {
        guard !numbers.isEmpty else { return .nan }
        let (lower, upper, fraction) = ranks(q, count: numbers.count)
        if histogram.count == Accumulator.bucketCount, numbers.count >= 1 << 14,
           let (a, b) = orderStatistics(numbers, lower, upper, histogram: histogram) {
            return interpolated(a, b, fraction: fraction)
        }
        var values = numbers.asDoubles
        numbers = CompactNumbers()
        return quantile(&values, q)
    }

    /// The closest ranks (0-based) of the `q` quantile among `count` values, and how far
    /// past the lower one it lies: position q·(n−1).
    static func ranks(_ q: Double, count: Int) -> (lower: Int, upper: Int, fraction: Double) {
        let position = q * Double(count - 1)
        let lower = Int(position.rounded(.down))
        return (lower, min(lower + 1, count - 1), position - Double(lower))
    }

    /// numpy's _lerp between the order statistics `a` and `b`: exact at both ends.
    static func interpolated(_ a: Double, _ b: Double, fraction: Double) -> Double {
        let diff = b - a
        return fraction >= 0.5 ? b - diff * (1 - fraction) : a + diff * fraction
    }

    /// The `lower`-th and `upper`-th smallest values (0-based, `upper` is `lower` or the
    /// next) from the buckets that hold them; nil when the histogram does not account for
    /// every value (the caller then selects among them all).
    static func orderStatistics(_ values: some Collection<Double>, _ lower: Int, _ upper: Int, histogram: [Int32]) -> (Double, Double)? {
        var below = 0, target = -1
        for bucket in histogram.indices {
            let count = Int(histogram[bucket])
            if below + count > lower {
                target = bucket
                break
            }
            below += count
        }
        guard target >= 0 else { return nil }
        // The next bucket with any numbers, for the upper statistic past the target's.
        var next = target + 1
        while next < histogram.count, histogram[next] == 0 { next += 1 }
        var inTarget: [Double] = [], inNext: [Double] = []
        inTarget.reserveCapacity(Int(histogram[target]))
        for value in values {
            let bucket = Accumulator.bucket(value)
            if bucket == target { inTarget.append(value) } else if bucket == next { inNext.append(value) }
        }
        guard inTarget.count == Int(histogram[target]) else { return nil }
        let a = select(&inTarget, lower - below)
        if upper == lower { return (a, a) }
        if upper - below < inTarget.count { return (a, inTarget[(lower - below + 1)...].min()!) }
        guard let b = inNext.min() else { return nil }
        return (a, b)
    }

    /// The `k`-th smallest value (0-based), leaving smaller values before it and larger
    /// ones after (Hoare's quickselect with a median-of-three pivot).
    static func select(_ values: inout [Double], _ k: Int) -> Double {
        var low = 0, high = values.count - 1
        while low < high {
            let middle = low + (high - low) / 2
            // Median of three as the pivot.
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            let pivot = values[middle]
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return values[k]
            }
        }
        return values[k]
    }
}

extension ColumnQuantileCheck.Accumulator: ColumnUsingAccumulator {
    var columnUse: ColumnUse { summary.columnUse }
}

/// `column_quantile`: a quantile of a numeric column lies within bounds.
///
/// Exact, with linear interpolation between the closest ranks (numpy's and pandas'
/// default): the check keeps the column's numbers, 8 bytes per row, which is what an
/// exact quantile needs.
public struct ColumnQuantileCheck: TableCheck {
    public static let identifier = "column_quantile"
    public static let summary =
        "The `quantile` (0–1; 0.5 is the median) of the numbers in `column`, interpolated linearly as numpy and pandas do, lies between `min` and `max`, inclusive."
    public static let parameters =
        [ColumnParameter.spec, ParameterSpec("quantile", .number, required: true, "Which quantile, from 0 to 1 (0.5: the median).")]
        + StatisticBounds.parameters
    public static let examples: [CheckExample] = [
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
        public mutating func observe(_ batch: RowBatch) {
            summary.observe(batch)
            guard let column = summary.column, column < batch.width else { return }
            batch.forEachCell(in: column) { bytes in
                if let bytes, let value = NumberParser.double(bytes), !value.isNaN { values.items.append(value) }
            }
        }
        public mutating func merge(_ other: Accumulator) {
            summary.merge(other.summary)
            values.items += other.values.items
            other.values.items = []
        }
    }

    /// The column's numbers. A class so that the verdict can select in place: an
    /// accumulator is owned by one task at a time and never shared.
    final class Values: @unchecked Sendable {
        var items: [Double] = []
    }

    public func makeAccumulator(columns: [String]) -> Accumulator {
        Accumulator(summary: NumericColumnSummary(columnNamed: column, in: columns))
    }

    public func evaluate(_ accumulator: Accumulator, table: TableSummary) -> CheckEvaluation {
        if let problem = accumulator.summary.problem(column, table: table) { return problem }
        let count = accumulator.values.items.count
        let value = Self.quantile(&accumulator.values.items, quantile)
        return bounds.evaluate(
            value, "quantile \(NumberFormatting.value(quantile)) of '\(column)'",
            extra: [Measurement("quantile", quantile), Measurement("count", Double(count))])
    }

    /// numpy's default (`linear`): position q·(n−1) between the ordered values, found by
    /// selection (expected linear time) rather than a full sort. Reorders `values`.
    static func quantile(_ values: inout [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let position = q * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        let fraction = position - Double(lower)
        let a = select(&values, lower)
        // Everything after `lower` is ≥ a: the next order statistic is their minimum.
        let b = upper == lower ? a : values[(lower + 1)...].min()!
        // numpy's _lerp: exact at both ends.
        let diff = b - a
        return fraction >= 0.5 ? b - diff * (1 - fraction) : a + diff * fraction
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

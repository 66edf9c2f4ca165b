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
        var values: [Double] = []
        public mutating func observe(_ batch: RowBatch) {
            summary.observe(batch)
            guard let column = summary.column, column < batch.width else { return }
            batch.forEachCell(in: column) { bytes in
                if let bytes, let value = NumberParser.double(bytes), !value.isNaN { values.append(value) }
            }
        }
        public mutating func merge(_ other: Accumulator) {
            summary.merge(other.summary)
            values += other.values
        }
    }

    public func makeAccumulator(columns: [String]) -> Accumulator {
        Accumulator(summary: NumericColumnSummary(columnNamed: column, in: columns))
    }

    public func evaluate(_ accumulator: Accumulator, table: TableSummary) -> CheckEvaluation {
        if let problem = accumulator.summary.problem(column, table: table) { return problem }
        let value = Self.quantile(accumulator.values, quantile)
        return bounds.evaluate(
            value, "quantile \(NumberFormatting.value(quantile)) of '\(column)'",
            extra: [Measurement("quantile", quantile), Measurement("count", Double(accumulator.values.count))])
    }

    /// numpy's default (`linear`): position q·(n−1) between the sorted values.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        var sorted = values
        sorted.sort()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        // numpy's _lerp: exact at both ends.
        let (a, b) = (sorted[lower], sorted[upper])
        let diff = b - a
        return fraction >= 0.5 ? b - diff * (1 - fraction) : a + diff * fraction
    }
}

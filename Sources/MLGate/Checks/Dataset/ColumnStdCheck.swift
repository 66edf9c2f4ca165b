/// `column_std`: the sample standard deviation (ddof 1, as pandas) of a numeric column lies within bounds.
public struct ColumnStdCheck: TableCheck {
    public static let identifier = "column_std"
    public static let summary =
        "The sample standard deviation (ddof 1, as pandas) of `column` (empty cells skipped, as pandas skips NaN) lies between `min` and `max`, inclusive."
    public static let parameters = [ColumnParameter.spec] + StatisticBounds.parameters
    public static let examples: [CheckExample] = [
        .passing("column: age\nmin: 14\nmax: 15", csv: "age\n20\n40\n"),
        .failing("column: age\nmax: 10", csv: "age\n20\n40\n"),
        .failing("column: age\nmax: 100", csv: "age\n20\nold\n"),
    ]

    /// The column.
    public var column: String
    /// The bounds on the statistic.
    public var bounds: StatisticBounds

    public init(parameters: CheckParameters) throws(DiagnosticError) {
        column = parameters.string("column") ?? ""
        bounds = try StatisticBounds(parameters, check: Self.identifier)
    }

    public struct Accumulator: TableAccumulator {
        var summary: NumericColumnSummary
        public mutating func observe(_ batch: RowBatch) { summary.observe(batch) }
        public mutating func merge(_ other: Accumulator) { summary.merge(other.summary) }
    }

    public func makeAccumulator(columns: [String]) -> Accumulator {
        Accumulator(summary: NumericColumnSummary(columnNamed: column, in: columns))
    }

    public func evaluate(_ accumulator: Accumulator, table: TableSummary) -> CheckEvaluation {
        let summary = accumulator.summary
        if let problem = summary.problem(column, table: table) { return problem }
        return bounds.evaluate(summary.standardDeviation, "standard deviation of '\(column)'", extra: [Measurement("count", Double(summary.count))])
    }
}

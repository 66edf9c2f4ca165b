/// A dataset-level check on one statistic of a numeric column (`column_min`,
/// `column_max`, `column_mean`, `column_std`, `column_sum`): the statistic of the
/// numbers in `column` lies within `min` and `max`. Each conforming check names its
/// statistic; reading the column, the bounds and the verdict are shared here.
public protocol ColumnStatisticCheck: TableCheck where Accumulator == NumericColumnAccumulator {
    /// The statistic in messages: "mean".
    static var statisticName: String { get }
    /// The statistic of a column's numbers.
    static func statistic(_ summary: NumericColumnSummary) -> Double

    /// The column.
    var column: String { get }
    /// The bounds on the statistic.
    var bounds: StatisticBounds { get }
    /// Creates the check.
    init(column: String, bounds: StatisticBounds)
}

/// The running summary of one numeric column, as a check's accumulator.
public struct NumericColumnAccumulator: TableAccumulator {
    var summary: NumericColumnSummary
    public mutating func observe(_ batch: RowBatch) { summary.observe(batch) }
    public mutating func merge(_ other: NumericColumnAccumulator) { summary.merge(other.summary) }
}

extension ColumnStatisticCheck {
    public static var parameters: [ParameterSpec] { [ColumnParameter.spec] + StatisticBounds.parameters }

    public init(parameters: CheckParameters) throws(DiagnosticError) {
        self.init(column: parameters.string("column") ?? "", bounds: try StatisticBounds(parameters, check: Self.identifier))
    }

    public func makeAccumulator(columns: [String]) -> NumericColumnAccumulator {
        NumericColumnAccumulator(summary: NumericColumnSummary(columnNamed: column, in: columns))
    }

    public func evaluate(_ accumulator: NumericColumnAccumulator, table: TableSummary) -> CheckEvaluation {
        let summary = accumulator.summary
        if let problem = summary.problem(column, table: table) { return problem }
        return bounds.evaluate(
            Self.statistic(summary), "\(Self.statisticName) of '\(column)'",
            extra: [Measurement("count", Double(summary.count))])
    }
}

extension NumericColumnAccumulator: ColumnUsingAccumulator {
    var columnUse: ColumnUse { summary.columnUse }
}

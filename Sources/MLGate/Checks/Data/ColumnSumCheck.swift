/// `column_sum`: the sum of a numeric column lies within bounds (Great Expectations'
/// `expect_column_sum_to_be_between`, Soda's `sum`).
public struct ColumnSumCheck: ColumnStatisticCheck {
    public static let identifier = "column_sum"
    public static let summary =
        "The sum of the numbers in `column` (empty cells skipped, as pandas skips NaN; exact, then rounded once) lies between `min` and `max`, inclusive. A column without numbers fails, as SQL's SUM is NULL there."
    public static let examples: [TableCheckExample] = [
        .passing("column: amount\nmin: 100\nmax: 100", csv: "amount\n0.1\n99.9\n\n"),
        .passing("column: amount\nmax: 0", csv: "amount\n-2.5\n2.5\n"),
        .failing("column: amount\nmin: 1000", csv: "amount\n20\n40\n"),
        .failing("column: amount\nmax: 100", csv: "amount\n20\nlots\n"),
        .failing("column: amount\nmin: 0", csv: "amount\n\n\n"),
    ]

    public static let statisticName = "sum"
    public static func statistic(_ summary: NumericColumnSummary) -> Double { summary.sum }

    /// The column.
    public var column: String
    /// The bounds on the statistic.
    public var bounds: StatisticBounds

    public init(column: String, bounds: StatisticBounds) {
        self.column = column
        self.bounds = bounds
    }
}

/// On a SQL engine: the mean times the count, from the same numeric summary as
/// `column_mean` (docs/warehouse.md).
extension ColumnSumCheck: PushdownTableCheck {}

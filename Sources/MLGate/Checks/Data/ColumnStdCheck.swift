/// `column_std`: the sample standard deviation (ddof 1, as pandas) of a numeric column lies within bounds.
public struct ColumnStdCheck: ColumnStatisticCheck {
    public static let identifier = "column_std"
    public static let summary =
        "The sample standard deviation (ddof 1, as pandas) of `column` (empty cells skipped, as pandas skips NaN) lies between `min` and `max`, inclusive."
    public static let examples: [TableCheckExample] = [
        .passing("column: age\nmin: 14\nmax: 15", csv: "age\n20\n40\n"),
        .failing("column: age\nmax: 10", csv: "age\n20\n40\n"),
        .failing("column: age\nmax: 100", csv: "age\n20\nold\n"),
    ]

    public static let statisticName = "standard deviation"
    public static func statistic(_ summary: NumericColumnSummary) -> Double { summary.standardDeviation }

    /// The column.
    public var column: String
    /// The bounds on the statistic.
    public var bounds: StatisticBounds

    public init(column: String, bounds: StatisticBounds) {
        self.column = column
        self.bounds = bounds
    }
}

/// `column_mean`: the mean of a numeric column lies within bounds.
public struct ColumnMeanCheck: ColumnStatisticCheck {
    public static let identifier = "column_mean"
    public static let summary =
        "The mean of the numbers in `column` (empty cells skipped, as pandas skips NaN) lies between `min` and `max`, inclusive."
    public static let examples: [TableCheckExample] = [
        .passing("column: age\nmin: 20\nmax: 40", csv: "age\n20\n40\n"),
        .passing("column: age\nmax: 30", csv: "age\n20\n\n40\n"),
        .failing("column: age\nmin: 31", csv: "age\n20\n40\n"),
        .failing("column: age\nmax: 100", csv: "age\n20\nold\n"),
        .failing("column: agee\nmax: 100", csv: "age\n20\n"),
    ]

    public static let statisticName = "mean"
    public static func statistic(_ summary: NumericColumnSummary) -> Double { summary.mean }

    /// The column.
    public var column: String
    /// The bounds on the statistic.
    public var bounds: StatisticBounds

    public init(column: String, bounds: StatisticBounds) {
        self.column = column
        self.bounds = bounds
    }
}

/// `column_min`: the smallest number of a numeric column lies within bounds.
public struct ColumnMinCheck: ColumnStatisticCheck {
    public static let identifier = "column_min"
    public static let summary =
        "The smallest number of `column` (empty cells skipped, as pandas skips NaN) lies between `min` and `max`, inclusive."
    public static let examples: [TableCheckExample] = [
        .passing("column: age\nmin: 18", csv: "age\n20\n40\n"),
        .failing("column: age\nmin: 21", csv: "age\n20\n40\n"),
        .failing("column: age\nmax: 100", csv: "age\n20\nold\n"),
    ]

    public static let statisticName = "smallest value"
    public static func statistic(_ summary: NumericColumnSummary) -> Double { summary.minimum }

    /// The column.
    public var column: String
    /// The bounds on the statistic.
    public var bounds: StatisticBounds

    public init(column: String, bounds: StatisticBounds) {
        self.column = column
        self.bounds = bounds
    }
}

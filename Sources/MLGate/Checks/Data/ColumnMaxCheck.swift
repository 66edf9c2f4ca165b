/// `column_max`: the largest number of a numeric column lies within bounds.
public struct ColumnMaxCheck: ColumnStatisticCheck {
    public static let identifier = "column_max"
    public static let summary =
        "The largest number of `column` (empty cells skipped, as pandas skips NaN) lies between `min` and `max`, inclusive."
    public static let examples: [TableCheckExample] = [
        .passing("column: age\nmax: 40", csv: "age\n20\n40\n"),
        .failing("column: age\nmax: 39", csv: "age\n20\n40\n"),
        .failing("column: age\nmax: 100", csv: "age\n20\nold\n"),
    ]

    public static let statisticName = "largest value"
    public static func statistic(_ summary: NumericColumnSummary) -> Double { summary.maximum }

    /// The column.
    public var column: String
    /// The bounds on the statistic.
    public var bounds: StatisticBounds

    public init(column: String, bounds: StatisticBounds) {
        self.column = column
        self.bounds = bounds
    }
}

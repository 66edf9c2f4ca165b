/// `missing_fraction`: the share of a column's cells that are missing lies within bounds.
public struct MissingFractionCheck: TableCheck {
    public static let identifier = "missing_fraction"
    public static let summary =
        "The share of rows whose `column` cell is empty or absent (0–1) lies between `min` and `max`, inclusive."
    public static let parameters = [ColumnParameter.spec] + StatisticBounds.parameters
    public static let examples: [TableCheckExample] = [
        .passing("column: income\nmax: 0.5", csv: "id,income\n1,10\n2,\n3,30\n4,40\n"),
        .passing("column: income\nmax: 0", csv: "id,income\n1,10\n"),
        .failing("column: income\nmax: 0.2", csv: "id,income\n1,10\n2,\n3,30\n4,40\n"),
        .failing("column: income\nmax: 0.1", csv: "id,income\n1,10\n2\n"),
        .failing("column: salary\nmax: 0.1", csv: "id,income\n1,10\n"),
    ]

    /// The column.
    public var column: String
    /// The bounds on the share missing.
    public var bounds: StatisticBounds

    public init(parameters: CheckParameters) throws(DiagnosticError) {
        column = parameters.string("column") ?? ""
        bounds = try StatisticBounds(parameters, check: Self.identifier)
    }

    public struct Accumulator: TableAccumulator {
        var column: Int?
        var missing = 0
        var rows = 0
        public mutating func observe(_ batch: RowBatch) {
            rows += batch.rowCount
            guard let column, column < batch.width else { return }
            missing += batch.emptyCount(in: column)
        }
        public mutating func merge(_ other: Accumulator) {
            missing += other.missing
            rows += other.rows
        }
    }

    public func makeAccumulator(columns: [String]) -> Accumulator {
        Accumulator(column: columns.firstIndex(of: column))
    }

    public func evaluate(_ accumulator: Accumulator, table: TableSummary) -> CheckEvaluation {
        if case .failure(let missing) = ColumnParameter.locate(column, in: table) { return missing.evaluation }
        let fraction = accumulator.rows == 0 ? 0 : Double(accumulator.missing) / Double(accumulator.rows)
        return bounds.evaluate(
            fraction, "missing fraction of '\(column)' (\(accumulator.missing) of \(accumulator.rows) rows)",
            extra: [Measurement("missing", Double(accumulator.missing)), Measurement("rows", Double(accumulator.rows))])
    }
}

extension MissingFractionCheck.Accumulator: ColumnUsingAccumulator {
    /// It counts empty cells, as the batch tells them of numbers too.
    var columnUse: ColumnUse {
        let columns = Set([column].compactMap { $0 })
        return ColumnUse(read: columns, numbers: columns)
    }
}

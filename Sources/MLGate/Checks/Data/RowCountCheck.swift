/// `row_count`: the number of data rows lies within bounds.
///
/// Bounds are inclusive; the header row is not counted.
public struct RowCountCheck: TableCheck {
    public static let identifier = "row_count"
    public static let summary =
        "The number of data rows (header excluded) lies between `min` and `max`, both inclusive."
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("min", .integer(minimum: 0), "Fewest rows allowed (inclusive)."),
        ParameterSpec("max", .integer(minimum: 0), "Most rows allowed (inclusive)."),
    ]
    public static let examples: [TableCheckExample] = [
        .passing("min: 2", csv: "a\n1\n2\n"),
        .passing("min: 1\nmax: 2", csv: "a\n1\n2\n"),
        .passing("max: 0", csv: "a\n"),
        .failing("min: 3", csv: "a\n1\n2\n"),
        .failing("max: 1", csv: "a\n1\n2\n"),
        .failing("min: 1", csv: "a\n"),
    ]

    /// Fewest rows allowed.
    public var minimum: Int?
    /// Most rows allowed.
    public var maximum: Int?

    public init(parameters: CheckParameters) throws(DiagnosticError) {
        minimum = parameters.integer("min")
        maximum = parameters.integer("max")
        try parameters.validateBounds(minimum, maximum, requiredBy: Self.identifier)
    }

    /// Counts rows itself, so that it stays correct when partial counts are merged.
    public struct Accumulator: TableAccumulator {
        var rows = 0
        public mutating func observe(_ batch: RowBatch) { rows += batch.rowCount }
        public mutating func merge(_ other: Accumulator) { rows += other.rows }
    }

    public func makeAccumulator(columns: [String]) -> Accumulator { Accumulator() }

    public func evaluate(_ accumulator: Accumulator, table: TableSummary) -> CheckEvaluation {
        let rows = accumulator.rows
        var measurements = [Measurement("observed", Double(rows))]
        var bounds: [String] = []
        if let minimum {
            measurements.append(Measurement("min", Double(minimum)))
            bounds.append("≥ \(minimum)")
        }
        if let maximum {
            measurements.append(Measurement("max", Double(maximum)))
            bounds.append("≤ \(maximum)")
        }
        let passed = rows >= (minimum ?? .min) && rows <= (maximum ?? .max)
        let expected = bounds.joined(separator: " and ")
        return CheckEvaluation(
            passed: passed,
            message: "\(rows) rows, expected \(expected)",
            measurements: measurements)
    }
}

extension RowCountCheck.Accumulator: ColumnUsingAccumulator {
    var columnUse: ColumnUse { ColumnUse(read: [], numbers: []) }
}

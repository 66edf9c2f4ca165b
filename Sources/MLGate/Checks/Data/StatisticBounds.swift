/// The inclusive bounds a dataset-level check puts on the statistic it measures
/// (`min`, `max`, or both), and the verdict with the observed value beside them.
public struct StatisticBounds: Sendable, Hashable {
    /// Smallest allowed value.
    public var minimum: Double?
    /// Largest allowed value.
    public var maximum: Double?

    /// The `min` and `max` keys every such check accepts.
    static let parameters: [ParameterSpec] = [
        ParameterSpec("min", .number, "Smallest allowed value of the statistic (inclusive)."),
        ParameterSpec("max", .number, "Largest allowed value of the statistic (inclusive)."),
    ]

    /// Reads `min` and `max`; at least one is needed, and `min` ≤ `max`.
    init(_ parameters: CheckParameters, check: String) throws(DiagnosticError) {
        minimum = parameters.number("min")
        maximum = parameters.number("max")
        try parameters.validateBounds(minimum, maximum, requiredBy: check)
    }

    /// The verdict on an observed value; `what` names it ("mean of 'age'").
    func evaluate(_ observed: Double, _ what: String, extra: [Measurement] = []) -> CheckEvaluation {
        var measurements = [Measurement("observed", observed)] + extra
        var expected: [String] = []
        if let minimum {
            measurements.append(Measurement("min", minimum))
            expected.append("≥ \(NumberFormatting.value(minimum))")
        }
        if let maximum {
            measurements.append(Measurement("max", maximum))
            expected.append("≤ \(NumberFormatting.value(maximum))")
        }
        let passed = !observed.isNaN && observed >= (minimum ?? -.infinity) && observed <= (maximum ?? .infinity)
        return CheckEvaluation(
            passed: passed,
            message: "\(what) is \(observed.isNaN ? "undefined" : NumberFormatting.fixed(observed)), expected \(expected.joined(separator: " and "))",
            measurements: measurements)
    }
}

/// The `column` key of dataset-level checks, and what they say when it is absent.
enum ColumnParameter {
    static let spec = ParameterSpec("column", .string, required: true, "The column the statistic is computed on.")

    /// The column's index, or a failed evaluation naming the columns there are.
    static func locate(_ column: String, in table: TableSummary) -> Result<Int, ColumnMissing> {
        if let index = table.columns.firstIndex(of: column) { return .success(index) }
        return .failure(ColumnMissing(column: column, columns: table.columns))
    }

    struct ColumnMissing: Error {
        var column: String
        var columns: [String]
        var evaluation: CheckEvaluation {
            CheckEvaluation(
                passed: false,
                message: "column '\(column)' is not in the table\(Suggestion.didYouMean(column, in: columns))",
                details: "columns found: " + columns.joined(separator: ", "))
        }
    }
}

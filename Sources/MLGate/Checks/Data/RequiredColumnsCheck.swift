/// `required_columns`: every named column is present in the header.
public struct RequiredColumnsCheck: TableCheck {
    public static let identifier = "required_columns"
    public static let summary =
        "Every column listed in `columns` is present in the table's header (names match exactly, case included)."
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("columns", .stringList, required: true, "The columns that must be present.")
    ]
    public static let examples: [TableCheckExample] = [
        .passing("columns: [id, income]", csv: "id,income,age\n1,10,30\n"),
        .passing("columns: [age]", csv: "id,income,age\n"),
        .failing("columns: [id, income]", csv: "id,age\n1,30\n"),
        .failing("columns: [Income]", csv: "id,income\n1,10\n"),
    ]

    /// The columns that must be present.
    public var columns: [String]

    public init(parameters: CheckParameters) throws(DiagnosticError) {
        columns = parameters.strings("columns") ?? []
        if columns.isEmpty {
            throw parameters.error("'columns' must name at least one column", at: "columns")
        }
    }

    public func makeAccumulator(columns: [String]) -> NoAccumulator { NoAccumulator() }

    public func evaluate(_ accumulator: NoAccumulator, table: TableSummary) -> CheckEvaluation {
        let present = Set(table.columns)
        let missing = columns.filter { !present.contains($0) }
        let measurements = [
            Measurement("required", Double(columns.count)),
            Measurement("missing", Double(missing.count)),
        ]
        guard !missing.isEmpty else {
            return CheckEvaluation(
                passed: true, message: "all \(columns.count) required columns present", measurements: measurements)
        }
        let details = missing.map { name in
            let hint = Suggestion.didYouMean(name, in: table.columns)
            return "missing column '\(name)'\(hint)"
        }
        return CheckEvaluation(
            passed: false,
            message: "\(missing.count) of \(columns.count) required columns missing: "
                + missing.map { "'\($0)'" }.joined(separator: ", "),
            details: details.joined(separator: "\n") + "\ncolumns found: " + table.columns.joined(separator: ", "),
            measurements: measurements)
    }
}

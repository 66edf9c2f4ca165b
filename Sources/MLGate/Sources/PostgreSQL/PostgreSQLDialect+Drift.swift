/// A drift gate's numeric columns summarized by PostgreSQL (``DriftPushdown``).
extension PostgreSQLDialect {
    /// The statements summarizing those of the columns named `names` of `reference` and
    /// `current` (described as `referenceColumns` and `currentColumns`) that are of a
    /// numeric SQL type on both sides, and their positions in `names`; nil when none is.
    func driftStatement(
        reference: DatabaseTable.Relation, referenceColumns: [PostgresConnection.Column], current: DatabaseTable.Relation,
        currentColumns: [PostgresConnection.Column], names: [String]
    ) -> (statement: DriftPushdownStatement, kept: [Int])? {
        guard let (referenceValues, currentValues, kept) = DriftPushdownStatement.values(
            names, reference: referenceColumns, current: currentColumns, name: \.name, value: driftValue)
        else { return nil }
        let statement = DriftPushdownStatement(
            reference: fromClause(reference), current: fromClause(current), referenceValues: referenceValues,
            currentValues: currentValues, double: { "'\($0)'::float8" },
            bin: { value, edges in "width_bucket(\(value), '{\(edges.map { "\($0)" }.joined(separator: ","))}'::float8[])" },
            toDouble: { "(\($0))::float8" }, integer: { "(\($0))::int8" }, exactSum: { "sum(\($0))" },
            binEnds: { values, condition in "string_agg(concat_ws(' ', \(values.joined(separator: ", "))), ',') FILTER (WHERE \(condition))" })
        return (statement, kept)
    }

    /// A column's value as the file mode reads its text (a double; NULL for NULL, NaN and
    /// ±infinity) and whether that text is not an integer's: `float8out` writes integers
    /// below 10¹⁵ without a point or exponent, `float4out` those below 10⁶, `numeric`
    /// those of scale 0; nil for a column not of a numeric type.
    func driftValue(_ column: PostgresConnection.Column) -> DriftPushdownStatement.Value? {
        guard var double = doubleExpression(column) else { return nil }
        let name = quoteIdentifier(column.name)
        if column.typeOID == 701 { double = name }
        let finite = "CASE WHEN \(double) IN ('NaN', 'Infinity', '-Infinity') THEN NULL ELSE \(double) END"
        switch column.typeOID {
        case 1700: return .init(number: finite, notInteger: "scale(\(name)) <> 0")
        case 701: return .init(number: finite, notInteger: "(\(name) <> trunc(\(name)) OR abs(\(name)) >= '1e15'::float8)")
        case 700: return .init(number: finite, notInteger: "(\(name) <> trunc(\(name)) OR abs(\(name)) >= '1e6'::float4)")
        default: return .init(number: double, notInteger: nil)
        }
    }
}

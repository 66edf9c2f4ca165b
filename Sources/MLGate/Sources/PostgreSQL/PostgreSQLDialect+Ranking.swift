/// A binary classifier's metrics as two statements (``BinaryRankingPushdown``).
extension PostgreSQLDialect {
    /// The statements of a binary model gate reading `score`, `label`, `prediction`,
    /// `weight` and `slices` of `relation`; nil when the score or weight is neither of a
    /// numeric SQL type nor text (``readDoubleExpression(_:)``), or on Redshift, which has
    /// no `array_agg` and no `FILTER` clause.
    func binaryRankingStatement(
        _ relation: DatabaseTable.Relation, score: PostgresConnection.Column, label: PostgresConnection.Column,
        prediction: PostgresConnection.Column?, weight: PostgresConnection.Column?, slices: [PostgresConnection.Column],
        threshold: Double, engine: WarehouseDialect
    ) -> BinaryRankingStatement? {
        guard engine != .redshift, let s = readDoubleExpression(score) else { return nil }
        var w = "1::float8"
        if let weight {
            guard let expression = readDoubleExpression(weight) else { return nil }
            w = expression
        }
        let text = { (column: PostgresConnection.Column) in "(\(textExpression(column)))::text" }
        let p = prediction.map { ", \(text($0)) AS p" } ?? ""
        let sliceTexts = slices.enumerated().map { index, column in
            // Bytes, not the database's collation, order a slice's values in the sorts.
            ", coalesce(\(text(column)), '') COLLATE \"C\" AS \(BinaryRankingStatement.slice(index))"
        }.joined()
        return BinaryRankingStatement(
            values: "SELECT \(s) AS s, \(w) AS w, \(text(label)) AS l\(p)\(sliceTexts) FROM \(fromClause(relation))",
            slices: slices.count, hasPrediction: prediction != nil, threshold: "\(literal("\(threshold)"))::float8",
            epsilon: "2.220446049250313e-16::float8", literal: literal,
            refused: { "(\($0) IS NULL OR \($0) IN ('Infinity', '-Infinity', 'NaN'))" }, groupingSets: engine.groupingSets,
            nullText: "CAST(NULL AS text)",
            orderedList: { value, condition in "array_to_string(array_agg(\(value) ORDER BY mlgate_nb) FILTER (WHERE \(condition)), ',')" },
            quotient: { "(\($0)) / (\($1))" }, curveLimit: MetricEvaluator.curveLimit)
    }
}

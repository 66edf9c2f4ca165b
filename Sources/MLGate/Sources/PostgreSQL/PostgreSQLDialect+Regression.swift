/// A regressor's metrics as one aggregate statement (``RegressionPushdown``).
extension PostgreSQLDialect {
    /// The double a file's cell of `column` reads as, computed on the server; nil for a
    /// column that is not of a numeric SQL type (a `text` column is read by the file
    /// mode's number rules, which SQL's cast does not share). `real` goes through its
    /// text (the shortest that reads back, as the file holds it), since widening a float4
    /// to a double is not reading its text; the others convert exactly as their text reads.
    func doubleExpression(_ column: PostgresConnection.Column) -> String? {
        let name = quoteIdentifier(column.name)
        if column.typeOID == 700 { return "(\(name)::text)::float8" }
        guard TypeOID.exactNumbers.contains(column.typeOID) || column.typeOID == 701 else { return nil }
        return "\(name)::float8"
    }

    /// One statement computing ``RegressionSums`` over the relation and per value of each
    /// slice column. On PostgreSQL itself `GROUP BY GROUPING SETS`, one scan and one
    /// window pass for the means that R² and explained variance centre on; on Citus and
    /// Redshift, which refuse grouping sets on a distributed table, ``RegressionSumsStatement``'s
    /// form, which a weighted median on PostgreSQL also takes (its windows over each set's
    /// errors ordered; `percentile_cont` has no weights; Citus runs windows not
    /// partitioned by the distribution column on its coordinator since 9.3, and a server
    /// that refuses them makes the gate read the rows, ``RegressionPushdown``). Columns:
    /// the set's position (-1: every row, `i`: slice `i`), each slice's text, then the
    /// sums in ``RegressionSums``'s order, then how many rows hold a NULL, a non-finite
    /// number or a negative weight (a text that is not a plain decimal's is NULL:
    /// ``readDoubleExpression(_:)``). Nil when a column is neither a number nor text. A
    /// `shared` relation (a join, ``ChampionPairing``) that the form of one aggregate per
    /// set would evaluate for every set and every read of it is evaluated once on
    /// PostgreSQL (`WITH … AS MATERIALIZED`).
    func regressionSumsStatement(
        _ relation: DatabaseTable.Relation, label: PostgresConnection.Column, prediction: PostgresConnection.Column,
        weight: PostgresConnection.Column?, slices: [PostgresConnection.Column], median: Bool, engine: WarehouseDialect = .postgresql,
        shared: Bool = false
    ) -> String? {
        guard let y = readDoubleExpression(label), let p = readDoubleExpression(prediction) else { return nil }
        var w = "1::float8"
        if let weight {
            guard let expression = readDoubleExpression(weight) else { return nil }
            w = expression
        }
        let slice = RegressionSumsStatement.slice
        let sliceText = slices.enumerated().map { index, column in
            ", coalesce((\(textExpression(column)))::text, '') AS \(slice(index))"
        }.joined()
        let values = "SELECT \(y) AS y, \(p) AS p, \(w) AS w\(sliceText) FROM \(fromClause(relation))"
        let nonFinite = { (value: String) in "\(value) IS NULL OR \(value) IN ('Infinity', '-Infinity', 'NaN')" }
        // The form of one aggregate per set: Citus and Redshift, and PostgreSQL for a
        // weighted median (windows over each set's ordered errors).
        let portable = { (median: Bool, values: String) in
            RegressionSumsStatement(
                values: values, slices: slices.count, nullText: "CAST(NULL AS text)", epsilon: "2.220446049250313e-16::float8",
                refused: { "(\(nonFinite($0)))" }, median: median, weighted: weight != nil, notANumber: "'NaN'::float8"
            ).text
        }
        guard engine.groupingSets else { return portable(median, values) }
        if median, weight != nil {
            guard shared else { return portable(true, values) }
            // Each set's aggregate, means and median read the values: one evaluation of the join.
            return "WITH mlgate_shared AS MATERIALIZED (\(values)) " + portable(true, "SELECT * FROM mlgate_shared")
        }
        // ε as scikit-learn's MAPE takes it: np.finfo(np.float64).eps.
        let errors = "SELECT *, y - p AS e, abs(y - p) AS ae, abs(y - p) / greatest(abs(y), 2.220446049250313e-16::float8) AS ape FROM (\(values)) AS mlgate_values"
        // The weighted means of y and e over every row (suffix a) and per slice value.
        func means(_ partition: String, _ suffix: String) -> String {
            let over = "OVER (\(partition))"
            return ", sum(w * y) \(over) / NULLIF(sum(w) \(over), 0) AS my_\(suffix), sum(w * e) \(over) / NULLIF(sum(w) \(over), 0) AS me_\(suffix)"
        }
        let centred = "SELECT *" + means("", "a") + slices.indices.map { means("PARTITION BY \(slice($0))", "\($0)") }.joined()
            + " FROM (\(errors)) AS mlgate_errors"
        // Deviations from the means of the set a row of the result groups.
        func deviations(_ value: String, _ mean: String) -> String {
            let whole = "sum(w * (\(value) - \(mean)_a) * (\(value) - \(mean)_a))"
            guard !slices.isEmpty else { return whole }
            return "CASE " + slices.indices.map { "WHEN GROUPING(\(slice($0))) = 0 THEN sum(w * (\(value) - \(mean)_\($0)) * (\(value) - \(mean)_\($0))) " }.joined()
                + "ELSE \(whole) END"
        }
        let position = slices.isEmpty
            ? "-1" : "CASE " + slices.indices.map { "WHEN GROUPING(\(slice($0))) = 0 THEN \($0) " }.joined() + "ELSE -1 END"
        let list = [position] + slices.indices.map(slice) + [
            "count(*)", "sum(w)", "sum(w * ae)", "sum(w * e * e)", "sum(w * ape)", "max(ae)",
            median ? "percentile_cont(0.5) WITHIN GROUP (ORDER BY ae)" : "NULL",
            deviations("y", "my"), deviations("e", "me"),
            "count(*) FILTER (WHERE \(nonFinite("y")) OR \(nonFinite("p")) OR \(nonFinite("w")) OR w < 0)",
        ]
        let groupBy = slices.isEmpty ? "" : " GROUP BY GROUPING SETS (" + (["()"] + slices.indices.map { "(\(slice($0)))" }).joined(separator: ", ") + ")"
        return "SELECT \(list.joined(separator: ", ")) FROM (\(centred)) AS mlgate_centred\(groupBy)"
    }
}

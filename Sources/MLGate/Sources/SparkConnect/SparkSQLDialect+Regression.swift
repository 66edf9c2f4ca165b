/// A regressor's metrics on a Spark table as sums the cluster computes (``RegressionPushdown``).
extension SparkSQLDialect {
    /// ``RegressionSumsStatement`` in Spark SQL: each value as the file mode reads it
    /// (``number(_:)``: a value it would read otherwise is NULL, which the statement
    /// counts, and the gate then reads the rows grouped), each slice's text as a streamed
    /// read writes it, the median (weighted with a weight column) by ordering each set's
    /// errors (exact; Spark's exact
    /// `percentile` keeps a count per distinct value in memory, and ran out of a local
    /// server's 2 GB heap at 10M rows, where a sort spills). Nil when a column is
    /// not numeric, or a slice column's text is not Spark's own (``Cell/text(_:)``).
    static func regressionSumsStatement(
        _ relation: DatabaseTable.Relation, label: Column, prediction: Column, weight: Column?, slices: [Column], median: Bool
    ) -> String? {
        guard let (y, _) = number(label), let (p, _) = number(prediction) else { return nil }
        var w = "CAST(1 AS DOUBLE)"
        if let weight {
            guard let (expression, _) = number(weight) else { return nil }
            w = expression
        }
        var sliceTexts = ""
        for (index, column) in slices.enumerated() {
            guard case .text(let text)? = cell(column) else { return nil }
            sliceTexts += ", coalesce(\(text), '') AS \(RegressionSumsStatement.slice(index))"
        }
        return RegressionSumsStatement(
            values: "SELECT \(y) AS y, \(p) AS p, \(w) AS w\(sliceTexts) FROM \(from(relation))", slices: slices.count,
            nullText: "CAST(NULL AS STRING)", epsilon: literal(2.220446049250313e-16),
            refused: { "(\($0) IS NULL OR isnan(\($0)) OR abs(\($0)) = CAST('Infinity' AS DOUBLE))" },
            median: median, weighted: weight != nil
        ).text
    }
}

extension RegressionPushdown {
    /// The sums of the model gate reading `columns` of a Spark table, or nil when the
    /// cluster cannot compute them with the file mode's definitions (as
    /// ``run(_:columns:median:location:dialect:shared:)`` says for a database table), and the
    /// gate reads the table grouped instead.
    static func run(_ table: SparkTable, columns: PredictionColumns, median: Bool, location: SourceLocation) throws(TableReadError) -> Result? {
        guard isPushable(columns), let session = try SparkPushdownSession(table, location: location),
            let found = Found(columns, in: session.columns, named: \.name),
            let sql = SparkSQLDialect.regressionSumsStatement(
                table.relation, label: found.label, prediction: found.prediction, weight: found.weight, slices: found.slices,
                median: median)
        else { return nil }
        let rows = try session.query(sql)
        do throws(PostgresError) {
            return try result(rows, slices: columns.slices)
        } catch {
            throw SparkTableReader.tableReadError(SparkConnectError(.protocolViolation, error.message), location)
        }
    }
}

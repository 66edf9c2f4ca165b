/// A binary classifier's metrics on a Spark table as the cluster computes them
/// (``BinaryRankingPushdown``).
extension SparkSQLDialect {
    /// ``BinaryRankingStatement`` in Spark SQL: the score and weight as the file mode reads
    /// them (``number(_:)``: a value it would read otherwise is NULL, which the first
    /// statement counts, and the gate then takes the ranked read), the label's,
    /// prediction's and slices' text as a streamed read writes it. The curve's points come
    /// as one text: `collect_list` keeps no order, so each point is collected with its
    /// position and the list sorted. Nil when the score or weight is not a number, or a
    /// label, prediction or slice column's text is not Spark's own (``Cell/text(_:)``).
    static func binaryRankingStatement(
        _ relation: DatabaseTable.Relation, score: Column, label: Column, prediction: Column?, weight: Column?, slices: [Column],
        threshold: Double
    ) -> BinaryRankingStatement? {
        guard let (s, _) = number(score), case .text(let l)? = cell(label) else { return nil }
        var w = "CAST(1 AS DOUBLE)"
        if let weight {
            guard let (expression, _) = number(weight) else { return nil }
            w = expression
        }
        var p = ""
        if let prediction {
            guard case .text(let text)? = cell(prediction) else { return nil }
            p = ", \(text) AS p"
        }
        var sliceTexts = ""
        for (index, column) in slices.enumerated() {
            guard case .text(let text)? = cell(column) else { return nil }
            sliceTexts += ", coalesce(\(text), '') AS \(BinaryRankingStatement.slice(index))"
        }
        return BinaryRankingStatement(
            values: "SELECT \(s) AS s, \(w) AS w, \(l) AS l\(p)\(sliceTexts) FROM \(from(relation))", slices: slices.count,
            hasPrediction: prediction != nil, threshold: literal(threshold), epsilon: literal(2.220446049250313e-16),
            literal: { literal($0) }, refused: { "(\($0) IS NULL OR isnan(\($0)) OR abs(\($0)) = CAST('Infinity' AS DOUBLE))" },
            groupingSets: true, nullText: "CAST(NULL AS STRING)",
            orderedList: { value, condition in
                "concat_ws(',', transform(array_sort(collect_list(named_struct('n', mlgate_nb, 'v', \(value))) FILTER (WHERE \(condition))), "
                    + "x -> CAST(x.v AS STRING)))"
            },
            quotient: { "(\($0)) div (\($1))" }, curveLimit: MetricEvaluator.curveLimit)
    }
}

extension BinaryRankingPushdown {
    /// The metrics of the model gate reading `columns` of a Spark table, or nil when the
    /// cluster cannot compute them with the file mode's definitions (as
    /// ``run(_:columns:metrics:location:dialect:)`` says for a database table), and the
    /// gate takes the ranked read instead. The two statements read the table twice: a
    /// table written between them can disagree with itself.
    static func run(_ table: SparkTable, columns: PredictionColumns, metrics: [Metric], location: SourceLocation) throws(TableReadError)
        -> RankedScores.Sums?
    {
        guard isPushable(columns, metrics: metrics), let session = try SparkPushdownSession(table, location: location),
            let found = Found(columns, in: session.columns, named: \.name),
            let statement = SparkSQLDialect.binaryRankingStatement(
                table.relation, score: found.score, label: found.label, prediction: found.prediction, weight: found.weight,
                slices: found.slices, threshold: columns.threshold)
        else { return nil }
        let shape = { (error: PostgresError) in SparkTableReader.tableReadError(SparkConnectError(.protocolViolation, error.message), location) }
        let cellRows = try session.query(statement.cellsStatement)
        let cells: Cells?
        do { cells = try Cells(cellRows, columns: columns, path: table.display) } catch { throw shape(error) }
        guard let cells else { return nil }
        let rankingRows = try session.query(statement.rankingStatement(positive: cells.positiveTexts))
        do { return try cells.sums(rankingRows) } catch { throw shape(error) }
    }
}

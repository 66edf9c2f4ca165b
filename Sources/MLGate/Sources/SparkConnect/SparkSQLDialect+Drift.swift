/// A drift gate's numeric columns summarized by a Spark cluster (``DriftPushdown``).
extension SparkSQLDialect {
    /// The statements summarizing those of the columns named `names` of `reference` and
    /// `current` (described as `referenceColumns` and `currentColumns`) that are numbers
    /// on both sides (``driftValue(_:)``), and their positions in `names`; nil when none is.
    static func driftStatement(
        reference: DatabaseTable.Relation, referenceColumns: [Column], current: DatabaseTable.Relation, currentColumns: [Column],
        names: [String]
    ) -> (statement: DriftPushdownStatement, kept: [Int])? {
        guard let (referenceValues, currentValues, kept) = DriftPushdownStatement.values(
            names, reference: referenceColumns, current: currentColumns, name: \.name, value: driftValue)
        else { return nil }
        let statement = DriftPushdownStatement(
            reference: from(reference), current: from(current), referenceValues: referenceValues, currentValues: currentValues,
            double: { literal($0) },
            // No `width_bucket` over edges in Spark: the edges compared in turn.
            bin: { value, edges in
                "CASE " + edges.enumerated().map { "WHEN \(value) < \(literal($1)) THEN \($0) " }.joined() + "ELSE \(edges.count) END"
            },
            toDouble: { "CAST(\($0) AS DOUBLE)" }, integer: { "CAST(\($0) AS BIGINT)" },
            exactSum: { "sum(CAST(\($0) AS DECIMAL(38, 0)))" },
            binEnds: { values, condition in
                "array_join(collect_list(concat_ws(' ', \(values.map { "CAST(\($0) AS STRING)" }.joined(separator: ", ")))) FILTER (WHERE \(condition)), ',')"
            })
        return (statement, kept)
    }

    /// A column's value as the file mode reads a streamed read's text (a double; NULL for
    /// NULL, NaN and ±infinity) and whether that text is not an integer's: a double's
    /// never is (Python's `repr` writes `3.0`), nor a decimal's with a scale; nil for a
    /// column that is not an integer, a double or a decimal of at most 15 digits.
    static func driftValue(_ column: Column) -> DriftPushdownStatement.Value? {
        switch column.type {
        case .int, .float(64), .decimal:
            guard let (number, _) = number(column) else { return nil }
            if case .decimal(_, let scale, _) = column.type, scale <= 0 { return .init(number: number, notInteger: nil) }
            if case .int = column.type { return .init(number: number, notInteger: nil) }
            return .init(number: number, notInteger: "true")
        default:
            return nil
        }
    }
}

extension DriftPushdown {
    /// The summaries of the columns named `names` of two Spark relations on one cluster
    /// (the same address), as ``run(reference:current:names:locations:quantiles:bins:dialect:)``
    /// gives them for a database; nil when the relations are on different clusters or none
    /// of the columns is a number on both sides. The statements each read the relations: a
    /// table written between them can disagree with itself (docs/spark.md).
    static func run(
        reference: SparkTable, current: SparkTable, names: [String], locations: Locations, quantiles: Set<Int> = [],
        bins: Int = DriftGateConfig.defaultBins
    ) throws(TableReadError) -> Result? {
        let location = locations.reference
        guard !names.isEmpty, reference.connection == current.connection, reference.timeoutSeconds == current.timeoutSeconds,
            let session = try SparkPushdownSession(reference, location: location),
            let other = try SparkPushdownSession(current, location: locations.current),
            let (statement, kept) = SparkSQLDialect.driftStatement(
                reference: reference.relation, referenceColumns: session.columns, current: current.relation,
                currentColumns: other.columns, names: names)
        else { return nil }
        let shape = TableReadError(
            code: "source-error", message: "cannot read \(reference.display): the drift summary came back in an unexpected shape",
            location: location)
        guard let sides = Sides(try session.query(statement.sidesStatement), columns: kept.count) else { throw shape }
        let parts = plan(statement, sides: sides, quantiled: Set(kept.indices.filter { quantiles.contains(kept[$0]) }), bins: bins)
        var rows: [[String?]] = []
        for part in parts { rows += try session.query(part.sql) }
        guard var result = result(rows, parts: parts, sides: sides, kept: kept, bins: bins) else { throw shape }
        if let (sql, columns) = quantileCountStatement(statement, result: result, kept: kept) {
            guard result.countQuantileBins(try session.query(sql), columns: columns) else { throw shape }
        }
        return result
    }
}

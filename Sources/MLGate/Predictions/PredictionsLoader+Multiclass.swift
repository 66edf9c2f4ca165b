/// How a multiclass model gate reads a database or Spark table in constant memory: the
/// rows grouped by the server and folded as they come (``MulticlassSumsConsumer``), and,
/// when a check ranks the rows (ROC AUC, average precision), every score column's scores
/// in descending order (``ClassScoresConsumer``), both folded into sums.
extension PredictionsLoader {
    /// The demands of such a gate, or nil when that does not apply (a file, a single
    /// score column, a binary model or a regressor).
    static func multiclassDemands(_ input: TableInput, columns: PredictionColumns, metrics: [Metric]) -> [TableDemand]? {
        guard columns.task == .multiclass, input.database != nil || input.spark != nil else { return nil }
        if case .column? = columns.scores { return nil }
        let (rowsInput, read) = grouped(input, columns, .rows)
        let path = rowsInput.path
        var demands = [
            TableDemand(rowsInput) { header throws(TableReadError) in try MulticlassSumsConsumer(columns: read, header: header, path: path) }
        ]
        if let scores = columns.scores, metrics.contains(where: \.needsSortedScores) {
            let (rankingInput, rankingRead) = grouped(input, columns, .classScores(scores))
            demands.append(TableDemand(rankingInput) { header throws(TableReadError) in
                try ClassScoresConsumer(columns: rankingRead, header: header, path: path)
            })
        }
        return demands
    }

    /// What the consumers of ``multiclassDemands(_:columns:metrics:)`` gathered: the
    /// metrics, or the rows read again one by one when the sums could not be made (the
    /// scores could not be ordered, the two reads disagree) or a grouped row holds a cell
    /// the loader cannot take, so that the numbers and errors are the file mode's.
    static func loadedMulticlass(_ tables: ScannedTables, input: TableInput, columns: PredictionColumns) async
        throws(TableReadError) -> MulticlassScores
    {
        do throws(TableReadError) {
            var rowsConsumer = try tables.consumer(0, as: MulticlassSumsConsumer.self)
            if let rows = try rowsConsumer.finish(), let sums = try sums(tables, rows: rows, weighted: columns.weight != nil) {
                return .sums(sums)
            }
        } catch {
            guard ["type-error", "missing-cell", "constraint-error"].contains(error.code) else { throw error }
        }
        return .rows(try await PredictionsLoader(columns: columns).load(input))
    }

    /// The sums of the rows' read and the ranking read (the gate's second demand, when
    /// it has one); nil when the rankings could not be folded or the reads disagree.
    private static func sums(_ tables: ScannedTables, rows: MulticlassSumsConsumer.Folded, weighted: Bool) throws(TableReadError)
        -> MulticlassScores.Sums?
    {
        var ranking: ClassScoresConsumer.Folded?
        if tables.results.count > 1 {
            var consumer = try tables.consumer(1, as: ClassScoresConsumer.self)
            guard case .success(let folded) = consumer.finish() else { return nil }
            ranking = folded
        }
        return MulticlassScores.sums(rows: rows, ranking: ranking, weighted: weighted)
    }
}

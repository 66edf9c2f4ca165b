/// How a gate whose measures are sums over rows (the model gate's classification metrics,
/// the fairness gate's group rates) reads its predictions: from a database table, the
/// server groups the rows by the columns read and sends each distinct row once with
/// its count (``DatabaseTable/groupsRows``) — per-distinct-score positive and negative
/// counts, each group's confusion counts — and the same metric code weighs each row by
/// its count; from a file, every row.
extension PredictionsLoader {
    /// The demand of a gate reading `input`'s predictions with `columns`; with
    /// `aggregates`, a database table is read grouped (the row ids are then not read:
    /// nothing pairs rows).
    static func demand(_ input: TableInput, columns: PredictionColumns, aggregates: Bool) -> TableDemand {
        var input = input, columns = columns
        if aggregates { (input, columns) = grouped(input, columns, .rows) }
        let loader = PredictionsLoader(columns: columns), path = input.path
        return TableDemand(input, sharing: sharing(input, columns)) { header throws(TableReadError) in
            try loader.consumer(header: header, path: path)
        }
    }

    /// The demand of a binary model gate whose every metric comes from sums over the
    /// rows in score order (``BinaryScoreSums/answers(_:)``), when `input` is a database
    /// or Spark table and there is one score column (and a weight column or none): the
    /// server groups the rows and sends them in descending score order
    /// (``DatabaseTable/Grouping/ranked(score:)``), and ``RankedScoresConsumer`` keeps
    /// sums, not rows. Nil when that does not apply.
    static func rankedDemand(_ input: TableInput, columns: PredictionColumns, metrics: [Metric]) -> TableDemand? {
        guard columns.task == .binary, case .column(let score)? = columns.scores,
            BinaryScoreSums.answers(metrics), input.database != nil || input.spark != nil
        else { return nil }
        let (input, read) = grouped(input, columns, .ranked(score: score))
        let path = input.path
        return TableDemand(input) { header throws(TableReadError) in
            try RankedScoresConsumer(columns: read, header: header, path: path)
        }
    }

    /// A database or Spark table read grouped by the server (a file as it is), and the
    /// columns that read it: ids are not read (nothing pairs grouped rows), and each row
    /// says how many it stands for.
    static func grouped(_ input: TableInput, _ columns: PredictionColumns, _ grouping: DatabaseTable.Grouping)
        -> (TableInput, PredictionColumns)
    {
        guard input.database != nil || input.spark != nil else { return (input, columns) }
        var input = input, columns = columns
        columns.id = nil
        columns.multiplicity = DatabaseTable.rowCountColumn
        let reading = String(describing: columns)
        input.database = input.database?.grouped(grouping, reading: reading)
        input.spark = input.spark?.grouped(grouping, reading: reading)
        return (input, columns)
    }

    /// What the consumer of ``rankedDemand(_:columns:metrics:)`` gathered: the sums, or
    /// the rows when the server could not order them. When the rows could not be folded,
    /// or a grouped row holds a cell the loader cannot take, the table is read again row
    /// by row, so that the numbers and errors are the file mode's.
    static func loadedRanked(_ tables: ScannedTables, _ index: Int, input: TableInput, columns: PredictionColumns) async
        throws(TableReadError) -> RankedScores.Folded
    {
        do throws(TableReadError) {
            var consumer = try tables.consumer(index, as: RankedScoresConsumer.self)
            switch try consumer.finish() {
            case .sums(let sums): return .sums(sums)
            case .rows(let rows): return .rows(rows)
            case .unfolded: break
            }
        } catch {
            guard ["type-error", "missing-cell", "constraint-error"].contains(error.code) else { throw error }
        }
        return .rows(try await PredictionsLoader(columns: columns).load(input))
    }

    /// How gates loading the same file's labels and predictions (a model gate and a
    /// fairness gate) share one consumer: the labels and predictions are parsed and held
    /// once, with the union of the gates' slice columns and the score column of the one
    /// that reads it (``LoadedPredictions/narrowed(to:)`` gives each gate its own). Only
    /// for files, with a prediction column (a gate without one derives its predictions
    /// from the scores) and at most one score column (score columns per class add
    /// classes).
    private static func sharing(_ input: TableInput, _ columns: PredictionColumns) -> TableDemand.Sharing? {
        guard input.database == nil, input.spark == nil, columns.prediction != nil, columns.multiplicity == nil else { return nil }
        switch columns.scores {
        case nil, .column?: break
        case .columns?, .prefix?: return nil
        }
        var key = columns
        key.scores = nil
        key.slices = []
        return TableDemand.Sharing(key: String(reflecting: key), reads: columns) { reads in
            let all = reads.compactMap { $0 as? PredictionColumns }
            let scores = Set(all.compactMap(\.scores))
            guard all.count == reads.count, scores.count <= 1 else { return nil }
            var merged = all[0]
            merged.scores = scores.first
            merged.slices = []
            for name in all.flatMap(\.slices) where !merged.slices.contains(name) { merged.slices.append(name) }
            return demand(input, columns: merged, aggregates: false)
        }
    }

    /// The predictions gathered by the consumer of ``demand(_:columns:aggregates:)``. When a
    /// grouped read finds a cell it cannot take (a score that is not a probability, a
    /// label outside the classes), the table is read again row by row, so that the error
    /// is the file mode's, naming its row.
    static func loaded(_ tables: ScannedTables, _ index: Int, input: TableInput, columns: PredictionColumns) async
        throws(TableReadError) -> LoadedPredictions
    {
        do throws(TableReadError) {
            var consumer = try tables.consumer(index, as: Consumer.self)
            return try consumer.finish(keepingScores: columns.scores != nil).narrowed(to: columns)
        } catch {
            guard input.database != nil || input.spark != nil, ["type-error", "missing-cell", "constraint-error"].contains(error.code) else { throw error }
            return try await PredictionsLoader(columns: columns).load(input)
        }
    }
}

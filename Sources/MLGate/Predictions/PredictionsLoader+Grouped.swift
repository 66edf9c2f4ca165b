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
        if aggregates, let database = input.database {
            columns.id = nil
            columns.multiplicity = DatabaseTable.rowCountColumn
            input.database = database.grouped(reading: String(describing: columns))
        } else if aggregates, let spark = input.spark {
            columns.id = nil
            columns.multiplicity = DatabaseTable.rowCountColumn
            input.spark = spark.grouped(reading: String(describing: columns))
        }
        let loader = PredictionsLoader(columns: columns), path = input.path
        return TableDemand(input) { header throws(TableReadError) in try loader.consumer(header: header, path: path) }
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
            return try consumer.finish()
        } catch {
            guard input.database != nil || input.spark != nil, ["type-error", "missing-cell", "constraint-error"].contains(error.code) else { throw error }
            return try await PredictionsLoader(columns: columns).load(input)
        }
    }
}

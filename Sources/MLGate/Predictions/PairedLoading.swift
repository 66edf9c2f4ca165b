/// A consumer of a candidate's predictions joined with its champion's by the server
/// (``ChampionPairing``) that loads both models' columns from the same rows: what it
/// reads is what either loader reads.
protocol PairedLoading: TableConsumer {
    var candidate: PredictionsLoader.Consumer { get set }
    var champion: PredictionsLoader.Consumer { get set }
}

extension PairedLoading {
    /// Both loaders read and check the batch's rows.
    mutating func load(_ batch: RowBatch) throws(TableReadError) {
        try candidate.observe(batch)
        try champion.observe(batch)
    }

    /// Both loaders forget the rows loaded (a consumer that draws them as they come).
    mutating func forgetRows() {
        candidate.forgetRows()
        champion.forgetRows()
    }

    var columnsRead: Set<Int>? { (candidate.columnsRead ?? []).union(champion.columnsRead ?? []) }

    /// The columns both read only as numbers (the shared label of a regressor, say),
    /// and those only one reads, as that one reads them.
    var numberColumns: Set<Int> {
        let texts = (candidate.columnsRead ?? []).subtracting(candidate.numberColumns)
            .union((champion.columnsRead ?? []).subtracting(champion.numberColumns))
        return candidate.numberColumns.union(champion.numberColumns).subtracting(texts)
    }

    var parsedColumns: Set<Int> { numberColumns }
    var entryColumns: Set<Int> { candidate.entryColumns.union(champion.entryColumns) }
}

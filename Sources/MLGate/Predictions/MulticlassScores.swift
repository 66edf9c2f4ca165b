/// What the reads of a multiclass model's predictions that a server grouped gave
/// (``MulticlassSumsConsumer``, ``ClassScoresConsumer``): the metrics of the whole table
/// and of each slice value, or the rows when they were read again one by one.
enum MulticlassScores: Sendable {
    case sums(Sums)
    case rows(LoadedPredictions)

    /// The metrics of the grouped reads.
    typealias Sums = FoldedScores<MulticlassScoreMetrics>

    /// The metrics of `rows` and, when a check ranks the rows, `ranking`; nil when
    /// the two reads disagree (the table changed between them: every score column of
    /// the ranking read passes each row of the rows' read once) or the weights add up
    /// to near mlgate's limit (the rows read one by one give the loader's error).
    static func sums(rows: MulticlassSumsConsumer.Folded, ranking: ClassScoresConsumer.Folded?, weighted: Bool) -> Sums? {
        guard rows.overall.weightTotal <= InputLimits.weightTotal * (1 - 1e-9) else { return nil }
        func metrics(_ sums: MulticlassScoreSums, _ ranked: MulticlassRankingSums?) -> MulticlassScoreMetrics? {
            if let ranked {
                guard ranked.rows.allSatisfy({ $0 == sums.rows }) else { return nil }
                // Each column passes every label's weight (to the sums' rounding).
                for byLabel in ranked.labelWeight {
                    for (code, weight) in byLabel.enumerated() {
                        let name = ranking!.names[code]
                        let expected = rows.names.firstIndex(of: name).map { $0 < sums.labelWeight.count ? sums.labelWeight[$0] : 0 } ?? 0
                        guard abs(weight - expected) <= 1e-9 * max(1, abs(expected)) else { return nil }
                    }
                }
            }
            return MulticlassScoreMetrics(
                classes: rows.classes, rows: sums, rowNames: rows.names, ranking: ranked, rankingNames: ranking?.names ?? [],
                columnClasses: ranking?.columnClasses ?? [], weighted: weighted)
        }
        guard let overall = metrics(rows.overall, ranking?.overall) else { return nil }
        var scopes: [Sums.Scope] = []
        for slice in rows.slices {
            let ranked = ranking.map { $0.slices[slice.column]?[slice.value] ?? MulticlassRankingSums(columnCodes: $0.overall.columnCodes) }
            guard let sliceMetrics = metrics(slice.sums, ranked) else { return nil }
            scopes.append(Sums.Scope(column: slice.column, value: slice.value, rows: slice.sums.rows, metrics: sliceMetrics))
        }
        return Sums(classes: rows.classes, rows: rows.overall.rows, distinctRows: rows.distinctRows, overall: overall, slices: scopes)
    }
}

/// A multiclass model and its champion on one engine, read in constant memory when no
/// check ranks the rows: one read of the joined relation, grouped by both models'
/// columns and the candidate's slices and sent in descending order of the candidate's
/// first score column, folds each model's sums and draws the paired bootstrap as the
/// rows come (``PairedMulticlassConsumer``).
extension ChampionPairing {
    /// The read of the joined relation that gives both models' metrics of `metrics` and
    /// the paired bootstrap's resamples (none when `settings` has none). Nil unless the
    /// model is multiclass with score columns on both sides, the server orders the joined
    /// rows by the candidate's first one (``classOrder``), and no metric of `metrics`
    /// ranks the rows (``Metric/needsSortedScores``: `roc_auc_ovr`, `roc_auc_ovo`, the
    /// average precisions).
    func multiclassDemands(metrics: [Metric], settings: BootstrapSettings) -> [TableDemand]? {
        guard candidateColumns.task == .multiclass, let ordered = classOrder, championColumns.scores != nil,
            !metrics.contains(where: \.needsSortedScores)
        else { return nil }
        var input = relation
        let candidate = candidateColumns, champion = championColumns, path = relation.path
        let reading = "\(candidate)\u{0}\(champion)\u{0}multiclass"
        input.database = input.database?.grouped(.ordered(.descending(ordered)), reading: reading)
        input.spark = input.spark?.grouped(.ordered(.descending(ordered)), reading: reading)
        return [
            TableDemand(input) { header throws(TableReadError) in
                PairedMulticlassConsumer(
                    candidate: try PredictionsLoader.Consumer(columns: candidate, header: header, path: path),
                    champion: try PredictionsLoader.Consumer(columns: champion, header: header, path: path), ordered: ordered,
                    settings: settings)
            }
        ]
    }
}

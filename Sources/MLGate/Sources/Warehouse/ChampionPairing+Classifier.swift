/// A multiclass model and its champion on one engine, or a classifier without scores and
/// with a weight column, read in constant memory: one read of the joined relation,
/// grouped by both models' columns and the candidate's slices and sent in descending
/// order of both models' score columns and weights (or weights), folds each model's sums and
/// draws the paired bootstrap as the rows come (``PairedClassifierConsumer``); each
/// model's rankings, when a check needs them, come from a read of its unpivoted scores
/// (``ClassScoresConsumer``).
extension ChampionPairing {
    /// The reads of the joined relation that give both models' metrics of `metrics` and
    /// the paired bootstrap's resamples of `bootstrapped` (none when `settings` has none):
    /// the joined rows in the order of both models' scores and weights (``PairedClassifierConsumer``)
    /// and, when a metric ranks the rows (``Metric/needsSortedScores``: `roc_auc_ovr`,
    /// `roc_auc_ovo`, the average precisions), each model's score columns unpivoted and
    /// sent in descending order (``DatabaseTable/Grouping/classScores(_:)``,
    /// ``ClassScoresConsumer``), the champion's with the candidate's slices. Nil unless
    /// the server orders the joined rows by ``classOrder``: a multiclass model's score
    /// columns and weight and its champion's, when the champion has score columns too and
    /// no metric of `bootstrapped` ranks the rows (their resamples are not drawn here);
    /// the models' weight columns, when neither model has scores (and no metric needs
    /// them: the file mode's error).
    func classifierDemands(metrics: [Metric], bootstrapped: [Metric], settings: BootstrapSettings) -> [TableDemand]? {
        guard candidateColumns.task != .regression, let ordered = classOrder else { return nil }
        if candidateColumns.scores == nil {
            guard championColumns.scores == nil, !metrics.contains(where: \.needsScores) else { return nil }
        } else {
            guard candidateColumns.task == .multiclass, championColumns.scores != nil, !bootstrapped.contains(where: \.needsSortedScores)
            else { return nil }
        }
        var input = relation
        let candidate = candidateColumns, champion = championColumns, path = relation.path
        let reading = "\(candidate)\u{0}\(champion)\u{0}multiclass"
        input.database = input.database?.grouped(.ordered(.descending(ordered)), reading: reading)
        input.spark = input.spark?.grouped(.ordered(.descending(ordered)), reading: reading)
        var demands = [
            TableDemand(input) { header throws(TableReadError) in
                PairedClassifierConsumer(
                    candidate: try PredictionsLoader.Consumer(columns: candidate, header: header, path: path),
                    champion: try PredictionsLoader.Consumer(columns: champion, header: header, path: path), ordered: ordered,
                    settings: settings)
            }
        ]
        guard metrics.contains(where: \.needsSortedScores), let candidateScores = candidateColumns.scores,
            let championScores = championColumns.scores
        else { return demands }
        var ranked = championColumns
        ranked.slices = candidateColumns.slices
        for (columns, scores) in [(candidateColumns, candidateScores), (ranked, championScores)] {
            var input = relation
            let reading = "\(columns)\u{0}classScores"
            input.database = input.database?.grouped(.classScores(scores), reading: reading)
            input.spark = input.spark?.grouped(.classScores(scores), reading: reading)
            demands.append(TableDemand(input) { header throws(TableReadError) in
                try ClassScoresConsumer(columns: columns, header: header, path: path)
            })
        }
        return demands
    }
}

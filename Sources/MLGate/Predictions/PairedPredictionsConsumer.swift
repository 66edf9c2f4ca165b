/// The consumer of a candidate's predictions joined with its champion's by the server
/// (``ChampionPairing``): both models' predictions loaded from the same rows, so that
/// row *i* of one is row *i* of the other, each with the count the server grouped it by.
struct PairedPredictionsConsumer: PairedLoading {
    var candidate: PredictionsLoader.Consumer
    var champion: PredictionsLoader.Consumer

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        try load(batch)
    }

    mutating func append(_ later: PairedPredictionsConsumer) {
        candidate.append(later.candidate)
        champion.append(later.champion)
    }

    mutating func expect(rows: Int) {
        candidate.expect(rows: rows)
        champion.expect(rows: rows)
    }

    /// Both models' predictions: the champion's with the candidate's classes (as a
    /// champion read on its own is given them). A constraint error when the champion's
    /// predictions name a class the candidate's classes lack: the gate then reads both
    /// row by row, and says which row as the file mode does.
    mutating func finish(candidateColumns: PredictionColumns) throws(TableReadError)
        -> (candidate: LoadedPredictions, champion: LoadedPredictions)
    {
        let candidate = try candidate.finish(keepingScores: candidateColumns.scores != nil).narrowed(to: candidateColumns)
        if case .classification(let data) = candidate.predictions {
            let known = Set(data.classes)
            if let outside = champion.names.first(where: { !known.contains($0) }) {
                throw TableReadError(
                    code: "constraint-error", message: "the champion predicts class '\(outside)', which the candidate's rows do not have",
                    location: SourceLocation(file: champion.path))
            }
            champion.columns.classes = data.classes
            if let positive = data.positiveClass { champion.columns.positiveLabel = data.classes[positive] }
        }
        let champion = try champion.finish()
        if case .classification(let a) = candidate.predictions, case .classification(let b) = champion.predictions,
            a.classes != b.classes || a.positiveClass != b.positiveClass
        {
            throw TableReadError(
                code: "constraint-error", message: "the champion's classes (\(b.classes.joined(separator: ", "))) are not the candidate's",
                location: SourceLocation(file: self.champion.path))
        }
        return (candidate, champion)
    }
}

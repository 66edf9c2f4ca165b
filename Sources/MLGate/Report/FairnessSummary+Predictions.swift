extension FairnessSummary {
    /// The summary of a binary classifier's loaded predictions, grouped by the sensitive
    /// columns (loaded as its slices), against the `reference` group when given.
    ///
    /// - Throws: ``OptionError`` when the predictions are not a binary classifier's, or
    ///   when `reference` is a group with no row (with the closest group as a
    ///   suggestion), as a fairness gate refuses it.
    public init(_ loaded: LoadedPredictions, sensitive: [String], reference: [String]?) throws(OptionError) {
        guard case .classification(let data) = loaded.predictions, let positive = data.positiveClass else {
            throw OptionError(problems: [OptionProblem("positive_label", "the predictions have no positive class: give {positive_label}")])
        }
        let table = FairnessTable(
            labels: data.labels.map { Int($0) == positive }, predicted: data.predicted.map { Int($0) == positive },
            weights: data.weights, groups: RowGroups(sensitive.map { loaded.slices[$0]! }), features: sensitive)
        if let reference, let problem = FairnessGateConfig.Reference.problem(reference, groups: table.groups.map(\.key), sensitive: sensitive) {
            throw OptionError(problems: [problem])
        }
        self.init(table: table, reference: reference)
    }
}

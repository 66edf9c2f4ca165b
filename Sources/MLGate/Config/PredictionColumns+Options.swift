/// The column options of the model and fairness gates, validated by the same rules
/// whether they come from `mlgate.yml` or from `mlgate metrics` / `mlgate fairness`.
extension PredictionColumns {
    /// The default of ``threshold``.
    public static var defaultThreshold: Double { PredictionColumns(task: .binary, label: "").threshold }

    /// A threshold outside [0, 1].
    public static func thresholdProblem(_ threshold: Double) -> OptionProblem? {
        guard !(threshold >= 0 && threshold <= 1) else { return nil }
        return OptionProblem("threshold", "expected a number in [0, 1] for {threshold}{context}, found \(threshold)")
    }

    /// A model gate's columns (`mlgate metrics`), checked as the config loader checks
    /// them; a `threshold` of `nil` is the default.
    ///
    /// - Throws: ``OptionError`` with every problem (see ``modelProblems(given:)``).
    public init(
        model task: ModelTask, label: String, prediction: String?, scores: Scores?, weight: String?,
        positiveLabel: String?, classes: [String]?, threshold: Double?
    ) throws(OptionError) {
        self.init(
            task: task, label: label, prediction: prediction, scores: scores, weight: weight,
            positiveLabel: positiveLabel, classes: classes, threshold: threshold ?? Self.defaultThreshold)
        let given = Self.given(["prediction": prediction, "score": scores, "positive_label": positiveLabel, "classes": classes, "threshold": threshold])
        try OptionError.check(Self.thresholdProblems(self.threshold) + modelProblems(given: given))
    }

    /// A fairness gate's columns (`mlgate fairness`), checked as the config loader
    /// checks them; a `threshold` of `nil` is the default.
    ///
    /// - Throws: ``OptionError`` with every problem (see ``fairnessProblems(given:)``).
    public init(
        fairness task: ModelTask, label: String, prediction: String?, score: String?, weight: String?,
        positiveLabel: String?, threshold: Double?, sensitive: [String]
    ) throws(OptionError) {
        self.init(
            task: task, label: label, prediction: prediction, scores: score.map { .column($0) }, weight: weight,
            positiveLabel: positiveLabel, threshold: threshold ?? Self.defaultThreshold, slices: sensitive)
        let given = Self.given(["prediction": prediction, "score": score, "positive_label": positiveLabel, "threshold": threshold])
        try OptionError.check(Self.thresholdProblems(self.threshold) + fairnessProblems(given: given))
    }

    private static func thresholdProblems(_ threshold: Double) -> [OptionProblem] {
        thresholdProblem(threshold).map { [$0] } ?? []
    }

    private static func given(_ values: [String: Any?]) -> Set<String> {
        Set(values.filter { $0.value != nil }.keys)
    }

    /// What a model gate refuses of these columns, `given` the keys that were set.
    public func modelProblems(given: Set<String>) -> [OptionProblem] {
        var problems: [OptionProblem] = []
        for key in ["positive_label", "threshold"] where task != .binary && given.contains(key) {
            problems.append(OptionProblem(key, "{\(key)} applies to binary models only{context}"))
        }
        if task == .regression, given.contains("score") {
            problems.append(OptionProblem("score", "a regression model has no scores: use {prediction}{context}"))
        }
        if task == .regression, given.contains("classes") {
            problems.append(OptionProblem("classes", "{classes} applies to classifiers only{context}"))
        }
        if task == .multiclass, case .column? = scores {
            problems.append(OptionProblem(
                "score", "a multiclass model has one score column per class: give a list (with {classes}) or {prefix: …}{context}"))
        }
        problems += predictionProblems(given: given, either: "give {prediction}, {score}, or both{context}")
        return problems
    }

    /// What a fairness gate refuses of these columns, `given` the keys that were set
    /// (`reference` and `confidence` among them).
    public func fairnessProblems(given: Set<String>) -> [OptionProblem] {
        var problems: [OptionProblem] = []
        for key in ["score", "threshold", "positive_label", "reference", "confidence"] where task == .regression && given.contains(key) {
            problems.append(OptionProblem(key, "{\(key)} applies to classifiers only{context}"))
        }
        return problems + predictionProblems(given: given, either: "give {prediction} or {score}{context}")
    }

    /// A regression model without predictions, a classifier with neither predictions
    /// nor scores.
    private func predictionProblems(given: Set<String>, either: String) -> [OptionProblem] {
        if task == .regression, !given.contains("prediction") {
            return [OptionProblem("prediction", "a regression model needs {prediction}{context}")]
        }
        if task != .regression, !given.contains("prediction"), !given.contains("score") {
            return [OptionProblem("prediction", either)]
        }
        return []
    }
}

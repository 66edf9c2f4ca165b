import Foundation

/// A fairness gate: a predictions file, the sensitive columns, and the checks.
public struct FairnessGateConfig: Sendable {
    /// The predictions file.
    public var predictions: TableInput
    /// Which columns hold what (`slices` are the sensitive columns).
    public var columns: PredictionColumns
    /// The sensitive columns; several give one group per observed combination.
    public var sensitive: [String]
    /// Groups with fewer rows are reported, not judged.
    public var minGroupSize: Int
    /// The reference group for AIF360's measures.
    public var reference: Reference?
    /// With a confidence, bounds are judged on a bootstrap interval.
    public var confidence: Double?
    /// The bootstrap behind `confidence`.
    public var bootstrap: BootstrapSettings
    /// The checks, in the order declared.
    public var checks: [FairnessCheck]

    /// How the reference (privileged) group is chosen.
    public enum Reference: Sendable, Hashable {
        /// The group with these values of the sensitive columns.
        case group([String])
        /// The group with the most rows.
        case largest
        /// The group with the highest selection rate.
        case best
    }

    /// Creates a fairness gate.
    public init(
        predictions: TableInput, columns: PredictionColumns, sensitive: [String], minGroupSize: Int,
        reference: Reference?, confidence: Double?, bootstrap: BootstrapSettings, checks: [FairnessCheck]
    ) {
        self.predictions = predictions
        self.columns = columns
        self.sensitive = sensitive
        self.minGroupSize = minGroupSize
        self.reference = reference
        self.confidence = confidence
        self.bootstrap = bootstrap
        self.checks = checks
    }

    /// The default of ``minGroupSize``.
    public static let defaultMinGroupSize = 30

    /// The keys of a fairness gate besides those of every gate.
    public static let keys: [ParameterSpec] = [
        ParameterSpec("predictions", .structure("input"), required: true, "The predictions file: a path, or a mapping (see TableInput)."),
        ParameterSpec("task", .choice([ModelTask.binary.rawValue, ModelTask.regression.rawValue]), required: true, "binary or regression."),
        ParameterSpec("label", .string, required: true, "The column with the true label (or target value)."),
        ParameterSpec("prediction", .string, "The column with the predicted class (or value)."),
        ParameterSpec("score", .string, "Binary, without a prediction column: the positive class's probability, turned into predictions by 'threshold'."),
        ParameterSpec("threshold", .number, "With 'score': a score at or above it predicts the positive class (default 0.5)."),
        ParameterSpec("weight", .string, "A sample-weight column."),
        ParameterSpec("positive_label", .label, "Binary: the positive class (default 1, or true)."),
        ParameterSpec("sensitive", .stringList, required: true, "The sensitive columns; several give one group per observed combination."),
        ParameterSpec("min_group_size", .integer(minimum: 1), "Groups with fewer rows are reported, not judged (default 30)."),
        ParameterSpec("reference", .structure("reference"), "The reference group for disparate_impact, statistical_parity_difference, average_odds_difference: a mapping of sensitive column to value, 'largest' or 'best'."),
        ParameterSpec("confidence", .number, "Classifiers: judge bounds on a bootstrap interval at this confidence (e.g. 0.95) rather than on the point value."),
        ParameterSpec("bootstrap", .structure("bootstrap"), "The bootstrap behind 'confidence'."),
        ParameterSpec("checks", .structure("list of fairness checks"), required: true, "The fairness checks."),
    ]
}

extension FairnessGateConfig.Reference {
    /// The key of a reference group written as `column=value` pairs, comma-separated (`mlgate
    /// fairness --reference sex=M,race=a`): a value for every sensitive column, as the
    /// mapping `reference:` of a config needs.
    ///
    /// - Throws: ``OptionError`` naming a pair that is not of a sensitive column (with a
    ///   suggestion) or the columns left without a value.
    public static func groupKey(pairs text: String, sensitive: [String]) throws(OptionError) -> [String] {
        let columns = sensitive.joined(separator: ", ")
        var values: [String: String] = [:]
        var problems: [OptionProblem] = []
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, sensitive.contains(parts[0]) else {
                let hint = parts.count == 2 ? Suggestion.didYouMean(parts[0], in: sensitive) : ""
                problems.append(OptionProblem(
                    "reference", "{reference} takes column=value pairs of the sensitive columns (\(columns)){context}, found '\(pair)'\(hint)"))
                continue
            }
            values[parts[0]] = parts[1]
        }
        if problems.isEmpty, values.count != sensitive.count {
            problems.append(OptionProblem("reference", "{reference} needs a value for every sensitive column (\(columns)){context}"))
        }
        try OptionError.check(problems)
        return sensitive.map { values[$0]! }
    }

    /// A reference group that is none of `groups` (keys of the sensitive columns'
    /// values), with the closest as a suggestion.
    public static func problem(_ key: [String], groups: [[String]], sensitive: [String]) -> OptionProblem? {
        guard !groups.contains(key) else { return nil }
        let labels = groups.map { FairnessTable.label($0, features: sensitive) }
        let label = FairnessTable.label(key, features: sensitive)
        return OptionProblem(
            "reference",
            "{reference} names no group \(label){context}; groups: \(labels.joined(separator: "; "))\(Suggestion.didYouMean(label, in: labels))")
    }
}

/// The kind of model a predictions file comes from.
public enum ModelTask: String, Sendable, Hashable, Codable, CaseIterable {
    /// Two classes, one of them positive.
    case binary
    /// Three or more classes (or two, treated symmetrically).
    case multiclass
    /// A numeric target.
    case regression
}

/// How per-class scores are combined, as scikit-learn's `average` parameter.
public enum MetricAverage: String, Sendable, Hashable, Codable, CaseIterable {
    /// The positive class only (binary models).
    case binary
    /// The unweighted mean over classes.
    case macro
    /// Computed from the pooled counts of all classes.
    case micro
    /// The mean over classes weighted by each class's (weighted) support.
    case weighted
}

/// Multiclass ROC AUC strategy, as scikit-learn's `multi_class`.
public enum MultiClassStrategy: String, Sendable, Hashable, Codable {
    /// One class against the rest.
    case ovr
    /// Every pair of classes (Hand & Till).
    case ovo
}

/// A model-quality metric, defined exactly as scikit-learn 1.9 defines it.
///
/// Names follow scikit-learn's scorer names without the `neg_` prefix:
/// `precision_macro`, `roc_auc_ovr_weighted`, `top_k_accuracy`, `mae`, …
public enum Metric: Sendable, Hashable {
    case accuracy
    case balancedAccuracy
    case precision(MetricAverage)
    case recall(MetricAverage)
    case f1(MetricAverage)
    case fbeta(MetricAverage, beta: Double)
    case rocAUC(MultiClassStrategy?, MetricAverage)
    case averagePrecision(MetricAverage)
    case logLoss
    case brierScore
    case matthewsCorrcoef
    case cohenKappa
    case specificity(MetricAverage)
    case falsePositiveRate(MetricAverage)
    case falseNegativeRate(MetricAverage)
    case topKAccuracy(k: Int)
    case meanAbsoluteError
    case meanSquaredError
    case rootMeanSquaredError
    case r2
    case meanAbsolutePercentageError
    case medianAbsoluteError
    case maxError
    case explainedVariance

    /// Whether a larger value is better (accuracy) or worse (log loss, errors).
    public var higherIsBetter: Bool {
        switch self {
        case .logLoss, .brierScore, .falsePositiveRate, .falseNegativeRate, .meanAbsoluteError,
            .meanSquaredError, .rootMeanSquaredError, .meanAbsolutePercentageError, .medianAbsoluteError, .maxError:
            false
        default: true
        }
    }

    /// Whether the metric needs scores (probabilities) rather than predicted classes.
    public var needsScores: Bool {
        switch self {
        case .rocAUC, .averagePrecision, .logLoss, .brierScore, .topKAccuracy: true
        default: false
        }
    }

    /// Whether the metric walks the rows in score order (ROC AUC, average precision).
    public var needsSortedScores: Bool {
        switch self {
        case .rocAUC, .averagePrecision: true
        default: false
        }
    }

    /// The canonical name, as reports and `mlgate metrics --format json` key it.
    public var name: String {
        func averaged(_ base: String, _ average: MetricAverage) -> String {
            average == .binary ? base : "\(base)_\(average.rawValue)"
        }
        switch self {
        case .accuracy: return "accuracy"
        case .balancedAccuracy: return "balanced_accuracy"
        case .precision(let average): return averaged("precision", average)
        case .recall(let average): return averaged("recall", average)
        case .f1(let average): return averaged("f1", average)
        case .fbeta(let average, _): return averaged("fbeta", average)
        case .rocAUC(nil, _): return "roc_auc"
        case .rocAUC(let strategy?, let average):
            return "roc_auc_\(strategy.rawValue)" + (average == .weighted ? "_weighted" : "")
        case .averagePrecision(let average): return averaged("average_precision", average)
        case .logLoss: return "log_loss"
        case .brierScore: return "brier_score"
        case .matthewsCorrcoef: return "matthews_corrcoef"
        case .cohenKappa: return "cohen_kappa"
        case .specificity(let average): return averaged("specificity", average)
        case .falsePositiveRate(let average): return averaged("fpr", average)
        case .falseNegativeRate(let average): return averaged("fnr", average)
        case .topKAccuracy: return "top_k_accuracy"
        case .meanAbsoluteError: return "mae"
        case .meanSquaredError: return "mse"
        case .rootMeanSquaredError: return "rmse"
        case .r2: return "r2"
        case .meanAbsolutePercentageError: return "mape"
        case .medianAbsoluteError: return "median_absolute_error"
        case .maxError: return "max_error"
        case .explainedVariance: return "explained_variance"
        }
    }

    /// The tasks the metric applies to.
    public var tasks: Set<ModelTask> {
        switch self {
        case .meanAbsoluteError, .meanSquaredError, .rootMeanSquaredError, .r2, .meanAbsolutePercentageError,
            .medianAbsoluteError, .maxError, .explainedVariance:
            [.regression]
        case .precision(let average), .recall(let average), .f1(let average), .fbeta(let average, _),
            .averagePrecision(let average), .specificity(let average), .falsePositiveRate(let average),
            .falseNegativeRate(let average):
            average == .binary ? [.binary] : [.multiclass]
        case .rocAUC(nil, _): [.binary]
        case .rocAUC: [.multiclass]
        case .topKAccuracy: [.multiclass]
        case .accuracy, .balancedAccuracy, .logLoss, .brierScore, .matthewsCorrcoef, .cohenKappa:
            [.binary, .multiclass]
        }
    }

    /// Every metric that applies to a task, in the order `mlgate metrics` prints them.
    public static func all(for task: ModelTask) -> [Metric] {
        switch task {
        case .binary:
            return [
                .accuracy, .balancedAccuracy, .precision(.binary), .recall(.binary), .f1(.binary),
                .fbeta(.binary, beta: 1), .rocAUC(nil, .macro), .averagePrecision(.binary), .logLoss, .brierScore,
                .matthewsCorrcoef, .cohenKappa, .specificity(.binary), .falsePositiveRate(.binary),
                .falseNegativeRate(.binary),
            ]
        case .multiclass:
            var metrics: [Metric] = [.accuracy, .balancedAccuracy]
            for average in [MetricAverage.macro, .micro, .weighted] {
                metrics += [.precision(average), .recall(average), .f1(average)]
            }
            metrics += [
                .rocAUC(.ovr, .macro), .rocAUC(.ovr, .weighted), .rocAUC(.ovo, .macro), .rocAUC(.ovo, .weighted),
                .averagePrecision(.macro), .averagePrecision(.micro), .averagePrecision(.weighted), .logLoss,
                .brierScore, .matthewsCorrcoef, .cohenKappa, .specificity(.macro), .falsePositiveRate(.macro),
                .falseNegativeRate(.macro), .topKAccuracy(k: 2),
            ]
            return metrics
        case .regression:
            return [
                .meanAbsoluteError, .meanSquaredError, .rootMeanSquaredError, .r2, .meanAbsolutePercentageError,
                .medianAbsoluteError, .maxError, .explainedVariance,
            ]
        }
    }

    /// Every name `Metric(name:task:)` accepts, for suggestions.
    public static let knownNames: [String] = {
        var names: [String] = []
        for task in ModelTask.allCases {
            for metric in all(for: task) where !names.contains(metric.name) { names.append(metric.name) }
        }
        for extra in ["fbeta_macro", "fbeta_micro", "fbeta_weighted", "specificity_weighted", "fpr_weighted",
            "fnr_weighted", "specificity_micro", "fpr_micro", "fnr_micro"] where !names.contains(extra) {
            names.append(extra)
        }
        return names
    }()

    /// Parses a metric name (case-insensitive) for a task; `beta` and `k` are the
    /// optional parameters of `fbeta` and `top_k_accuracy`.
    ///
    /// - Throws: a message naming the valid choices, with a suggestion.
    public init(name: String, task: ModelTask, beta: Double? = nil, k: Int? = nil) throws(MetricNameError) {
        let key = name.lowercased()
        var base = key
        var average: MetricAverage?
        for candidate in [MetricAverage.macro, .micro, .weighted] where key.hasSuffix("_\(candidate.rawValue)") {
            base = String(key.dropLast(candidate.rawValue.count + 1))
            average = candidate
        }
        let classAverage = average ?? (task == .binary ? .binary : nil)
        func needsAverage() -> MetricNameError {
            MetricNameError(
                message: "'\(name)' on a \(task.rawValue) model needs an average: "
                    + "\(base)_macro, \(base)_micro or \(base)_weighted")
        }
        let metric: Metric
        switch base {
        case "accuracy" where average == nil: metric = .accuracy
        case "balanced_accuracy" where average == nil: metric = .balancedAccuracy
        case "precision", "recall", "f1", "fbeta", "average_precision", "specificity", "fpr", "fnr":
            guard let classAverage else { throw needsAverage() }
            switch base {
            case "precision": metric = .precision(classAverage)
            case "recall": metric = .recall(classAverage)
            case "f1": metric = .f1(classAverage)
            case "fbeta": metric = .fbeta(classAverage, beta: beta ?? 1)
            case "average_precision": metric = .averagePrecision(classAverage)
            case "specificity": metric = .specificity(classAverage)
            case "fpr": metric = .falsePositiveRate(classAverage)
            default: metric = .falseNegativeRate(classAverage)
            }
        case "roc_auc" where average == nil:
            guard task == .binary else {
                throw MetricNameError(
                    message: "'\(name)' on a multiclass model needs a strategy: roc_auc_ovr, roc_auc_ovo, "
                        + "roc_auc_ovr_weighted or roc_auc_ovo_weighted")
            }
            metric = .rocAUC(nil, .macro)
        case "roc_auc_ovr", "roc_auc_ovo":
            guard average == nil || average == .weighted else {
                throw MetricNameError(message: "unknown metric '\(name)': roc_auc_ovr and roc_auc_ovo take only _weighted")
            }
            metric = .rocAUC(base == "roc_auc_ovr" ? .ovr : .ovo, average ?? .macro)
        case "log_loss" where average == nil: metric = .logLoss
        case "brier_score" where average == nil: metric = .brierScore
        case "matthews_corrcoef" where average == nil: metric = .matthewsCorrcoef
        case "cohen_kappa" where average == nil: metric = .cohenKappa
        case "top_k_accuracy" where average == nil: metric = .topKAccuracy(k: k ?? 2)
        case "mae" where average == nil: metric = .meanAbsoluteError
        case "mse" where average == nil: metric = .meanSquaredError
        case "rmse" where average == nil: metric = .rootMeanSquaredError
        case "r2" where average == nil: metric = .r2
        case "mape" where average == nil: metric = .meanAbsolutePercentageError
        case "median_absolute_error" where average == nil: metric = .medianAbsoluteError
        case "max_error" where average == nil: metric = .maxError
        case "explained_variance" where average == nil: metric = .explainedVariance
        default:
            let applicable = Metric.all(for: task).map(\.name)
            throw MetricNameError(
                message: "unknown metric '\(name)'" + Suggestion.didYouMean(key, in: Self.knownNames)
                    + " (\(task.rawValue) metrics: \(applicable.joined(separator: ", ")))")
        }
        guard metric.tasks.contains(task) else {
            throw MetricNameError(
                message: "'\(name)' does not apply to a \(task.rawValue) model (\(task.rawValue) metrics: "
                    + Metric.all(for: task).map(\.name).joined(separator: ", ") + ")")
        }
        self = metric
    }
}

/// A metric name that does not name a metric for the task.
public struct MetricNameError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, with the valid choices.
    public var message: String
    public var description: String { message }
}

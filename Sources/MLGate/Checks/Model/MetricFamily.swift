/// The declarations of metric checks, one per metric family.
///
/// Every metric check takes the same keys (``MetricCheck/parameters``) and is judged by
/// the same code (``MetricCheck``); what differs from metric to metric is only the
/// computation, which the golden tests hold to scikit-learn's to 1e-9. What does change
/// a check's config and its failure modes is what the gate must provide: predicted
/// classes, scores, or predicted values. So each family is declared once, with its
/// metrics listed, and its examples show a gate of that shape passing and failing.
public enum MetricFamily: String, Sendable, CaseIterable {
    /// Metrics of predicted classes (accuracy, precision, f1, …).
    case classification = "classification_metric"
    /// Metrics of scores (probabilities): ROC AUC, average precision, log loss, …
    case score = "score_metric"
    /// Metrics of a regression model's predicted values.
    case regression = "regression_metric"

    /// The family a metric belongs to.
    public init(_ metric: Metric) {
        if metric.tasks == [.regression] {
            self = .regression
        } else if metric.needsScores {
            self = .score
        } else {
            self = .classification
        }
    }

    /// The names of the family's metrics, as `metric:` takes them.
    public var metricNames: [String] {
        var names: [String] = []
        for task in ModelTask.allCases {
            for metric in Metric.all(for: task) where MetricFamily(metric) == self && !names.contains(metric.name) {
                names.append(metric.name)
            }
        }
        return names
    }

    /// The family's declaration.
    public var declaration: CheckDeclaration {
        let what: String
        switch self {
        case .classification: what = "A metric of the predicted classes"
        case .score: what = "A metric of the scores (probabilities)"
        case .regression: what = "A metric of a regression model's predictions"
        }
        return CheckDeclaration(
            rawValue, gates: [.model],
            summary: "\(what) (`metric:` \(metricNames.joined(separator: ", "))): \(MetricCheck.summary)",
            parameters: MetricCheck.parameters, examples: examples)
    }

    private var examples: [CheckExample] {
        func example(_ gate: String, _ files: [String: String], _ result: String, _ outcome: CheckOutcome, _ reason: String)
            -> CheckExample
        {
            CheckExample(.model, gate: "predictions: predictions.csv\n" + gate, files: files, result: result, outcome: outcome, reason: reason)
        }
        let labels = ["predictions.csv": "y,p\n1,1\n0,0\n1,1\n0,1\n"]
        switch self {
        case .classification:
            let binary = "task: binary\nlabel: y\nprediction: p\n"
            return [
                example(binary + "metrics:\n  - metric: accuracy\n    min: 0.75", labels, "accuracy", .passed, "accuracy 0.7500 ≥ 0.7500"),
                example(binary + "metrics:\n  - metric: accuracy\n    min: 0.8", labels, "accuracy", .failed, "accuracy 0.7500 < 0.8000"),
                example(
                    "task: multiclass\nlabel: y\nprediction: p\nmetrics:\n  - metric: f1_macro\n    min: 0.5",
                    ["predictions.csv": "y,p\na,a\nb,b\nc,c\nc,a\n"], "f1_macro", .passed, "f1_macro 0.7778 ≥ 0.5000"),
                example(
                    binary + "baseline:\n  predictions: champion.csv\nmetrics:\n  - metric: accuracy\n    max_drop: 0.1",
                    labels.merging(["champion.csv": "y,p\n1,1\n0,0\n1,1\n0,0\n"]) { $1 }, "accuracy", .failed,
                    "drop 0.2500 vs baseline 1 > 0.1000"),
            ]
        case .score:
            let binary = "task: binary\nlabel: y\nscore: s\nmetrics:\n  - metric: ROC_AUC\n    min: 0.9"
            return [
                example(binary, ["predictions.csv": "y,s\n1,0.9\n0,0.1\n1,0.8\n0,0.3\n"], "roc_auc", .passed, "roc_auc 1 ≥ 0.9000"),
                example(binary, ["predictions.csv": "y,s\n1,0.9\n0,0.1\n1,0.2\n0,0.3\n"], "roc_auc", .failed, "roc_auc 0.7500 < 0.9000"),
            ]
        case .regression:
            let gate = "task: regression\nlabel: y\nprediction: p\nmetrics:\n  - metric: rmse\n    max: "
            let values = ["predictions.csv": "y,p\n1,1.5\n2,2\n3,2\n"]
            return [
                example(gate + "0.7", values, "rmse", .passed, "rmse 0.6455 ≤ 0.7000"),
                example(gate + "0.5", values, "rmse", .failed, "rmse 0.6455 > 0.5000"),
            ]
        }
    }
}

import Foundation

/// Every metric that applies to a model's predictions: what `mlgate metrics` prints.
public struct MetricTable: Sendable {
    /// The task.
    public var task: ModelTask
    /// The number of rows.
    public var rows: Int
    /// Classes (classifiers), in order.
    public var classes: [String]
    /// The positive class (binary).
    public var positiveClass: String?
    /// Each metric with its value, in print order.
    public var values: [(metric: Metric, value: MetricValue)]
    /// The confusion matrix (classifiers).
    public var confusionMatrix: [[Double]]?

    /// Computes every applicable metric; metrics that need scores are left out when the
    /// file has none. The metrics that need the scores sorted (ROC AUC, average
    /// precision) run on one core, with the sort, while the others run on another.
    public init(_ predictions: Predictions, task: ModelTask) async {
        self.task = task
        rows = predictions.count
        var hasScores = true
        if case .classification(let data) = predictions {
            classes = data.classes
            positiveClass = data.positiveClass.map { data.classes[$0] }
            hasScores = data.scoreWidth > 0
        } else {
            classes = []
        }
        let metrics = Metric.all(for: task).filter { hasScores || !$0.needsScores }
        let ranked = metrics.filter(\.needsSortedScores)
        // The scores sorted on every core, then the ranked metrics' pass on one while
        // the others are computed on another.
        let order = await MetricEvaluator.scoreOrder(predictions)
        async let rankedValues = MetricEvaluator(predictions, order: order).values(ranked)
        let plain = MetricEvaluator(predictions, ranking: false)
        var found: [Metric: MetricValue] = [:]
        for metric in metrics where !metric.needsSortedScores { found[metric] = plain.value(metric) }
        for (metric, value) in zip(ranked, await rankedValues) { found[metric] = value }
        values = metrics.map { ($0, found[$0]!) }
        confusionMatrix = plain.confusionMatrix()
    }

    /// Aligned text: one metric per line, then the confusion matrix.
    public func text() -> String {
        var lines = ["\(rows) rows, \(task.rawValue)" + (classes.isEmpty ? "" : ", classes \(classes.joined(separator: ", "))")
            + (positiveClass.map { " (positive: \($0))" } ?? "")]
        let width = values.map(\.metric.name.count).max() ?? 0
        for (metric, value) in values {
            let padded = metric.name.padding(toLength: width, withPad: " ", startingAt: 0)
            switch value {
            case .value(let number): lines.append("\(padded)  \(String(format: "%.6f", number))")
            case .undefined(let reason): lines.append("\(padded)  undefined (\(reason))")
            }
        }
        if let confusionMatrix {
            lines.append("")
            lines.append("confusion matrix (rows: true class, columns: predicted class)")
            let cells = confusionMatrix.map { $0.map(NumberFormatting.value) }
            let cellWidth = max(cells.flatMap { $0 }.map(\.count).max() ?? 1, classes.map(\.count).max() ?? 1)
            let labelWidth = classes.map(\.count).max() ?? 1
            let rightAligned = { (text: String) in String(repeating: " ", count: max(0, cellWidth - text.count)) + text }
            lines.append(
                String(repeating: " ", count: labelWidth) + "  " + classes.map(rightAligned).joined(separator: " "))
            for (name, row) in zip(classes, cells) {
                lines.append(
                    name.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + "  "
                        + row.map(rightAligned).joined(separator: " "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// JSON: `metrics` keyed by metric name (null where undefined, with the reason under
    /// `undefined`), plus `task`, `rows`, `classes` and `confusion_matrix`.
    public func json() -> Data {
        var metrics: [String: Any] = [:]
        var undefined: [String: String] = [:]
        for (metric, value) in values {
            switch value {
            case .value(let number): metrics[metric.name] = number
            case .undefined(let reason):
                metrics[metric.name] = NSNull()
                undefined[metric.name] = reason
            }
        }
        var object: [String: Any] = ["task": task.rawValue, "rows": rows, "metrics": metrics, "undefined": undefined]
        if !classes.isEmpty { object["classes"] = classes }
        if let positiveClass { object["positive_label"] = positiveClass }
        if let confusionMatrix { object["confusion_matrix"] = confusionMatrix }
        return JSONObjectNumbers.data(object)
    }
}

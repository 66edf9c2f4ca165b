import Foundation
import Testing

@testable import MLGate

/// Every metric against scikit-learn 1.9.1 on the committed fixtures
/// (Fixtures/metrics: make_golden.py wrote the CSVs and golden.json), to 1e-9 (relative
/// beyond magnitude 1).
@Suite("Metrics equal scikit-learn")
struct MetricGoldenTests {
    struct Entry: CustomTestStringConvertible, Sendable {
        var caseName: String
        var task: ModelTask
        var positiveLabel: String?
        var classes: [String]
        var weighted: Bool
        var unweighted: Bool
        var metric: String
        var average: String?
        var multiClass: String?
        var beta: Double?
        var k: Int?
        /// nil when scikit-learn returned NaN or raised.
        var value: Double?
        var matrix: [[Double]]?

        var testDescription: String {
            var text = "\(caseName): \(metric)"
            if let average { text += " \(average)" }
            if let multiClass { text += " \(multiClass)" }
            if let beta { text += " β=\(beta)" }
            if let k { text += " k=\(k)" }
            if unweighted { text += " (unweighted)" }
            return text
        }

        /// The Metric this entry describes.
        var parsed: Metric {
            let average = self.average.flatMap(MetricAverage.init(rawValue:)) ?? (task == .binary ? .binary : .macro)
            switch metric {
            case "precision": return .precision(average)
            case "recall": return .recall(average)
            case "f1": return .f1(average)
            case "fbeta": return .fbeta(average, beta: beta ?? 1)
            case "roc_auc": return .rocAUC(multiClass.flatMap(MultiClassStrategy.init(rawValue:)), average)
            case "average_precision": return .averagePrecision(average)
            case "specificity": return .specificity(average)
            case "fpr": return .falsePositiveRate(average)
            case "fnr": return .falseNegativeRate(average)
            case "top_k_accuracy": return .topKAccuracy(k: k ?? 2)
            default:
                return try! Metric(name: metric, task: task)
            }
        }
    }

    nonisolated(unsafe) static let golden: [String: Any] = {
        let data = try! Data(contentsOf: Fixtures.url("metrics/golden.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    static let entries: [Entry] = {
        let cases = golden["cases"] as! [String: [String: Any]]
        var entries: [Entry] = []
        for name in cases.keys.sorted() {
            let info = cases[name]!
            let task = ModelTask(rawValue: info["task"] as! String)!
            for metric in info["metrics"] as! [[String: Any]] {
                entries.append(
                    Entry(
                        caseName: name, task: task, positiveLabel: info["positive_label"] as? String,
                        classes: info["classes"] as? [String] ?? [], weighted: info["weighted"] as? Bool ?? false,
                        unweighted: metric["unweighted"] as? Bool ?? false, metric: metric["metric"] as! String,
                        average: metric["average"] as? String, multiClass: metric["multi_class"] as? String,
                        beta: (metric["beta"] as? NSNumber)?.doubleValue, k: metric["k"] as? Int,
                        value: metric["error"] == nil ? (metric["value"] as? NSNumber)?.doubleValue : nil,
                        matrix: (metric["value"] as? [[NSNumber]])?.map { $0.map(\.doubleValue) }))
            }
        }
        return entries
    }()

    /// Loads a fixture through the same loader the model gate uses.
    static func load(_ entry: Entry) async throws -> Predictions {
        let columns: PredictionColumns
        switch entry.task {
        case .binary:
            columns = PredictionColumns(
                task: .binary, label: "label", prediction: "prediction", scores: .column("score"),
                weight: entry.weighted && !entry.unweighted ? "weight" : nil, positiveLabel: entry.positiveLabel)
        case .multiclass:
            columns = PredictionColumns(
                task: .multiclass, label: "label", prediction: "prediction", scores: .prefix("score_"),
                weight: entry.weighted && !entry.unweighted ? "weight" : nil, classes: entry.classes)
        case .regression:
            columns = PredictionColumns(
                task: .regression, label: "label", prediction: "prediction",
                weight: entry.weighted && !entry.unweighted ? "weight" : nil)
        }
        return try await PredictionsLoader(columns: columns)
            .load(url: Fixtures.url("metrics/\(entry.caseName).csv"), format: .csv, path: "\(entry.caseName).csv")
            .predictions
    }

    @Test func theFixturesComeFromScikitLearn191() {
        #expect(Self.golden["sklearn_version"] as? String == "1.9.1")
        #expect(Self.entries.count > 300)
    }

    @Test(arguments: entries)
    func matchesScikitLearn(_ entry: Entry) async throws {
        let evaluator = MetricEvaluator(try await Self.load(entry))
        if entry.metric == "confusion_matrix" {
            let matrix = try #require(evaluator.confusionMatrix())
            let expected = try #require(entry.matrix)
            #expect(matrix.count == expected.count)
            for (row, expectedRow) in zip(matrix, expected) {
                #expect(row.count == expectedRow.count)
                for (cell, expectedCell) in zip(row, expectedRow) {
                    #expect(abs(cell - expectedCell) <= 1e-9, "confusion matrix \(matrix) vs \(expected)")
                }
            }
            return
        }
        let value = evaluator.value(entry.parsed)
        guard let expected = entry.value else {
            #expect(value.number == nil, "scikit-learn gives NaN or raises; mlgate gave \(value)")
            return
        }
        let actual = try #require(value.number, "scikit-learn gives \(expected); mlgate: \(value)")
        // 1e-9, relative beyond magnitude 1: large values (a MAPE of ~1e18) differ from
        // scikit-learn's by ~1e-15 of themselves, which is summation order, not a defect.
        #expect(abs(actual - expected) <= 1e-9 * max(1, abs(expected)), "scikit-learn \(expected), mlgate \(actual)")
    }
}

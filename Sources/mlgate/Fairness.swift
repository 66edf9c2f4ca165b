import ArgumentParser
import Foundation
import MLGate

/// `mlgate fairness`: the per-group table and every fairness aggregate of a binary
/// classifier's predictions.
struct Fairness: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fairness",
        abstract: "Print a classifier's rates per group and every fairness aggregate.",
        discussion: """
            Groups come from the sensitive columns (several give one group per observed \
            combination). Aggregates are defined as fairlearn 0.15 defines them; a rate \
            whose denominator is zero is printed as undefined (fairlearn reports 0, and \
            its aggregates count it as 0, as mlgate's do).
            """
    )

    @Argument(help: "The predictions file (CSV, TSV or JSON Lines).")
    var predictions: String

    @Option(help: ArgumentHelp("The sensitive columns, comma-separated.", valueName: "columns"))
    var sensitive: String

    @Option(help: "The true label column.")
    var label: String

    @Option(help: "The predicted class column.")
    var prediction: String?

    @Option(help: "The positive class's probability, turned into predictions by --threshold.")
    var score: String?

    @Option(help: "With --score: a score at or above it predicts the positive class.")
    var threshold: Double = 0.5

    @Option(help: "A sample-weight column.")
    var weight: String?

    @Option(help: "The positive class (default 1 or true).")
    var positiveLabel: String?

    @Option(help: ArgumentHelp("A reference group for AIF360's measures: column=value pairs, comma-separated.", valueName: "group"))
    var reference: String?

    @Option(help: ArgumentHelp("Output format.", valueName: "text|json"))
    var format: Metrics.OutputFormat = .text

    func validate() throws {
        if prediction == nil, score == nil { throw ValidationError("give --prediction or --score") }
        if !(0...1).contains(threshold) { throw ValidationError("--threshold must lie in [0, 1]") }
    }

    func run() async throws {
        Tool.tuneAllocator()
        let features = sensitive.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let columns = PredictionColumns(
            task: .binary, label: label, prediction: prediction, scores: score.map { .column($0) }, weight: weight,
            positiveLabel: positiveLabel, threshold: threshold, slices: features)
        let loaded = try await PredictionsInput.load(predictions, format: nil, columns: columns)
        guard case .classification(let data) = loaded.predictions, let positive = data.positiveClass else {
            throw ExitCode(GateExit.usage)
        }
        var referenceKey: [String]?
        if let reference {
            var values: [String: String] = [:]
            for pair in reference.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, features.contains(parts[0]) else {
                    Output.error("error: --reference takes column=value pairs of the sensitive columns (\(features.joined(separator: ", "))), found '\(pair)'")
                    throw ExitCode(GateExit.usage)
                }
                values[parts[0]] = parts[1]
            }
            guard values.count == features.count else {
                Output.error("error: --reference needs a value for every sensitive column (\(features.joined(separator: ", ")))")
                throw ExitCode(GateExit.usage)
            }
            referenceKey = features.map { values[$0]! }
        }
        let table = FairnessTable(
            labels: data.labels.map { Int($0) == positive }, predicted: data.predicted.map { Int($0) == positive },
            weights: data.weights, sensitive: features.map { loaded.slices[$0]! }, features: features)
        let summary = FairnessSummary(table: table, reference: referenceKey)
        switch self.format {
        case .text: Output.print(summary.text())
        case .json: Output.print(String(decoding: summary.json(), as: UTF8.self))
        }
    }
}

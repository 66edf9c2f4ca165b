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

    @Argument(help: "The predictions file (CSV, TSV, JSON Lines or Parquet).")
    var predictions: String

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(help: ArgumentHelp("The sensitive columns, comma-separated.", valueName: "columns"))
    var sensitive: String

    @Option(help: "The true label column.")
    var label: String

    @Option(help: "The predicted class column.")
    var prediction: String?

    @Option(help: "The positive class's probability, turned into predictions by --threshold.")
    var score: String?

    @Option(help: "With --score: a score at or above it predicts the positive class. (default: \(PredictionColumns.defaultThreshold))")
    var threshold: Double?

    @Option(help: "A sample-weight column.")
    var weight: String?

    @Option(help: "The positive class (default 1 or true).")
    var positiveLabel: String?

    @Option(help: ArgumentHelp("A reference group for AIF360's measures: column=value pairs, comma-separated.", valueName: "group"))
    var reference: String?

    @Option(help: ArgumentHelp("Output format.", valueName: "text|json"))
    var format: Metrics.OutputFormat = .text

    func validate() throws {
        do throws(OptionError) {
            _ = try columns()
            _ = try referenceKey()
        } catch {
            throw ValidationError(error.problems)
        }
    }

    private var features: [String] { sensitive.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    /// The columns as a binary fairness gate of `mlgate.yml` takes them.
    private func columns() throws(OptionError) -> PredictionColumns {
        try PredictionColumns(
            fairness: .binary, label: label, prediction: prediction, score: score, weight: weight,
            positiveLabel: positiveLabel, threshold: threshold, sensitive: features)
    }

    private func referenceKey() throws(OptionError) -> [String]? {
        try reference.map { text throws(OptionError) in try FairnessGateConfig.Reference.groupKey(pairs: text, sensitive: features) }
    }

    func run() async throws {
        let columns = try columns()
        let loaded = try await PredictionsInput.load(try databaseOptions.input(predictions), columns: columns)
        let summary = try FairnessSummary(loaded, sensitive: features, reference: try referenceKey())
        switch self.format {
        case .text: Output.print(summary.text())
        case .json: Output.print(String(decoding: summary.json(), as: UTF8.self))
        }
    }
}

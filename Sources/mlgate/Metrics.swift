import ArgumentParser
import Foundation
import MLGate

extension ModelTask: ExpressibleByArgument {}

/// `mlgate metrics`: every applicable metric of a predictions file.
struct Metrics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Print every metric that applies to a predictions file.",
        discussion: """
            Metrics are defined as scikit-learn 1.9 defines them; a metric scikit-learn \
            returns NaN for is printed as undefined, with the reason. Exit 2 on a usage \
            or input error (a missing column, a score outside [0, 1], …).
            """
    )

    @Argument(help: "The predictions file (CSV, TSV, JSON Lines or Parquet).")
    var predictions: String

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(help: "binary, multiclass or regression.")
    var task: ModelTask

    @Option(help: "The true label (target) column.")
    var label: String

    @Option(help: "The predicted class (value) column.")
    var prediction: String?

    @Option(help: ArgumentHelp(
        "Score column(s): binary, the positive class's probability; multiclass, comma-separated columns in --classes order.",
        valueName: "columns"))
    var score: String?

    @Option(help: ArgumentHelp("Multiclass: score columns are this prefix followed by the class.", valueName: "prefix"))
    var scorePrefix: String?

    @Option(help: "A sample-weight column.")
    var weight: String?

    @Option(help: ArgumentHelp("The classes, comma-separated.", valueName: "classes"))
    var classes: String?

    @Option(help: "Binary: the positive class (default 1 or true).")
    var positiveLabel: String?

    @Option(help: "Binary, without --prediction: a score at or above it is positive. (default: \(PredictionColumns.defaultThreshold))")
    var threshold: Double?

    @Option(help: ArgumentHelp("The file's format (default: from its extension).", valueName: "csv|tsv|jsonl|parquet"))
    var inputFormat: String?

    @Option(help: ArgumentHelp("Output format.", valueName: "text|json"))
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument {
        case text, json
    }

    func validate() throws {
        if score != nil, scorePrefix != nil { throw ValidationError("give --score or --score-prefix, not both") }
        if let inputFormat, TableFormat(rawValue: inputFormat) == nil {
            throw ValidationError("unknown --input-format '\(inputFormat)': expected csv, tsv, jsonl or parquet")
        }
        do throws(OptionError) {
            _ = try columns()
        } catch {
            throw ValidationError(error.problems)
        }
    }

    /// The columns as a model gate of `mlgate.yml` takes them.
    private func columns() throws(OptionError) -> PredictionColumns {
        let split = { (text: String) in text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        var scores: PredictionColumns.Scores?
        if let scorePrefix {
            scores = .prefix(scorePrefix)
        } else if let score {
            let columns = split(score)
            scores = columns.count == 1 && task == .binary ? .column(columns[0]) : .columns(columns)
        }
        return try PredictionColumns(
            model: task, label: label, prediction: prediction, scores: scores, weight: weight,
            positiveLabel: positiveLabel, classes: classes.map(split), threshold: threshold)
    }

    func run() async throws {
        let loaded = try await PredictionsInput.load(
            try databaseOptions.input(predictions, format: inputFormat.flatMap(TableFormat.init(rawValue:)), orElse: "pass --input-format"),
            columns: try columns())
        let table = await MetricTable(loaded.predictions, task: task)
        switch self.format {
        case .text: Output.print(table.text())
        case .json: Output.print(String(decoding: table.json(), as: UTF8.self))
        }
    }
}

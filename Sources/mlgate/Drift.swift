import ArgumentParser
import Foundation
import MLGate

extension DriftMethod: ExpressibleByArgument {}
extension KolmogorovSmirnov.Method: ExpressibleByArgument {}

/// `mlgate drift`: the drift gate on two files, without a config.
struct Drift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Compare current data with reference data, column by column.",
        discussion: """
            Each column is tested with the method given, or with the one Evidently would \
            choose (auto); the dataset has drifted when the share of drifted columns \
            reaches --drift-share. Exit 0 no dataset drift, 1 dataset drift, 2 usage or \
            input error. See docs/drift.md.
            """
    )

    @Argument(help: "The reference data (CSV, TSV, JSON Lines or Parquet), or its profile (*.profile.json, from 'mlgate profile').")
    var reference: String

    @Argument(help: "The current data (CSV, TSV, JSON Lines or Parquet).")
    var current: String

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(help: ArgumentHelp("Compare only these columns (comma-separated; default: every column both have).", valueName: "names"))
    var columns: String?

    @Option(help: ArgumentHelp("Columns not to compare (comma-separated).", valueName: "names"))
    var exclude: String?

    @Option(help: ArgumentHelp("Columns to compare as categories (comma-separated).", valueName: "names"))
    var categorical: String?

    @Option(help: ArgumentHelp("Columns to compare as numbers (comma-separated).", valueName: "names"))
    var numeric: String?

    @Option(help: "auto, ks, wasserstein, psi, jensenshannon, chisquare, ztest or linf.")
    var method: DriftMethod = .auto

    @Option(help: "The method's threshold (default: the method's own).")
    var threshold: Double?

    @Option(help: "How ks computes its p-value: auto, exact or asymp (as scipy.stats.ks_2samp).")
    var ksMethod: KolmogorovSmirnov.Method = .auto

    @Option(help: "Reference-quantile bins of psi and jensenshannon chosen explicitly on numbers.")
    var bins: Int = DriftGateConfig.defaultBins

    @Option(help: "The share of drifted columns at which the dataset has drifted.")
    var driftShare: Double = DriftGateConfig.defaultDriftShare

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func validate() throws {
        let problems = options.problems()
        if !problems.isEmpty { throw ValidationError(problems) }
    }

    /// The options as a drift gate of `mlgate.yml` takes them.
    private var options: DriftGateConfig.Options {
        func list(_ text: String?) -> [String] {
            text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
        }
        var options = DriftGateConfig.Options()
        options.columns = columns.map { _ in list(columns).map { DriftColumnConfig(name: $0) } }
        options.exclude = list(exclude)
        options.categorical = list(categorical)
        options.numeric = list(numeric)
        options.method = method
        options.threshold = threshold
        options.ksMethod = ksMethod
        options.bins = bins
        options.driftShare = driftShare
        return options
    }

    func run() async throws {
        let location = SourceLocation(file: current)
        let config = try DriftGateConfig(
            reference: databaseOptions.database == nil ? try DriftReference(path: reference) : .table(try databaseOptions.input(reference)),
            current: try databaseOptions.input(current), options: options,
            location: location)
        let result = await GateRunner.run(GateConfig(name: "drift", kind: .drift, location: location, body: .drift(config)))
        switch format {
        case .json: Output.print(GateJSONRenderer().text(result))
        case .text:
            Output.print(CheckLinesRenderer().text(result))
            // As `validate` does: each check that could not run, located, on stderr.
            for check in result.checks where check.outcome == .error {
                Output.error(check.location.map { "\(Diagnostic(.error, check.message, at: $0))" } ?? "mlgate: error: \(check.name): \(check.message)")
            }
        }
        try result.status.exitUnlessPassed()
    }
}

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

    @Argument(help: "The reference data (CSV, TSV or JSON Lines), or its profile (*.profile.json, from 'mlgate profile').")
    var reference: String

    @Argument(help: "The current data (CSV, TSV or JSON Lines).")
    var current: String

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
    var bins: Int = 10

    @Option(help: "The share of drifted columns at which the dataset has drifted.")
    var driftShare: Double = 0.5

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func validate() throws {
        guard bins >= 2 else { throw ValidationError("--bins must be at least 2") }
        guard driftShare > 0, driftShare <= 1 else { throw ValidationError("--drift-share must lie in (0, 1]") }
        if let threshold, threshold < 0 { throw ValidationError("--threshold must be ≥ 0") }
        if columns != nil, exclude != nil { throw ValidationError("--exclude applies when --columns is not given") }
    }

    func run() async throws {
        Tool.tuneAllocator()
        func input(_ path: String) throws -> TableInput {
            guard let format = TableFormat(inferringFrom: path) else {
                Output.error("\(path): error: cannot tell the format from the extension: expected .csv, .tsv or .jsonl")
                throw ExitCode(GateExit.usage)
            }
            let url = URL(fileURLWithPath: path).standardizedFileURL
            return TableInput(path: path, url: url, format: format, dialect: format == .tsv ? .tsv : .csv, location: SourceLocation(file: path))
        }
        func list(_ text: String?) -> [String] {
            text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
        }
        let config = DriftGateConfig(
            reference: reference.hasSuffix(".json")
                ? .profile(path: reference, url: URL(fileURLWithPath: reference).standardizedFileURL, location: SourceLocation(file: reference))
                : .table(try input(reference)),
            current: try input(current),
            columns: columns.map { _ in list(columns).map { DriftColumnConfig(name: $0) } }, exclude: list(exclude),
            categorical: list(categorical), numeric: list(numeric), method: method, threshold: threshold,
            ksMethod: ksMethod, bins: bins, driftShare: driftShare, location: SourceLocation(file: current))
        let result = await GateRunner.run(GateConfig(name: "drift", kind: .drift, location: SourceLocation(file: current), body: .drift(config)))
        switch format {
        case .json:
            Output.print(DriftJSON.render(result))
        case .text:
            for check in result.checks {
                Output.print("\(check.outcome.rawValue.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)) \(check.name): \(check.message)\n")
            }
        }
        if result.checks.contains(where: { $0.outcome == .error }) { throw ExitCode(GateExit.usage) }
        if result.status == .failed { throw ExitCode(GateExit.failed) }
    }
}

/// `mlgate drift --format json`: the per-column results and the verdict.
enum DriftJSON {
    static func render(_ result: GateResult) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        struct Document: Encodable {
            var status: RunStatus
            var drift: DriftTableReport?
            var checks: [CheckResult]
        }
        let data = try! encoder.encode(Document(status: result.status, drift: result.drift, checks: result.checks))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

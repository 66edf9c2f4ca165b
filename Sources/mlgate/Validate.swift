import ArgumentParser
import Foundation
import MLGate

/// `mlgate validate`: the data contract alone, on one file.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate a table against a Frictionless Table Schema, as 'frictionless validate' does.",
        discussion: """
            Reports every problem with Frictionless's error codes and row numbers (the \
            header is row 1): counts per code and field, and the first --samples located. \
            Without --schema, checks the structure (labels, blank rows, extra and missing \
            cells) and the types inferred from the first --sample-rows rows. Exit 0 \
            valid, 1 invalid, 2 usage or input error. See docs/contract.md.
            """
    )

    @Argument(help: "The table (CSV, TSV, JSON Lines or Parquet; .gz read transparently).")
    var data: String

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(help: ArgumentHelp("The Table Schema (JSON or YAML).", valueName: "path"))
    var schema: String?

    @OptionGroup var dialectOptions: DialectOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Also write a JUnit XML report here.", valueName: "path"))
    var junit: String?

    @Option(help: "How many problems to list, located (all are counted).")
    var samples: Int = ContractConfig.defaultSamples

    @Option(help: "Without --schema: the rows types are inferred from.")
    var sampleRows: Int = ContractConfig.defaultInferenceRows

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func validate() throws {
        let problems = ContractConfig.problems(samples: samples, sampleRows: sampleRows)
        if !problems.isEmpty { throw ValidationError(problems) }
    }

    func run() async throws {
        var input = try databaseOptions.input(data)
        try dialectOptions.apply(to: &input)
        let source: ContractConfig.Source
        if let schema {
            do {
                source = .schema(try SchemaLoader.load(url: URL(fileURLWithPath: schema).standardizedFileURL, displayPath: schema), name: schema)
            } catch {
                throw CommandFailure(message: DiagnosticsRenderer(subject: "schema").text(error))
            }
        } else {
            source = .inferred(sampleRows: sampleRows)
        }
        let contract = try ContractConfig(validating: source, samples: samples, location: SourceLocation(file: schema ?? data))
        let gate = GateConfig(
            name: "validate", kind: .data, location: SourceLocation(file: data),
            body: .data(DataGateConfig(input: input, checks: [], contract: contract)))
        let result = await GateRunner.run(gate)

        switch format {
        case .json: Output.print(GateJSONRenderer().text(result))
        case .text: Output.print(ContractTextRenderer(data: data).text(result))
        }
        if let junit {
            let report = RunReport(config: schema ?? data, startedAt: result.startedAt, duration: result.duration, gates: [result])
            _ = try ReportWriter.write(report, to: [.junit: URL(fileURLWithPath: junit).standardizedFileURL])
        }
        for check in result.checks where check.outcome == .error { Output.error(check.details ?? check.message) }
        try result.status.exitUnlessPassed()
    }
}

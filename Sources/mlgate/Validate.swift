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

    @Argument(help: "The table (CSV, TSV or JSON Lines; .gz read transparently).")
    var data: String

    @Option(help: ArgumentHelp("The Table Schema (JSON or YAML).", valueName: "path"))
    var schema: String?

    @Option(help: ArgumentHelp("A Frictionless CSV dialect (JSON or YAML: delimiter, quoteChar, header, commentChar, …).", valueName: "path"))
    var dialect: String?

    @Option(help: ArgumentHelp("The CSV field delimiter (overrides the dialect's).", valueName: "char"))
    var delimiter: String?

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
        guard samples >= 0 else { throw ValidationError("--samples must be at least 0") }
        guard sampleRows >= 1 else { throw ValidationError("--sample-rows must be at least 1") }
    }

    func run() async throws {
        var input = try TableInputArgument.input(data)
        do {
            if let dialect {
                input.dialect = try DialectFile.load(
                    url: URL(fileURLWithPath: dialect).standardizedFileURL, displayPath: dialect, base: input.dialect)
            }
            if let delimiter {
                input.dialect = try CSVDialect(frictionless: CSVDialect.Descriptor(delimiter: delimiter), base: input.dialect)
            }
        } catch let error as DiagnosticError {
            Output.error(error.description)
            throw ExitCode(GateExit.usage)
        } catch {
            Output.error("mlgate: --delimiter: \(error)")
            throw ExitCode(GateExit.usage)
        }
        let source: ContractConfig.Source
        if let schema {
            do {
                source = .schema(try SchemaLoader.load(url: URL(fileURLWithPath: schema).standardizedFileURL, displayPath: schema), name: schema)
            } catch {
                Output.error(error.description)
                Output.error("mlgate: the schema has \(error.diagnostics.count) problem\(error.diagnostics.count == 1 ? "" : "s"); nothing was checked")
                throw ExitCode(GateExit.usage)
            }
        } else {
            source = .inferred(sampleRows: sampleRows)
        }
        let contract = ContractConfig(source: source, samples: samples, location: SourceLocation(file: schema ?? data))
        let gate = GateConfig(
            name: "validate", kind: .data, location: SourceLocation(file: data),
            body: .data(DataGateConfig(input: input, checks: [], contract: contract)))
        let result = await GateRunner.run(gate)
        let report = RunReport(config: schema ?? data, startedAt: result.startedAt, duration: result.duration, gates: [result])

        switch format {
        case .json: Output.print(ValidateJSON.render(result))
        case .text: Output.print(ValidateText.render(result, data: data))
        }
        if let junit {
            do {
                _ = try ReportWriter.write(report, to: [.junit: URL(fileURLWithPath: junit).standardizedFileURL])
            } catch {
                Output.error(error.description)
                throw ExitCode(GateExit.usage)
            }
        }
        if result.checks.contains(where: { $0.outcome == .error }) {
            for check in result.checks where check.outcome == .error { Output.error(check.details ?? check.message) }
            throw ExitCode(GateExit.usage)
        }
        if result.status == .failed { throw ExitCode(GateExit.failed) }
    }
}

/// A table named on the command line: its format from the extension.
enum TableInputArgument {
    static func input(_ path: String) throws -> TableInput {
        guard let format = TableFormat(inferringFrom: path) else {
            Output.error("\(path): error: cannot tell the format from the extension: expected .csv, .tsv or .jsonl (optionally .gz)")
            throw ExitCode(GateExit.usage)
        }
        return TableInput(
            path: path, url: URL(fileURLWithPath: path).standardizedFileURL, format: format,
            dialect: format == .tsv ? .tsv : .csv, location: SourceLocation(file: path))
    }
}

/// `mlgate validate --format json`.
enum ValidateJSON {
    static func render(_ result: GateResult) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        struct Document: Encodable {
            var status: RunStatus
            var contract: ContractReport?
            var checks: [CheckResult]
        }
        let data = try! encoder.encode(Document(status: result.status, contract: result.contract, checks: result.checks))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// `mlgate validate` as text: the verdict, counts per code and field, then the samples.
enum ValidateText {
    static func render(_ result: GateResult, data: String) -> String {
        var out = ""
        if let error = result.checks.first(where: { $0.outcome == .error }) {
            return "error: \(error.name): \(error.message)\n"
        }
        guard let contract = result.contract else { return "" }
        let problems = contract.counts.reduce(0) { $0 + $1.count }
        out += contract.valid
            ? "valid: \(data), \(contract.rows) rows against \(contract.schema)\n"
            : "invalid: \(data), \(contract.rows) rows against \(contract.schema): \(problems) problem\(problems == 1 ? "" : "s")\n"
        if !contract.counts.isEmpty {
            out += "\n"
            for count in contract.counts {
                let what = [count.field.map { "'\($0)'" }, count.constraint].compactMap { $0 }.joined(separator: " ")
                out += "  \(String(count.count).leftPadding(9))  \(count.code)\(what.isEmpty ? "" : "  \(what)")\n"
            }
        }
        if !contract.samples.isEmpty {
            out += "\nfirst \(contract.samples.count) problem\(contract.samples.count == 1 ? "" : "s"):\n"
            for issue in contract.samples {
                let place = issue.rowNumber.map { "\(data):\(issue.line ?? 0)\(issue.column.map { ":\($0)" } ?? ""): row \($0)" } ?? "\(data):1: header"
                out += "  \(place): \(issue.code): \(issue.message)\n"
            }
        }
        if let schema = contract.inferredSchema, !contract.valid {
            out += "\ninferred schema (from the first rows; pass --schema to check against your own):\n\(schema)"
        }
        return out
    }
}

extension String {
    fileprivate func leftPadding(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

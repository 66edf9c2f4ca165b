import ArgumentParser
import Foundation
import MLGate

/// `mlgate infer`: a Table Schema from a table.
struct Infer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Print a Frictionless Table Schema inferred from a table (types, required, enum, min/max).",
        discussion: """
            Types are tried in Frictionless's order, over every row read: a column gets the \
            first type that reads --confidence of its non-missing cells (all, by default, \
            so the schema accepts the file it came from); beyond that, a \
            column without missing cells is required, numeric and date columns get their \
            observed minimum and maximum, and text columns with at most --enum-limit \
            distinct values get an enum. 'mlgate validate DATA --schema' accepts the result. \
            Exit 2 on an input error.
            """
    )

    @Argument(help: "The table (CSV, TSV, JSON Lines or Parquet).")
    var data: String

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(help: "Infer from the first N rows only (default: every row).")
    var rows: Int?

    @Option(help: "Text columns with at most this many distinct values get an enum (0: never).")
    var enumLimit: Int = 10

    @Option(help: "The share of a column's non-missing cells its type must read (1: all, so that the schema accepts this file).")
    var confidence: Double = 1

    @Flag(help: "Infer types only: no required, minimum, maximum or enum.")
    var noConstraints = false

    @OptionGroup var dialectOptions: DialectOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the schema here instead of standard output.", valueName: "path"))
    var output: String?

    func validate() throws {
        if let rows, rows < 1 { throw ValidationError("--rows must be at least 1") }
        guard enumLimit >= 0 else { throw ValidationError("--enum-limit must be at least 0") }
        guard confidence > 0, confidence <= 1 else { throw ValidationError("--confidence must lie in (0, 1]") }
    }

    func run() async throws {
        var input = try databaseOptions.input(data)
        try dialectOptions.apply(to: &input)
        var options = SchemaInference.Options()
        options.constraints = !noConstraints
        options.enumLimit = enumLimit
        options.confidence = confidence
        input = input.detectingDialect()
        let schema = try SchemaInference.infer(input, rows: rows, options: options)
        if let note = SchemaInference.repeatedLabelsNote(try input.readHeader()) {
            Output.error("mlgate: warning: \(data): \(note)")
        }
        let text = TableSchemaWriter.json(schema)
        guard let output else { return Output.print(text) }
        try AtomicFileWriter.write(Data(text.utf8), to: URL(fileURLWithPath: output))
        Output.error("schema: \(output) (\(schema.fields.count) fields)")
    }
}

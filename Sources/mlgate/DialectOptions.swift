import ArgumentParser
import Foundation
import MLGate

/// How a delimited file is read, as far as the command line pins it; what it leaves
/// open is detected from the file (docs/contract.md, "Detection").
struct DialectOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A Frictionless CSV dialect (JSON or YAML: delimiter, quoteChar, header, headerRows, commentChar, encoding, …).", valueName: "path"))
    var dialect: String?

    @Option(help: ArgumentHelp("The CSV field delimiter (overrides the dialect's; default: detected).", valueName: "char"))
    var delimiter: String?

    @Option(help: ArgumentHelp("The file's encoding: utf-8, utf-16, windows-1252, iso-8859-1, … (default: detected).", valueName: "name"))
    var encoding: String?

    @Option(help: ArgumentHelp("The row holding the column names (default: detected below preamble lines).", valueName: "n"))
    var headerRow: Int?

    /// `input` with the dialect file and the options applied on top of its dialect.
    func apply(to input: inout TableInput) throws {
        if let dialect {
            input.dialect = try DialectFile.load(
                url: URL(fileURLWithPath: dialect).standardizedFileURL, displayPath: dialect, base: input.dialect)
        }
        let descriptor = CSVDialect.Descriptor(delimiter: delimiter, encoding: encoding, headerRows: headerRow.map { [$0] })
        guard descriptor != CSVDialect.Descriptor() else { return }
        do {
            input.dialect = try CSVDialect(frictionless: descriptor, base: input.dialect)
        } catch {
            let option = ["delimiter": "--delimiter", "encoding": "--encoding", "headerRows": "--header-row"][error.property] ?? error.property
            throw CommandFailure(message: "mlgate: \(option): \(error.message)")
        }
    }
}

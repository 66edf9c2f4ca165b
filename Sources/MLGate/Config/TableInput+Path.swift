import Foundation

extension TableInput {
    /// A table named by its path alone, as on the command line (`mlgate validate DATA`):
    /// the format from the extension unless `format` is given, the CSV dialect of the
    /// format (a TSV file is tab-separated), the path relative to the current directory.
    ///
    /// - Parameter orElse: what else gives the format, for the message when the extension
    ///   does not (`"pass --input-format"`).
    /// - Throws: ``DiagnosticError`` located at the path when the format is unknown.
    /// A database URL with the table after `#` (`postgresql://user@host/db#schema.table`)
    /// names a database table instead.
    public init(path: String, format: TableFormat? = nil, orElse: String? = nil) throws(DiagnosticError) {
        if let table = try TableInput(sparkURL: path) {
            self = table
            return
        }
        if let table = try TableInput(databaseURL: path, location: SourceLocation(file: PostgresConnectionParameters.displayURL(path))) {
            self = table
            return
        }
        guard let format = format ?? TableFormat(inferringFrom: path) ?? TableFormat(sniffing: URL(fileURLWithPath: path)) else {
            throw DiagnosticError(
                "cannot tell the format from the extension: expected .csv, .tsv or .jsonl (optionally .gz), or .parquet"
                    + (orElse.map { ", or \($0)" } ?? ""),
                at: SourceLocation(file: path))
        }
        self.init(
            path: path, url: URL(fileURLWithPath: path).standardizedFileURL, format: format,
            dialect: format == .tsv ? .tsv : .csv, location: SourceLocation(file: path))
    }
}

extension DriftReference {
    /// A reference named by its path alone, as on the command line: a profile when it
    /// ends in `.json` (written by `mlgate profile`), else a table (see
    /// ``TableInput/init(path:format:orElse:)``).
    public init(path: String) throws(DiagnosticError) {
        if path.hasSuffix(".json") {
            self = .profile(path: path, url: URL(fileURLWithPath: path).standardizedFileURL, location: SourceLocation(file: path))
        } else {
            self = .table(try TableInput(path: path))
        }
    }
}

/// A table that cannot be read on: a missing file, a quote that never closes, bytes that
/// are not UTF-8.
///
/// `code` follows Frictionless's error codes (`scheme-error`, `source-error`,
/// `encoding-error`, …) so that users of `frictionless validate` recognise it.
public struct TableReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A Frictionless error code.
    public var code: String
    /// What is wrong and what was expected.
    public var message: String
    /// Where: the file, and the line and column where known.
    public var location: SourceLocation

    /// Creates an error.
    public init(code: String, message: String, location: SourceLocation) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// `path:line:column: error: message [code]`.
    public var description: String {
        "\(Diagnostic(.error, message, at: location)) [\(code)]"
    }
}

extension TableReadError {
    /// A row of a CSV or TSV file with more cells than the header, for a reader that does
    /// not recover: pandas refuses it too ("Expected 3 fields in line 4, saw 4"). A
    /// contract reads on and reports each such row as an `extra-cell` finding.
    static func extraCells(_ batch: RowBatch, row: Int, path: String) -> TableReadError {
        let width = batch.width, extra = batch.extraCellCounts[row]
        return TableReadError(
            code: "extra-cell",
            message: "row \(batch.firstRowNumber + row) has \(width + extra) cells, \(extra) more than the header's \(width) columns: "
                + "expected at most \(width) (a data gate with a schema reports such rows as extra-cell findings and reads on)",
            location: SourceLocation(file: path, line: batch.lineNumbers[row]))
    }
}

/// Why bytes of a Parquet file could not be decoded, at a byte offset within the bytes
/// being decoded (a footer, a page header, a page).
///
/// The decoders throw it; ``ParquetReader`` turns it into a ``TableReadError`` that names
/// the file, the absolute byte offset, the row group and the column.
struct ParquetDecodeError: Error, Sendable, Hashable {
    /// What is wrong and what was expected.
    var message: String
    /// The offset within the decoded bytes where the problem was found.
    var offset: Int
    /// The Frictionless error code: `format-error` for malformed bytes,
    /// `compression-error` for a page that does not decompress, `source-error` for a
    /// feature mlgate does not read.
    var code: String = "format-error"

    init(_ message: String, at offset: Int, code: String = "format-error") {
        self.message = message
        self.offset = offset
        self.code = code
    }

    /// The same error, its offset moved by `base` (to make it absolute in the file).
    func shifted(by base: Int) -> ParquetDecodeError {
        ParquetDecodeError(message, at: offset + base, code: code)
    }
}

/// Where in a Parquet file a problem lies, for errors: the file, and the row group and
/// column when known.
struct ParquetPlace: Sendable {
    var file: String
    var rowGroup: Int?
    var column: String?

    /// A ``TableReadError`` naming the file, the byte offset, the row group and the column.
    func error(_ failure: ParquetDecodeError) -> TableReadError {
        var text = failure.message + " (at byte \(failure.offset)"
        if let rowGroup { text += ", row group \(rowGroup)" }
        if let column { text += ", column '\(column)'" }
        text += ")"
        return TableReadError(code: failure.code, message: text, location: SourceLocation(file: file))
    }
}

/// A row that a reader could only partly read, and read on past: a field whose bytes are
/// not UTF-8 (`encoding-error`; the field is kept with each invalid sequence replaced by
/// U+FFFD), or a JSON line that does not parse as an object (`source-error`; the row has
/// no cells). Readers recover so only when asked to (the data contract asks, so that the
/// rest of the file is still checked); otherwise they stop with the error.
public struct MalformedRow: Sendable, Hashable {
    /// The row's index in its batch.
    public var row: Int
    /// The column of the damaged cell (0-based; it may lie beyond the header), or `nil`
    /// when the whole row could not be read.
    public var column: Int?
    /// What the reader found, where: a Frictionless code, a message and the file, line
    /// and column.
    public var error: TableReadError

    /// Creates a record of a malformed row.
    public init(row: Int, column: Int?, error: TableReadError) {
        self.row = row
        self.column = column
        self.error = error
    }
}

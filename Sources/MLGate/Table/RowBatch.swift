/// A run of consecutive data rows in columnar form: what a reader hands to the checks.
public struct RowBatch: Sendable {
    /// The row number of the first row in the batch, numbered as Frictionless does:
    /// the header is row 1, so the first data row is row 2.
    public var firstRowNumber: Int
    /// The number of rows in the batch.
    public var rowCount: Int
    /// One array per header column, each `rowCount` long; `nil` where a row has no cell
    /// for that column (a short row).
    public var columns: [[String?]]
    /// For each row, the number of cells beyond the header's width (usually 0).
    public var extraCellCounts: [Int]
    /// For each row, the line of the file it starts on (empty when the reader does not
    /// track lines).
    public var lineNumbers: [Int] = []

    /// An empty batch for a table with `width` columns.
    public init(firstRowNumber: Int, width: Int) {
        self.firstRowNumber = firstRowNumber
        self.rowCount = 0
        self.columns = Array(repeating: [], count: width)
        self.extraCellCounts = []
    }
}

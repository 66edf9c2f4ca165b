/// A text column of a batch parsed as numbers once for every consumer that reads it so
/// (``TableConsumer/parsedColumns``): a scan that feeds several consumers parses such a
/// column once a batch (``SharedConsumer``), and each of them then reads the parsed
/// values (``RowBatch/forEachNumber(in:_:)``, the contract's number kernels) instead of
/// parsing every cell again. A column with a dictionary (``CellDictionary``) is not:
/// its readers parse each entry once.
///
/// The cells still read as they are: this only says what parsing each of them gives, as
/// ``NumberParser/double(_:)`` does, and whether the cell is a plain decimal
/// (``NumberParser/plainDecimal(_:)``), the one form a contract's kernel settles.
struct ParsedNumbers: Sendable {
    /// What one cell is, read as a number.
    enum Kind: UInt8, Sendable {
        /// A plain decimal (`-?[0-9]+(\.[0-9]+)?`, at most 15 digits): its value is in
        /// ``values``.
        case plain
        /// Another number (an exponent, a sign, more digits, `inf`, `nan`): its value is
        /// in ``values``.
        case number
        /// No cell, or an empty one.
        case missing
        /// A cell that is not a number.
        case text
    }

    /// Whether a cell of this kind (a raw value) is a number, plain or not.
    @inline(__always)
    static func isNumber(_ kind: UInt8) -> Bool {
        kind == Kind.plain.rawValue || kind == Kind.number.rawValue
    }

    /// Each row's number (0 for a row that is not one).
    let values: [Double]
    /// Each row's kind (``Kind``'s raw values).
    let kinds: [UInt8]

    /// The cells of `column` of `batch` parsed.
    init(_ batch: RowBatch, column: Int) {
        var values = [Double](repeating: 0, count: batch.rowCount)
        var kinds = [UInt8](repeating: Kind.missing.rawValue, count: batch.rowCount)
        values.withUnsafeMutableBufferPointer { values in
            kinds.withUnsafeMutableBufferPointer { kinds in
                var row = 0
                batch.forEachCell(in: column) { bytes in
                    (values[row], kinds[row]) = Self.parse(bytes)
                    row &+= 1
                }
            }
        }
        self.values = values
        self.kinds = kinds
    }

    /// A cell's number and kind.
    @inline(__always)
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>?) -> (Double, UInt8) {
        guard let bytes, !bytes.isEmpty else { return (0, Kind.missing.rawValue) }
        if let value = NumberParser.plainDecimal(bytes) { return (value, Kind.plain.rawValue) }
        if let value = NumberParser.double(bytes) { return (value, Kind.number.rawValue) }
        return (0, Kind.text.rawValue)
    }
}

extension RowBatch {
    /// The column's numbers as parsed once for every consumer, when they have been.
    func parsedNumbers(_ column: Int) -> ParsedNumbers? {
        Self.side(parsed, column)
    }

    /// Parses `column` once for every consumer of the batch.
    mutating func parseNumbers(in column: Int) {
        Self.setSide(&parsed, column, ParsedNumbers(self, column: column), width: width)
    }
}

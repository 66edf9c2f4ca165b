/// The rows of a batch that have only empty cells (a null, an empty text, a NaN) in the
/// columns looked at so far (``ParquetReader``'s presence columns).
struct EmptyRows {
    private var empty: [Bool]
    private var left: Int

    init(rows: Int) {
        empty = Array(repeating: true, count: rows)
        left = rows
    }

    /// Whether any row is still empty everywhere.
    var any: Bool { left > 0 }

    /// Takes in the latest rows of `box`'s column (nothing when it failed to read).
    mutating func fill(_ box: ParquetChunkReaderBox) {
        guard left > 0, box.error == nil else { return }
        let rows = empty.count
        if let numbers = box.numbers {
            for row in 0..<rows where empty[row] && !numbers.isEmpty(row) { take(row) }
        } else {
            let lengths = box.cells.lengths
            for row in 0..<min(rows, lengths.count) where empty[row] && lengths[row] != 0 { take(row) }
        }
    }

    @inline(__always)
    private mutating func take(_ row: Int) {
        empty[row] = false
        left -= 1
    }
}

/// What a batch holds beside some columns' cells, one optional value per column: a
/// reader's numbers (``NumberColumn``), a dictionary (``CellDictionary``), the numbers
/// parsed for every consumer (``ParsedNumbers``). Each array is empty while no column
/// has one, so that a batch without any costs nothing.
extension RowBatch {
    /// `column`'s value in `side`.
    @inline(__always)
    static func side<Value>(_ side: [Value?], _ column: Int) -> Value? {
        column < side.count ? side[column] : nil
    }

    /// Sets `column`'s value in `side`, made `width` long by the first.
    static func setSide<Value>(_ side: inout [Value?], _ column: Int, _ value: Value, width: Int) {
        if side.isEmpty { side = Array(repeating: nil, count: width) }
        side[column] = value
    }
}

import Synchronization

/// A column of a batch whose cells are the entries of one dictionary (a Parquet
/// chunk's dictionary page, its values' texts): row r's cell is entry `entries[r]`, so a
/// consumer may judge each entry once instead of each row. The cells read as usual;
/// this only says which of them are the same.
struct CellDictionary: Sendable {
    /// Identifies the dictionary: the same in every batch whose cells come from it,
    /// another for every other dictionary read in the process.
    let id: Int
    /// Its number of entries.
    let count: Int
    /// Each row's entry (0..<count); -1 for a null (an empty cell).
    let entries: [Int32]

    private static let lastID = Atomic<Int>(0)

    /// An identifier no dictionary has had.
    static func newID() -> Int {
        lastID.add(1, ordering: .relaxed).newValue
    }
}

extension RowBatch {
    /// The column's dictionary, when its cells are the entries of one.
    func cellDictionary(_ column: Int) -> CellDictionary? {
        Self.side(dictionaries, column)
    }

    /// Says that `column`'s cells are the entries of `dictionary`.
    mutating func setDictionary(_ column: Int, _ dictionary: CellDictionary) {
        precondition(dictionary.entries.count == rowCount && column < width, "an entry per row of a column of the batch")
        Self.setSide(&dictionaries, column, dictionary, width: width)
    }
}

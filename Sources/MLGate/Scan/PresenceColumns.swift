/// Columns a consumer reads only to tell whether a row is blank — every cell of it
/// empty — because nothing else about their cells can fault (a typed column whose type
/// already settles its field, ``ContractValidator/presenceColumns``), and the columns
/// that tell it first: a row with a non-empty cell in one of ``deciding`` is not blank,
/// whatever ``columns`` hold.
///
/// A reader may leave ``columns`` out of a batch (their cells then read as not kept) in
/// which every row has a non-empty cell in one of ``deciding``; it reads them in any
/// other batch. A Parquet file then neither decompresses nor decodes their pages
/// (``ParquetReader``).
struct PresenceColumns: Sendable, Equatable {
    /// The columns read only for whether their cells are empty.
    var columns: Set<Int>
    /// The columns that decide first.
    var deciding: Set<Int>

    /// These, less the columns another use reads (`read`; nil: every column); nil when
    /// none is left.
    func excluding(_ read: Set<Int>?) -> PresenceColumns? {
        guard let read else { return nil }
        let left = columns.subtracting(read)
        return left.isEmpty ? nil : PresenceColumns(columns: left, deciding: deciding)
    }
}

/// What one reader of a table's batches reads of it: which columns, and which of those
/// only as numbers (``RowBatch/forEachNumber(in:_:)``).
struct ColumnUse: Sendable {
    /// The columns read; nil: every column.
    var read: Set<Int>?
    /// Of those, the ones read only as numbers.
    var numbers: Set<Int>
    /// Of those, the ones whose cells are parsed as numbers (``TableConsumer/parsedColumns``).
    var parsed: Set<Int> = []

    /// Reads every column as text.
    static let everyColumnAsText = ColumnUse(read: nil, numbers: [])

    /// The columns that every one of `uses` that reads them reads only as numbers: a
    /// reader may hand those over as numbers (``NumberColumn``).
    static func numbersOfAll(_ uses: [ColumnUse]) -> Set<Int> {
        var numbers = Set<Int>(), texts = Set<Int>()
        // A use of every column reads as text all but its number columns.
        var allowed: Set<Int>?
        for use in uses {
            numbers.formUnion(use.numbers)
            if let read = use.read {
                texts.formUnion(read.subtracting(use.numbers))
            } else {
                allowed = allowed?.intersection(use.numbers) ?? use.numbers
            }
        }
        numbers.subtract(texts)
        if let allowed { numbers.formIntersection(allowed) }
        return numbers
    }
}

/// An accumulator of a data check that says which columns it reads, and which only as
/// numbers; one that does not is taken to read every column as text.
protocol ColumnUsingAccumulator: TableAccumulator {
    var columnUse: ColumnUse { get }
}

/// What consumes a table's batches: a gate's accumulators, the predictions loader, a
/// drift collector.
///
/// In a scan on two cores each chunk of the file gets its own consumer, and the consumer
/// of a later chunk is appended to that of the earlier (``ParallelCSVScan``); in a run,
/// every consumer of one table is fed the same batches (``SharedScan``).
protocol TableConsumer: Sendable {
    /// Takes the next batch into account.
    mutating func observe(_ batch: RowBatch) throws(TableReadError)
    /// Appends what a consumer of the rows right after this one's has gathered.
    mutating func append(_ later: Self)
    /// The only columns whose cells it reads, if it reads only some: the reader then
    /// keeps just those (the others read as missing).
    var columnsRead: Set<Int>? { get }
    /// Of the columns it reads, those it reads only as numbers
    /// (``RowBatch/forEachNumber(in:_:)``, or a cell's text now and then): a reader that
    /// stores them as numbers (Parquet) may hand them over so (``NumberColumn``), without
    /// writing their text. Any column's text still reads the same either way, so this
    /// is about speed only.
    var numberColumns: Set<Int> { get }
    /// Of its number columns, those it settles by value when a reader holds them as
    /// dates or instants (``NumberColumn/Values/moments(_:_:)``). Such a column is held
    /// only when a consumer says so: to every other consumer it reads as its text, which
    /// is then made on demand.
    var momentColumns: Set<Int> { get }
    /// Of the columns it reads, those it reads an entry at a time when a batch gives
    /// them a dictionary (``CellDictionary``: it judges or codes each distinct text once):
    /// a scan of text collects one for such a column while its texts are few
    /// (``SharedConsumer``, ``CellDictionary/collect(_:column:limit:)``).
    var entryColumns: Set<Int> { get }
    /// Of the columns it reads, those it reads as numbers parsed from their text
    /// (``RowBatch/forEachNumber(in:_:)``, a contract's number kernel): a scan that feeds
    /// several consumers parses a column that two of them read so once a batch for all
    /// (``ParsedNumbers``, ``SharedConsumer``).
    var parsedColumns: Set<Int> { get }
    /// Of the columns it reads, those it reads only to tell a blank row, and the columns
    /// that tell it first (``PresenceColumns``): a reader may leave them out of a batch
    /// whose every row has a non-empty cell in one of the deciding columns.
    var presenceColumns: PresenceColumns? { get }
    /// Whether it wants no more rows (every consumer it feeds has failed): the reader
    /// then stops early.
    var isDone: Bool { get }
    /// Told, before the first batch, about how many rows the whole table has (not only
    /// the part this consumer reads): columns are reserved at that size once, so that
    /// they neither regrow while filling nor when the next part's consumer is appended.
    /// Reserved but unwritten memory costs no resident pages, so the consumer of a
    /// later part reserving for the whole table costs nothing.
    mutating func expect(rows: Int)
    /// Told, before the first batch, what is known of the rows this consumer itself
    /// will observe: the whole table's estimate when it reads the table alone, its
    /// part's (a region's bytes, a Parquet part's rows) when the table is read in parts.
    /// A table filled at random places (a key set) is sized for them: unlike a column,
    /// it cannot be reserved large and left unwritten, and growing it moves every key.
    mutating func expect(own: RowEstimate)
    /// Called once the whole table has been consumed (after every append), while the
    /// scan holds the only copy: work that mutates what was gathered (a sort) is done
    /// here without copying it, on the table's own task.
    mutating func scanEnded()
    /// Whether, once a later part was appended, it must be read again in one pass from
    /// the start (what it must report was not kept by the parts).
    var needsSequentialRead: Bool { get }
}

extension TableConsumer {
    var columnsRead: Set<Int>? { nil }
    var numberColumns: Set<Int> { [] }
    var momentColumns: Set<Int> { [] }
    var entryColumns: Set<Int> { [] }
    var parsedColumns: Set<Int> { [] }
    var presenceColumns: PresenceColumns? { nil }
    var isDone: Bool { false }
    mutating func expect(rows: Int) {}
    mutating func expect(own: RowEstimate) {}
    mutating func scanEnded() {}
    var needsSequentialRead: Bool { false }

    /// Observes `reader`'s batches until the table ends or the consumer is done, telling
    /// it first how many rows the whole table has as far as `estimate` tells, and how
    /// many it reads itself as far as `own` does (nil: the whole table).
    mutating func consume(
        _ reader: inout some TableReader, _ estimate: RowEstimate = .unknown, own: RowEstimate? = nil
    ) throws(TableReadError) {
        guard !isDone, let first = try reader.nextBatch() else { return }
        if let rows = estimate.rows(first) { expect(rows: rows) }
        expect(own: own ?? estimate)
        try observe(first)
        while !isDone, let batch = try reader.nextBatch() { try observe(batch) }
    }

    /// Appends a consumer known only as an existential; both come from the same factory.
    mutating func append(any later: any TableConsumer) {
        guard let later = later as? Self else {
            preconditionFailure("appending consumers of different kinds: \(Self.self) and \(type(of: later))")
        }
        append(later)
    }
}

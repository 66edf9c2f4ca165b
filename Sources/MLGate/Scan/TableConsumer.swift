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
    /// Whether it wants no more rows (every consumer it feeds has failed): the reader
    /// then stops early.
    var isDone: Bool { get }
    /// Called once the whole table has been consumed (after every append), while the
    /// scan holds the only copy: work that mutates what was gathered (a sort) is done
    /// here without copying it, on the table's own task.
    mutating func scanEnded()
}

extension TableConsumer {
    var columnsRead: Set<Int>? { nil }
    var isDone: Bool { false }
    mutating func scanEnded() {}

    /// Appends a consumer known only as an existential; both come from the same factory.
    mutating func append(any later: any TableConsumer) {
        guard let later = later as? Self else {
            preconditionFailure("appending consumers of different kinds: \(Self.self) and \(type(of: later))")
        }
        append(later)
    }
}

/// What a scan knows, before it has read a table, of how many rows the table has: a
/// consumer reserves its columns for them once (``TableConsumer/expect(rows:)``).
enum RowEstimate: Sendable, Equatable {
    /// Nothing (a database table, a compressed file, standard input).
    case unknown
    /// The table's row count, exactly (a Parquet file's metadata gives it).
    case rows(Int)
    /// The size of the whole file in bytes: its rows are estimated from the bytes per
    /// row of the first batch (``RowBatch/sourceBytes``).
    case bytes(Int)

    /// The table's rows as estimated from its first batch; `nil` when unknown.
    func rows(_ first: RowBatch) -> Int? {
        switch self {
        case .unknown:
            return nil
        case .rows(let rows):
            return rows
        case .bytes(let size):
            guard first.sourceBytes > 0, first.rowCount > 0 else { return nil }
            // A tenth more, since later rows may be longer than the first ones; the
            // estimate is capped where a reservation would no longer be a hint.
            let perRow = Double(first.sourceBytes) / Double(first.rowCount)
            return Int(min(Double(size) / perRow * 1.1, Double(Self.limit))) + first.rowCount
        }
    }

    /// The rows in all, as estimated once `rows` rows were read from `bytes` bytes: the
    /// count, or the size at the bytes per row so far (so that the estimate follows
    /// rows that grow longer); `nil` when unknown.
    func rows(afterReading rows: Int, fromBytes bytes: Int) -> Int? {
        switch self {
        case .unknown: return nil
        case .rows(let count): return count
        case .bytes(let size):
            guard bytes > 0 else { return nil }
            return Int(Double(rows) * Double(max(size, bytes)) / Double(bytes))
        }
    }

    /// The most rows an estimate reserves for.
    static let limit = 50_000_000
}

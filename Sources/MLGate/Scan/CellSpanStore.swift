/// The cells' places of a batch, in memory the batch owns: appending is a store and a
/// count, without the uniqueness check an array pays per append. A batch is built by
/// its reader alone and never changed once handed out, so the store is never shared
/// while it is written.
final class CellSpanStore: @unchecked Sendable {
    typealias CellSpan = RowBatch.CellSpan
    private(set) var base: UnsafeMutablePointer<CellSpan>?
    /// Cells held (set directly only by a writer that initialised them through `base`).
    var count = 0
    private var capacity = 0

    deinit { base?.deallocate() }

    /// Makes room for `total` cells in all.
    func reserve(_ total: Int) {
        guard total > capacity else { return }
        let grown = UnsafeMutablePointer<CellSpan>.allocate(capacity: total)
        if let base {
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = grown
        capacity = total
    }

    /// Makes room for `extra` more cells, growing geometrically.
    @inline(__always)
    func reserveAdditional(_ extra: Int) {
        if count + extra > capacity { reserve(Swift.max(count + extra, capacity * 2)) }
    }

    @inline(__always)
    func append(_ cell: CellSpan) {
        if count == capacity { reserve(Swift.max(16, capacity * 2)) }
        (base! + count).initialize(to: cell)
        count += 1
    }

    @inline(__always)
    subscript(index: Int) -> CellSpan {
        precondition(index >= 0 && index < count, "cell index out of range")
        return base![index]
    }

    /// The cells, valid while the store lives.
    var buffer: UnsafeBufferPointer<CellSpan> { UnsafeBufferPointer(start: base, count: count) }

    func withBuffer<Result>(_ body: (UnsafeBufferPointer<CellSpan>) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(self) { try body(buffer) }
    }
}

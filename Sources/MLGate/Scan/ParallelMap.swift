import Foundation

/// Arrays made element by element on every core: the indices are cut into one stretch
/// per core, each filled on its own. For the columns a judge converts before it starts
/// (class codes widened, compact scores made doubles), which would otherwise take one
/// core while the other waits.
enum ParallelMap {
    /// Arrays of fewer elements are made on one core.
    static let parallelCount = 1 << 16

    /// `count` elements: `fill(range, base)` initializes `base[i]` for each `i` in
    /// `range`, one stretch per core. The caller's loop runs whole in each stretch (one
    /// call a stretch, not one an element), so that it is compiled for its element.
    static func array<Element: Sendable>(
        count: Int, _ fill: @Sendable (Range<Int>, UnsafeMutablePointer<Element>) -> Void
    ) -> [Element] {
        let parts = count >= parallelCount ? min(ProcessInfoCores.count, 8) : 1
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            let target = SharedWrites(buffer)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let start = count * part / parts, end = count * (part + 1) / parts
                guard start < end, let base = target.buffer.baseAddress else { return }
                fill(start..<end, base)
            }
            initialized = count
        }
    }
}

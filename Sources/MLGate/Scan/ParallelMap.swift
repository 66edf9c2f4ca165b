import Foundation

/// Arrays made element by element on every core: the indices are cut into one stretch
/// per core, each filled on its own. For the columns a judge converts before it starts
/// (class codes widened, compact scores made doubles), which would otherwise take one
/// core while the other waits.
enum ParallelMap {
    /// Arrays of fewer elements are made on one core.
    static let parallelCount = 1 << 16

    /// `count` elements, element `i` being `element(i)`.
    static func array<Element: Sendable>(count: Int, _ element: @Sendable (Int) -> Element) -> [Element] {
        let parts = count >= parallelCount ? min(ProcessInfoCores.count, 8) : 1
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            let target = SharedWrites(buffer)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let start = count * part / parts, end = count * (part + 1) / parts
                guard start < end, let base = target.buffer.baseAddress else { return }
                for index in start..<end { (base + index).initialize(to: element(index)) }
            }
            initialized = count
        }
    }
}

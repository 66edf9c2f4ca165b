/// A buffer that several threads write at once, each to its own elements (or read
/// where none writes): what `DispatchQueue.concurrentPerform` hands its iterations.
struct SharedWrites<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>

    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        self.buffer = buffer
    }
}

import Foundation

/// How much of its inputs a run has read so far: bytes (of files read in chunks) and
/// data rows. Readers add to it; a command-line front end may show it. Thread-safe: the
/// halves of a file read in parallel add to it at once.
public final class ReadProgress: @unchecked Sendable {
    /// The progress of the current process.
    public static let shared = ReadProgress()

    private let lock = NSLock()
    private var bytes = 0
    private var rows = 0

    /// Creates a counter.
    public init() {}

    func add(bytes count: Int) {
        lock.lock()
        bytes += count
        lock.unlock()
    }

    func add(rows count: Int) {
        lock.lock()
        rows += count
        lock.unlock()
    }

    /// Bytes and rows read so far.
    public var snapshot: (bytes: Int, rows: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (bytes, rows)
    }
}

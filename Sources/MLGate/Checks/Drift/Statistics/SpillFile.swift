import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary file of doubles that a drift column's values go to once they outgrow
/// memory (``NumberSpill``). It is unlinked as soon as it is made, so only its descriptor
/// names it: it goes away when closed, and with the process if the process dies.
final class SpillFile: @unchecked Sendable {
    /// The open, unlinked file.
    let descriptor: Int32
    /// How many doubles it holds.
    let count: Int
    /// The first read that failed (reads happen from several tasks), under `lock`.
    private var failure: String?
    private let lock = NSLock()

    /// Why values could not be written to or read from the temporary folder.
    struct Failure: Error, Sendable {
        var message: String
    }

    private init(descriptor: Int32, count: Int) {
        self.descriptor = descriptor
        self.count = count
    }

    deinit { close(descriptor) }

    /// The folder spill files go to: `TMPDIR`, else `/tmp` (or, in a test, ``folderOverride``).
    static var folder: String {
        if let folderOverride { return folderOverride }
        let folder = ProcessInfo.processInfo.environment["TMPDIR"] ?? ""
        return folder.isEmpty ? "/tmp" : folder
    }

    /// A folder that replaces ``folder`` in a task (tests of a folder that cannot be written).
    @TaskLocal static var folderOverride: String?

    /// Writes `values` to a new file.
    static func write(_ values: UnsafeBufferPointer<Double>) throws(Failure) -> SpillFile {
        var writer = try Writer()
        try writer.write(values)
        return try writer.finish()
    }

    /// Writes an array's values to a new file.
    static func write(_ values: [Double]) throws(Failure) -> SpillFile {
        var failure: Failure?
        let file: SpillFile? = values.withUnsafeBufferPointer { buffer in
            do throws(Failure) { return try write(buffer) } catch {
                failure = error
                return nil
            }
        }
        if let failure { throw failure }
        return file!
    }

    /// Opens a new, unlinked file in ``folder``.
    fileprivate static func create() throws(Failure) -> Int32 {
        var template = Array("\(folder)/mlgate-drift-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw Failure(message: "cannot make a temporary file in \(folder) (\(String(cString: strerror(errno))))")
        }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        return descriptor
    }

    /// Reads up to `buffer.count` doubles from the `index`-th on; how many were read
    /// (fewer only at the end, or when the read failed: see ``readFailure``).
    func read(into buffer: UnsafeMutableBufferPointer<Double>, from index: Int) -> Int {
        let wanted = min(buffer.count, count - index)
        guard wanted > 0 else { return 0 }
        let raw = UnsafeMutableRawBufferPointer(buffer)
        var done = 0
        let bytes = wanted * 8
        while done < bytes {
            let read = pread(descriptor, raw.baseAddress! + done, bytes - done, off_t(index * 8 + done))
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else {
                fail(read < 0 ? String(cString: strerror(errno)) : "the file ended early")
                break
            }
            done += read
        }
        return done / 8
    }

    /// The double at `index` (0 when it cannot be read: see ``readFailure``).
    func value(at index: Int) -> Double {
        var value = 0.0
        _ = withUnsafeMutablePointer(to: &value) { read(into: UnsafeMutableBufferPointer(start: $0, count: 1), from: index) }
        return value
    }

    private func fail(_ reason: String) {
        lock.lock()
        defer { lock.unlock() }
        if failure == nil { failure = "cannot read back a column's values from a temporary file in \(Self.folder) (\(reason))" }
    }

    /// Why a read failed, if one did: the statistics read of the file is then wrong and
    /// must not be judged.
    var readFailure: String? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    /// Writes doubles to a new spill file, through a buffer.
    struct Writer: ~Copyable {
        private let descriptor: Int32
        private var count = 0
        private var buffer: [Double] = []
        private var finished = false
        static let bufferCount = 1 << 15

        init() throws(Failure) {
            descriptor = try SpillFile.create()
            buffer.reserveCapacity(Self.bufferCount)
        }

        deinit { if !finished { close(descriptor) } }

        mutating func append(_ value: Double) throws(Failure) {
            buffer.append(value)
            if buffer.count == Self.bufferCount { try flush() }
        }

        mutating func write(_ values: UnsafeBufferPointer<Double>) throws(Failure) {
            try flush()
            try Self.write(UnsafeRawBufferPointer(values), to: descriptor)
            count += values.count
        }

        private mutating func flush() throws(Failure) {
            guard !buffer.isEmpty else { return }
            let descriptor = self.descriptor
            var failure: Failure?
            buffer.withUnsafeBufferPointer { values in
                do throws(Failure) { try Self.write(UnsafeRawBufferPointer(values), to: descriptor) } catch { failure = error }
            }
            if let failure { throw failure }
            count += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }

        /// The file written (``read(into:from:)`` reads at offsets).
        consuming func finish() throws(Failure) -> SpillFile {
            try flush()
            finished = true
            return SpillFile(descriptor: descriptor, count: count)
        }

        private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws(Failure) {
            var done = 0
            while done < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + done, bytes.count - done)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    throw Failure(message: "cannot write a column's values to a temporary file in \(SpillFile.folder) (\(String(cString: strerror(errno))))")
                }
                done += written
            }
        }
    }
}

/// `write(2)`, named apart from the writer's own `write`.
@inline(__always)
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}

import Foundation

/// Where a reader's bytes come from: a file read in fixed-size chunks (so memory does
/// not grow with the file), or bytes already in memory (examples, tests).
public protocol ByteSource {
    /// The next chunk, or `nil` at the end.
    mutating func nextChunk() throws(TableReadError) -> [UInt8]?
}

/// Bytes already in memory, handed out as one chunk.
public struct MemoryByteSource: ByteSource {
    private var bytes: [UInt8]?

    /// A source over these bytes.
    public init(_ bytes: some Sequence<UInt8>) {
        self.bytes = Array(bytes)
    }

    public mutating func nextChunk() throws(TableReadError) -> [UInt8]? {
        defer { bytes = nil }
        return bytes
    }
}

/// A file, read in chunks.
public struct FileByteSource: ByteSource {
    private let handle: FileHandle
    private let displayPath: String
    private let chunkSize: Int
    private var finished = false

    /// Bytes left to read when the source covers only part of the file.
    private var remaining: Int?

    /// Opens the bytes `range` of a file (for reading chunks of one file in parallel).
    init(url: URL, displayPath: String, range: Range<Int>, chunkSize: Int = 1 << 18) throws(TableReadError) {
        try self.init(url: url, displayPath: displayPath, chunkSize: chunkSize)
        do {
            try handle.seek(toOffset: UInt64(range.lowerBound))
        } catch {
            throw TableReadError(
                code: "source-error", message: "cannot read file: \(error.localizedDescription)",
                location: SourceLocation(file: displayPath))
        }
        remaining = range.count
    }

    /// Opens `url` for reading; `displayPath` is how errors name it.
    public init(url: URL, displayPath: String, chunkSize: Int = 1 << 18) throws(TableReadError) {
        self.displayPath = displayPath
        self.chunkSize = chunkSize
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw TableReadError(
                code: "scheme-error", message: "file not found (expected at \(url.path))",
                location: SourceLocation(file: displayPath))
        }
        guard !isDirectory.boolValue else {
            throw TableReadError(
                code: "scheme-error", message: "is a directory, expected a data file",
                location: SourceLocation(file: displayPath))
        }
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw TableReadError(
                code: "scheme-error", message: "cannot open file: \(error.localizedDescription)",
                location: SourceLocation(file: displayPath))
        }
    }

    public mutating func nextChunk() throws(TableReadError) -> [UInt8]? {
        guard !finished else { return nil }
        do {
            let wanted = min(chunkSize, remaining ?? chunkSize)
            guard wanted > 0, let data = try handle.read(upToCount: wanted), !data.isEmpty else {
                finished = true
                try? handle.close()
                return nil
            }
            if let left = remaining { remaining = left - data.count }
            ReadProgress.shared.add(bytes: data.count)
            return [UInt8](data)
        } catch {
            throw TableReadError(
                code: "source-error", message: "cannot read file: \(error.localizedDescription)",
                location: SourceLocation(file: displayPath))
        }
    }
}

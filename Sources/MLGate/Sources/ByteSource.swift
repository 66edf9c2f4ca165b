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

/// A file, read in chunks; a gzip file (named `*.gz`, or starting with the gzip magic
/// bytes 1f 8b) is decompressed as it is read (see ``GzipByteSource``).
public struct FileByteSource: ByteSource {
    private enum Mode {
        case plain(FileChunkSource)
        case gzip(GzipByteSource<FileChunkSource>)
        /// While the source is taken out to be advanced (so that it is not copied).
        case moved
    }

    private var mode: Mode
    /// The first chunk of a plain file, read to look for the gzip magic bytes.
    private var firstChunk: [UInt8]?

    /// Whether the file is gzip-compressed (and so is read sequentially, never split).
    public let isCompressed: Bool
    /// Decodes a file that is not UTF-8 into UTF-8 (`nil` for UTF-8: chunks pass as read).
    private var transcoder: TextTranscoder?

    /// Opens the bytes `range` of a file as they are (for reading chunks of one file in
    /// parallel; never decompressed).
    init(url: URL, displayPath: String, range: Range<Int>, chunkSize: Int = 1 << 18) throws(TableReadError) {
        mode = .plain(try FileChunkSource(url: url, displayPath: displayPath, range: range, chunkSize: chunkSize))
        isCompressed = false
    }

    /// Opens region `index` of a parallel scan's ``ScanRegions`` of the file, whose end
    /// may be moved nearer while it is read (never decompressed).
    init(url: URL, displayPath: String, regions: ScanRegions, index: Int, chunkSize: Int = 1 << 18) throws(TableReadError) {
        var file = try FileChunkSource(
            url: url, displayPath: displayPath, range: regions.snapshot[index].start..<Int.max, chunkSize: chunkSize)
        file.region = (regions, index)
        mode = .plain(file)
        isCompressed = false
    }

    /// Opens `url` for reading; `displayPath` is how errors name it; a file in another
    /// `encoding` than UTF-8 is handed out decoded into UTF-8.
    public init(url: URL, displayPath: String, chunkSize: Int = 1 << 18, encoding: TextEncoding = .utf8) throws(TableReadError) {
        if encoding != .utf8 { transcoder = TextTranscoder(encoding: encoding) }
        var file = try FileChunkSource(url: url, displayPath: displayPath, chunkSize: chunkSize)
        let first = try file.nextChunk()
        if Self.hasGzipName(url) || Self.startsLikeGzip(first ?? []) {
            mode = .gzip(GzipByteSource(compressed: file, displayPath: displayPath, firstChunk: first, outputSize: chunkSize))
            isCompressed = true
        } else {
            mode = .plain(file)
            firstChunk = first
            isCompressed = false
        }
    }

    public mutating func nextChunk() throws(TableReadError) -> [UInt8]? {
        guard transcoder != nil else { return try nextRawChunk() }
        while let chunk = try nextRawChunk() {
            let decoded = transcoder!.transcode(chunk)
            if !decoded.isEmpty { return decoded }
        }
        let rest = transcoder!.transcode([], final: true)
        transcoder = TextTranscoder(encoding: .utf8)
        return rest.isEmpty ? nil : rest
    }

    private mutating func nextRawChunk() throws(TableReadError) -> [UInt8]? {
        if let chunk = firstChunk {
            firstChunk = nil
            return chunk
        }
        switch mode {
        case .plain(var file):
            mode = .moved
            defer { mode = .plain(file) }
            return try file.nextChunk()
        case .gzip(var gzip):
            mode = .moved
            defer { mode = .gzip(gzip) }
            return try gzip.nextChunk()
        case .moved:
            return nil
        }
    }

    /// Whether the file at `url` is gzip-compressed: by its name, or its first bytes.
    public static func isCompressed(_ url: URL) -> Bool {
        if hasGzipName(url) { return true }
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        return startsLikeGzip([UInt8]((try? handle.read(upToCount: 2)) ?? Data()))
    }

    private static func hasGzipName(_ url: URL) -> Bool {
        url.lastPathComponent.lowercased().hasSuffix(".gz")
    }

    private static func startsLikeGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }
}

/// A file's bytes as they are, read in chunks.
struct FileChunkSource: ByteSource {
    private let handle: FileHandle
    private let displayPath: String
    private let chunkSize: Int
    private var finished = false

    /// Bytes left to read when the source covers only part of the file.
    private var remaining: Int?
    /// The region of a parallel scan this source reads: each chunk's size is claimed
    /// from it (its end may move while it is read).
    var region: (regions: ScanRegions, index: Int)?

    /// Opens the bytes `range` of a file.
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
    init(url: URL, displayPath: String, chunkSize: Int = 1 << 18) throws(TableReadError) {
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

    mutating func nextChunk() throws(TableReadError) -> [UInt8]? {
        guard !finished else { return nil }
        let wanted = region.map { $0.regions.claim($0.index, upTo: chunkSize) } ?? min(chunkSize, remaining ?? chunkSize)
        // Read straight into the chunk's storage (no intermediate `Data` to copy from).
        let descriptor = handle.fileDescriptor
        var failure: Int32 = 0
        let chunk = [UInt8](unsafeUninitializedCapacity: max(wanted, 1)) { buffer, initialized in
            initialized = 0
            while initialized < wanted {
                let count = read(descriptor, buffer.baseAddress! + initialized, wanted - initialized)
                if count > 0 {
                    initialized += count
                } else if count == 0 {
                    break
                } else if errno != EINTR {
                    failure = errno
                    break
                }
            }
        }
        if failure != 0 {
            throw TableReadError(
                code: "source-error", message: "cannot read file: \(String(cString: strerror(failure)))",
                location: SourceLocation(file: displayPath))
        }
        guard !chunk.isEmpty else {
            finished = true
            try? handle.close()
            return nil
        }
        if let left = remaining { remaining = left - chunk.count }
        ReadProgress.shared.add(bytes: chunk.count)
        return chunk
    }
}

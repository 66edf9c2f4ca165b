/// A byte source read one chunk at a time, with a position in the current chunk; a
/// UTF-8 byte order mark at the start of the input is skipped, even when it straddles
/// chunks. Shared by the CSV and JSON Lines readers.
struct ChunkCursor<Source: ByteSource> {
    private var source: Source
    /// The current chunk.
    private(set) var chunk: [UInt8] = []
    /// The next unread byte of `chunk`.
    var index = 0
    /// How many bytes the chunks before `chunk` held.
    private var chunkStart = 0
    /// How many bytes of the input lie before the next unread byte.
    var offset: Int { chunkStart + index }
    private var exhausted = false
    private var startOfFile = true

    /// `atStartOfFile`: false for a cursor that starts inside a file (no byte order mark
    /// there).
    init(source: Source, atStartOfFile: Bool = true) {
        self.source = source
        startOfFile = atStartOfFile
    }

    /// Makes sure an unread byte is buffered; false at the end of the input.
    mutating func fill() throws(TableReadError) -> Bool {
        while index == chunk.count {
            if exhausted { return false }
            guard let next = try source.nextChunk() else {
                exhausted = true
                return false
            }
            chunkStart += chunk.count
            chunk = next
            index = 0
            if startOfFile {
                // A byte order mark may straddle chunks: gather three bytes first.
                while chunk.count < 3 {
                    guard let more = try source.nextChunk() else {
                        exhausted = true
                        break
                    }
                    chunk += more
                }
                startOfFile = false
                if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            }
        }
        return true
    }
}

import Foundation

/// Reads a large CSV file on two cores: the file is split at a line break near its
/// middle, each half is tokenized and consumed on its own core, and the second half's
/// consumer is appended to the first's. Only a plain file in a dialect that
/// ``CSVDialect/isSplittable`` is split: a gzip file, an escape char (which may escape
/// the line feed at the split), skipped comments or a missing header make it be read
/// sequentially.
///
/// A line break may lie inside a quoted field, and then the second half does not start
/// a record. The first half tells: it ends exactly at the split, so it ends inside a
/// quote (and fails) exactly when the split was not between records. On any failure
/// the whole file is read again sequentially, which also gives every error its exact
/// line and row.
enum ParallelCSVScan {
    /// Files smaller than this are read sequentially.
    static let minimumSize = 4 << 20

    /// `splitting: false` reads sequentially whatever the file.
    /// `recovering`: readers keep malformed rows in their batches (``CSVReader/recoversMalformedRows``).
    static func scan<Consumer: TableConsumer>(
        url: URL, dialect: CSVDialect, displayPath: String, recovering: Bool = false, splitting: Bool = true,
        makeConsumer: @escaping @Sendable ([String]) throws(TableReadError) -> Consumer
    ) async throws(TableReadError) -> Consumer {
        if splitting, ProcessInfoCores.count > 1, dialect.isSplittable, let split = splitPoint(url), let consumer = await parallel(
            url: url, dialect: dialect, displayPath: displayPath, split: split, recovering: recovering,
            makeConsumer: makeConsumer)
        {
            return consumer
        }
        var reader = try CSVReader(url: url, dialect: dialect, displayPath: displayPath)
        reader.recoversMalformedRows = recovering
        var consumer = try makeConsumer(reader.columns)
        reader.keptColumns = consumer.columnsRead
        try consumer.consume(&reader, FileByteSource.isCompressed(url) ? .unknown : fileSize(url).map(RowEstimate.bytes) ?? .unknown)
        return consumer
    }

    /// The offset just after the first line feed at or after the middle of the file;
    /// `nil` for a small file, or a gzip file (which can only be read from its start).
    static func splitPoint(_ url: URL) -> (offset: Int, size: Int)? {
        guard !FileByteSource.isCompressed(url), let size = fileSize(url), size >= minimumSize,
            let handle = try? FileHandle(forReadingFrom: url)
        else { return nil }
        defer { try? handle.close() }
        var offset = size / 2
        while offset < size {
            guard (try? handle.seek(toOffset: UInt64(offset))) != nil,
                let data = try? handle.read(upToCount: 1 << 16), !data.isEmpty
            else { return nil }
            if let lineFeed = data.firstIndex(of: 0x0A) {
                let split = offset + (lineFeed - data.startIndex) + 1
                return split < size ? (split, size) : nil
            }
            offset += data.count
        }
        return nil
    }

    /// The file's size in bytes; `nil` when it cannot be learned.
    static func fileSize(_ url: URL) -> Int? {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.intValue
    }

    private struct Half<Consumer: Sendable>: Sendable {
        var consumer: Consumer
    }

    /// Both halves concurrently; `nil` when either fails (the caller then reads sequentially).
    private static func parallel<Consumer: TableConsumer>(
        url: URL, dialect: CSVDialect, displayPath: String, split: (offset: Int, size: Int), recovering: Bool,
        makeConsumer: @escaping @Sendable ([String]) throws(TableReadError) -> Consumer
    ) async -> Consumer? {
        func firstHalf() throws(TableReadError) -> CSVReader<FileByteSource> {
            try CSVReader(
                source: FileByteSource(url: url, displayPath: displayPath, range: 0..<split.offset), dialect: dialect,
                displayPath: displayPath)
        }
        guard let columns = try? firstHalf().columns else { return nil }
        var halves = await withTaskGroup(of: (Int, Half<Consumer>?).self) { group in
            group.addTask {
                do {
                    var reader = try firstHalf()
                    reader.recoversMalformedRows = recovering
                    var consumer = try makeConsumer(columns)
                    reader.keptColumns = consumer.columnsRead
                    try consumer.consume(&reader, .bytes(split.size))
                    return (0, Half(consumer: consumer))
                } catch {
                    return (0, nil)
                }
            }
            group.addTask {
                do {
                    var reader = CSVReader(
                        continuing: try FileByteSource(url: url, displayPath: displayPath, range: split.offset..<split.size),
                        columns: columns, dialect: dialect, displayPath: displayPath)
                    reader.recoversMalformedRows = recovering
                    var consumer = try makeConsumer(columns)
                    reader.keptColumns = consumer.columnsRead
                    try consumer.consume(&reader, .bytes(split.size))
                    return (1, Half(consumer: consumer))
                } catch {
                    return (1, nil)
                }
            }
            var halves: [Half<Consumer>?] = [nil, nil]
            for await (index, half) in group { halves[index] = half }
            return halves
        }
        // Taken out of `halves` before appending, so that each half's buffers have one
        // owner: the first grows in place (or once), and nothing is held twice.
        guard var first = halves[0]?.consumer else { return nil }
        halves[0] = nil
        guard let second = halves[1]?.consumer else { return nil }
        halves[1] = nil
        first.append(second)
        return first
    }
}

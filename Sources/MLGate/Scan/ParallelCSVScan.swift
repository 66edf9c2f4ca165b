import Foundation

/// Reads a large CSV file on every core: the file is cut at line breaks into regions
/// that the cores share out while they read (``ScanRegions``: a core that finishes its
/// region takes the back half of the largest one left), each region is tokenized and
/// consumed by its own reader and consumer, and the consumers are appended in file
/// order. Only a plain file in a dialect that ``CSVDialect/isSplittable`` is split: a
/// gzip file, an escape char (which may escape the line feed at a cut), skipped comments
/// or a missing header make it be read sequentially.
///
/// A line break may lie inside a quoted field, and then the region after it does not
/// start a record. The region before tells: it ends exactly at the cut, so it ends inside
/// a quote (and fails) exactly when the cut was not between records (and so, region by
/// region from the file's start, every cut is checked). On any failure the whole file is
/// read again sequentially, which also gives every error its exact line and row.
enum ParallelCSVScan {
    /// Files smaller than this are read sequentially.
    static let minimumSize = 4 << 20
    /// The fewest bytes a core takes from another's region (``ScanRegions/minimumTaken``).
    static let minimumTaken = 1 << 20

    /// `splitting: false` reads sequentially whatever the file.
    /// `recovering`: readers keep malformed rows in their batches; otherwise a malformed
    /// row or a row wider than the header ends the read (``CSVReader/recover(_:)``).
    /// `workers` and `minimumTaken` (tests): how many cores read, and the fewest bytes one
    /// takes from another's region.
    static func scan<Consumer: TableConsumer>(
        url: URL, dialect: CSVDialect, displayPath: String, recovering: Bool = false, splitting: Bool = true,
        workers: Int = ProcessInfoCores.count, minimumTaken: Int = minimumTaken,
        makeConsumer: @escaping @Sendable ([String]) throws(TableReadError) -> Consumer
    ) async throws(TableReadError) -> Consumer {
        if splitting, workers > 1, dialect.isSplittable, let size = splittableSize(url), let consumer = await parallel(
            url: url, dialect: dialect, displayPath: displayPath, size: size, recovering: recovering, workers: workers,
            minimumTaken: minimumTaken, makeConsumer: makeConsumer)
        {
            return consumer
        }
        var reader = try CSVReader(url: url, dialect: dialect, displayPath: displayPath)
        reader.recover(recovering)
        var consumer = try makeConsumer(reader.columns)
        reader.keptColumns = consumer.columnsRead
        try consumer.consume(&reader, FileByteSource.isCompressed(url) ? .unknown : fileSize(url).map(RowEstimate.bytes) ?? .unknown)
        return consumer
    }

    /// The size of a file large enough to be read in parallel; `nil` for a small file, or
    /// a gzip file (which can only be read from its start).
    static func splittableSize(_ url: URL) -> Int? {
        guard !FileByteSource.isCompressed(url), let size = fileSize(url), size >= minimumSize else { return nil }
        return size
    }

    /// The file's size in bytes; `nil` when it cannot be learned.
    static func fileSize(_ url: URL) -> Int? {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.intValue
    }

    /// What one worker read: each region's consumer, by the region's index.
    private struct Worker<Consumer: Sendable>: Sendable {
        var consumers: [(region: Int, consumer: Consumer)] = []
    }

    /// The file's regions read by one worker per core (``ScanRegions``), each region by its
    /// own reader and consumer, the consumers then appended in file order; `nil` when any
    /// region fails (the caller then reads sequentially).
    private static func parallel<Consumer: TableConsumer>(
        url: URL, dialect: CSVDialect, displayPath: String, size: Int, recovering: Bool, workers: Int, minimumTaken: Int,
        makeConsumer: @escaping @Sendable ([String]) throws(TableReadError) -> Consumer
    ) async -> Consumer? {
        guard
            let columns = try? CSVReader(
                source: FileByteSource(url: url, displayPath: displayPath, range: 0..<size), dialect: dialect,
                displayPath: displayPath
            ).columns,
            let regions = ScanRegions(url: url, size: size, minimumTaken: minimumTaken)
        else { return nil }
        // One region's reader: the first reads the header, the others continue the file.
        @Sendable func read(_ index: Int) throws(TableReadError) -> Consumer {
            let source = try FileByteSource(url: url, displayPath: displayPath, regions: regions, index: index)
            var reader = index == 0
                ? try CSVReader(source: source, dialect: dialect, displayPath: displayPath)
                : CSVReader(continuing: source, columns: columns, dialect: dialect, displayPath: displayPath)
            reader.recover(recovering)
            var consumer = try makeConsumer(columns)
            reader.keptColumns = consumer.columnsRead
            // Its own rows as its region's bytes tell before it is read (a region cut
            // later reads fewer).
            let region = regions.snapshot[index]
            try consumer.consume(&reader, .bytes(size), own: .bytes(region.end - region.start))
            return consumer
        }
        // A region for each worker to start with (halves, then halves of the larger
        // ones), so that none waits for another to have begun.
        var first = [0]
        while first.count < workers, let taken = regions.take() { first.append(taken.index) }
        var finished = await withTaskGroup(of: Worker<Consumer>?.self) { group in
            for start in first {
                group.addTask {
                    var done = Worker<Consumer>()
                    var next: Int? = start
                    while let index = next {
                        do throws(TableReadError) {
                            done.consumers.append((index, try read(index)))
                        } catch {
                            regions.abandon()
                            return nil
                        }
                        next = regions.take()?.index
                    }
                    return done
                }
            }
            var workers: [Worker<Consumer>?] = []
            for await worker in group { workers.append(worker) }
            return workers
        }
        // Each consumer taken out of its worker before appending, so that its buffers have
        // one owner: the first grows in place (or once), and nothing is held twice.
        var byRegion: [Int: Consumer] = [:]
        for index in finished.indices {
            guard var worker = finished[index].take() else { return nil }
            while let (region, consumer) = worker.consumers.popLast() { byRegion[region] = consumer }
        }
        let order = regions.snapshot.enumerated().sorted { $0.element.start < $1.element.start }.map(\.offset)
        guard order.allSatisfy({ byRegion[$0] != nil }), var whole = byRegion.removeValue(forKey: order[0]) else { return nil }
        for region in order.dropFirst() {
            whole.append(byRegion.removeValue(forKey: region)!)
        }
        return whole
    }
}

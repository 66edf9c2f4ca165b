import Foundation

/// Reads a large Parquet file on every core: its rows are split in as many equal parts
/// (at a row, whatever the row groups), each part read and consumed on its own core, and
/// the later parts' consumers appended to the first's in order, as ``ParallelCSVScan``
/// does for a CSV file. Pages wholly before a part's first row are passed over
/// undecoded.
///
/// A smaller file, or one machine core, is read in one pass (its columns still decoded
/// on every core).
enum ParallelParquetScan {
    /// Files with fewer rows are read in one pass.
    static let minimumRows = 100_000

    /// `splitting: false` reads in one pass whatever the file; `minimumRows` is the
    /// least a file must have to be split; `workers` (tests) how many parts it is read in.
    static func scan<Consumer: TableConsumer>(
        url: URL, displayPath: String, splitting: Bool = true, minimumRows: Int = minimumRows,
        workers: Int = ProcessInfoCores.count,
        makeConsumer: @escaping @Sendable ([String]) throws(TableReadError) -> Consumer
    ) async throws(TableReadError) -> Consumer {
        var reader = try ParquetReader(url: url, displayPath: displayPath)
        let total = reader.rowGroupRows
        if splitting, workers > 1, total >= max(2, minimumRows) {
            let parts = min(workers, total)
            let columns = reader.columns
            var read = await withTaskGroup(of: (Int, Result<Consumer, TableReadError>).self) { group in
                for index in 0..<parts {
                    group.addTask {
                        do throws(TableReadError) {
                            let rows = total * index / parts..<total * (index + 1) / parts
                            var reader = try ParquetReader(url: url, displayPath: displayPath, rows: rows)
                            reader.decodesColumnsConcurrently = false
                            var consumer = try makeConsumer(columns)
                            reader.serve(consumer)
                            try consumer.consume(&reader, .rows(total), own: .rows(rows.count))
                            return (index, .success(consumer))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                }
                var read: [Result<Consumer, TableReadError>?] = Array(repeating: nil, count: parts)
                for await (index, part) in group { read[index] = part }
                return read
            }
            // A file error in any part is the file's error (the first part's first).
            for part in read {
                if case .failure(let error)? = part { throw error }
            }
            // Each consumer taken out before appending, so that its buffers have one
            // owner: the first grows in place (a copy still in `read` would make every
            // column it appends to be copied first).
            guard case .success(var whole)? = read[0].take() else { preconditionFailure("a part was not read") }
            for index in 1..<parts {
                guard case .success(let later)? = read[index].take() else { preconditionFailure("a part was not read") }
                whole.append(later)
            }
            return whole
        }
        var consumer = try makeConsumer(reader.columns)
        reader.serve(consumer)
        try consumer.consume(&reader, .rows(total))
        return consumer
    }
}

import Foundation

/// Reads a large Parquet file on two cores: its rows are split in two halves (at a row,
/// whatever the row groups), each half read and consumed on its own core, and the
/// second half's consumer appended to the first's, as ``ParallelCSVScan`` does for a
/// CSV file. Pages wholly before a half's first row are passed over undecoded.
///
/// A smaller file, or one machine core, is read in one pass (its columns still decoded
/// on both cores).
enum ParallelParquetScan {
    /// Files with fewer rows are read in one pass.
    static let minimumRows = 100_000

    /// `splitting: false` reads in one pass whatever the file; `minimumRows` is the
    /// least a file must have to be split.
    static func scan<Consumer: TableConsumer>(
        url: URL, displayPath: String, splitting: Bool = true, minimumRows: Int = minimumRows,
        makeConsumer: @escaping @Sendable ([String]) throws(TableReadError) -> Consumer
    ) async throws(TableReadError) -> Consumer {
        var reader = try ParquetReader(url: url, displayPath: displayPath)
        let total = reader.rowGroupRows
        if splitting, ProcessInfoCores.count > 1, total >= max(2, minimumRows) {
            let middle = total / 2
            let columns = reader.columns
            let halves = await withTaskGroup(of: (Int, Result<Consumer, TableReadError>).self) { group in
                for (index, rows) in [0..<middle, middle..<total].enumerated() {
                    group.addTask {
                        do throws(TableReadError) {
                            var reader = try ParquetReader(url: url, displayPath: displayPath, rows: rows)
                            reader.decodesColumnsConcurrently = false
                            var consumer = try makeConsumer(columns)
                            reader.keptColumns = consumer.columnsRead
                            try consumer.consume(&reader, .rows(total))
                            return (index, .success(consumer))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                }
                var halves: [Result<Consumer, TableReadError>?] = [nil, nil]
                for await (index, half) in group { halves[index] = half }
                return halves
            }
            // A file error in either half is the file's error (the first half's first).
            for half in halves {
                if case .failure(let error)? = half { throw error }
            }
            if case .success(var first)? = halves[0], case .success(let second)? = halves[1] {
                first.append(second)
                return first
            }
        }
        var consumer = try makeConsumer(reader.columns)
        reader.keptColumns = consumer.columnsRead
        try consumer.consume(&reader, .rows(total))
        return consumer
    }
}

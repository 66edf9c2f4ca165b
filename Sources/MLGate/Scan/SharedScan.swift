import Foundation

/// Reads every table of a run once, however many gates read it.
///
/// The demands are grouped by table (``TableIdentity``); each table is read by one scan
/// whose batches go to every demand's consumer (``SharedConsumer``): a large CSV on both
/// cores (``ParallelCSVScan``), anything else in one pass. Tables are read concurrently.
///
/// A consumer that failed in the second half of a file read on two cores learned its
/// error with lines counted from the half's start: it alone is read again, sequentially,
/// so that every error names its exact line, as a gate reading the file alone would.
enum SharedScan {
    /// Each demand's consumer once the table has been read, in the order of `demands`.
    static func read(_ demands: [TableDemand]) async -> [Result<any TableConsumer, TableReadError>] {
        var groups: [TableIdentity: [Int]] = [:]
        var order: [TableIdentity] = []
        for (index, demand) in demands.enumerated() {
            let identity = TableIdentity(demand.input)
            if groups[identity] == nil { order.append(identity) }
            groups[identity, default: []].append(index)
        }
        return await withTaskGroup(of: ([Int], [Result<any TableConsumer, TableReadError>]).self) { group in
            for identity in order {
                let members = groups[identity]!
                let shared = members.map { demands[$0] }
                group.addTask { (members, await read(table: shared)) }
            }
            var results = [Result<any TableConsumer, TableReadError>?](repeating: nil, count: demands.count)
            for await (members, read) in group {
                for (index, result) in zip(members, read) { results[index] = result }
            }
            return results.map { $0! }
        }
    }

    /// Reads one table for all of its demands, those that can share a consumer sharing
    /// one (``TableDemand/Sharing``); when a shared consumer failed, its demands are read
    /// again apart.
    private static func read(table demands: [TableDemand]) async -> [Result<any TableConsumer, TableReadError>] {
        let served = TableDemand.merging(demands)
        let first = await read(served: served.map(\.demand))
        var results = [Result<any TableConsumer, TableReadError>?](repeating: nil, count: demands.count)
        var apart: [Int] = []
        for ((_, serves), result) in zip(served, first) {
            if serves.count > 1, case .failure = result {
                apart += serves
            } else {
                for index in serves { results[index] = result }
            }
        }
        if !apart.isEmpty {
            let again = await read(served: apart.map { demands[$0] })
            for (index, result) in zip(apart, again) { results[index] = result }
        }
        return results.map { $0! }
    }

    /// Reads one table for these demands, each served by its own consumer.
    private static func read(served demands: [TableDemand]) async -> [Result<any TableConsumer, TableReadError>] {
        let shared: SharedConsumer
        do throws(TableReadError) {
            shared = try await scan(demands, splitting: true)
        } catch {
            return demands.map { _ in .failure(error) }
        }
        var results = shared.results
        let again = shared.parts.indices.filter { shared.parts[$0].needsSequentialRead }
        if !again.isEmpty {
            let reread: [Result<any TableConsumer, TableReadError>]
            do throws(TableReadError) {
                // Read in one pass, no part needs reading again.
                reread = try await scan(again.map { demands[$0] }, splitting: false).results.map { $0! }
            } catch {
                reread = again.map { _ in .failure(error) }
            }
            for (index, result) in zip(again, reread) { results[index] = result }
        }
        return results.map { $0! }
    }

    private static func scan(_ demands: [TableDemand], splitting: Bool) async throws(TableReadError) -> SharedConsumer {
        let input = demands[0].input
        let recovering = demands.contains(where: \.recovering)
        let makeConsumer: @Sendable ([String]) throws(TableReadError) -> SharedConsumer = { header in
            SharedConsumer(header: header, demands: demands)
        }
        var consumer: SharedConsumer
        if let database = input.database {
            var reader = try PostgresTableReader(database, location: input.location)
            reader.recoversMalformedRows = recovering
            consumer = try makeConsumer(reader.columns)
            reader.keptColumns = consumer.columnsRead
            try consumer.consume(&reader)
            consumer.scanEnded()
            return consumer
        }
        if let spark = input.spark {
            var reader = try spark.reader(location: input.location)
            consumer = try makeConsumer(reader.columns)
            reader.keptColumns = consumer.columnsRead
            try consumer.consume(&reader)
            consumer.scanEnded()
            return consumer
        }
        switch input.format {
        case .csv, .tsv:
            consumer = try await ParallelCSVScan.scan(
                url: input.url, dialect: input.effectiveDialect, displayPath: input.path, recovering: recovering,
                splitting: splitting, makeConsumer: makeConsumer)
        case .jsonl:
            var reader = try JSONLinesReader(url: input.url, displayPath: input.path)
            reader.recoversMalformedRows = recovering
            consumer = try makeConsumer(reader.columns)
            try consumer.consume(&reader)
        case .parquet:
            consumer = try await ParallelParquetScan.scan(
                url: input.url, displayPath: input.path, splitting: splitting, makeConsumer: makeConsumer)
        }
        consumer.scanEnded()
        return consumer
    }
}

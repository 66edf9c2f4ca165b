import Foundation

/// Per-resample sums that a paired bootstrap's rows are drawn into as they come
/// (``PairedDraws``): a binary model's ranking (``ResampledBinarySums``), a regressor's
/// and its champion's sums (``ResampledRegressionSums``), one model's median absolute
/// error (``ResampledMedians``).
protocol ResampledSums: Sendable {
    /// What one row adds to the sums.
    associatedtype Row: Sendable
    /// The resamples these sums keep.
    var resamples: Range<Int> { get }
    /// Whether the sums end runs of rows (a ranking's scores): ``closeRun()`` is then
    /// called on each scope's sums that had rows in the run.
    static var closesRuns: Bool { get }
    /// Whether rows were added since the last run ended.
    var isOpen: Bool { get }
    /// Adds `row`, drawn `draws[i]` times by resample `resamples.lowerBound + i`.
    mutating func add(_ row: Row, draws: UnsafeBufferPointer<UInt32>)
    /// Ends the current run of rows.
    mutating func closeRun()
}

/// Where a row of a read sent in descending order of several values (ties by the next)
/// stands against the row before: in its run (every value equal), past it (the first
/// value that differs is lower), or out of order.
enum RunStep: Equatable {
    case same, next, outOfOrder

    /// The step from the values `previous` (empty: the first row) to `current`.
    init(_ current: [Double], after previous: [Double]) {
        guard !previous.isEmpty, let differing = current.indices.first(where: { current[$0] != previous[$0] }) else {
            self = .same
            return
        }
        self = current[differing] < previous[differing] ? .next : .outOfOrder
    }
}

/// The paired bootstrap drawn as a streamed read's rows come: each distinct content
/// (both models' words, the candidate's first, as ``Predictions/appendWords(of:classKeys:)``
/// gives them) is drawn in every resample Poisson(its count), seeded from the seed, the
/// resample and its content key (``PairedBootstrap/draw(key:count:stream:)``): the
/// in-memory bootstrap's draw of the same distinct row, so a resample here holds the
/// rows the in-memory resample of the same index holds.
///
/// The read sends rows in runs (a ranking's scores, a regressor's predictions): rows of
/// one content always meet in one run, though the server may send them apart (they
/// differ in a slice column, or in a cell's text that reads as the same number, `0.5`
/// and `0.50`). The contents of a run are merged before they are drawn, in the whole
/// table and in each slice value, as the in-memory bootstrap merges each scope's rows.
/// Two contents of one key (which the in-memory bootstrap moves apart in order of first
/// appearance) unfold the read.
///
/// Resamples are shared out over the cores: each core draws every content of a batch
/// for its part of the resamples.
struct PairedDraws<Sums: ResampledSums>: Sendable {
    private let streams: [UInt64]
    /// Each core's part of the resamples and its sums.
    private var parts: [Part]
    /// The distinct contents met in the current run, merged, and where each one's key is
    /// among them.
    private var inRun: [Content] = []
    private var inRunIndex: [UInt64: Int] = [:]
    /// The contents of the runs ended since the last ``draw()``, each as it is drawn in
    /// each scope, to be drawn on every core.
    private var pending: [Item] = []
    private let sliceCount: Int
    /// Makes a scope's sums for a part of the resamples: the whole table's (column −1),
    /// or a slice value's (its column and code).
    private let make: Make
    typealias Make = @Sendable (_ column: Int, _ code: Int, _ resamples: Range<Int>) -> Sums
    /// Why the rows cannot be drawn as the in-memory bootstrap draws them.
    private(set) var unfolded: String?
    /// The most distinct contents a run held at once (what the draws keep of a read).
    private(set) var largestRun = 0

    /// A distinct content in the current run: the rows the server sent with it, their
    /// count in all and in each slice value.
    private struct Content {
        var key: UInt64
        var words: [UInt64]
        var count: UInt64
        var row: Sums.Row
        /// Per slice column: each slice value's code with its count (a content's rows
        /// mostly have one value: a short list, searched).
        var sliceCounts: [[(code: UInt32, count: UInt64)]]
    }

    /// A content as one scope draws it (the whole table: `column` −1; a slice value), or
    /// the end of a run (`row` nil).
    private struct Item {
        var column: Int
        var code: Int
        var key: UInt64
        var count: UInt64
        var row: Sums.Row?
    }

    /// Draws for `settings`' resamples, of rows with `slices` slice columns, into the
    /// sums `make` makes for each scope and part of the resamples.
    init(settings: BootstrapSettings, slices: Int, make: @escaping Make) {
        streams = (0..<settings.resamples).map { PairedBootstrap.stream(seed: settings.seed, resample: $0) }
        let count = max(1, min(ProcessInfoCores.count, settings.resamples))
        parts = (0..<count).map { Part(overall: make(-1, 0, settings.resamples * $0 / count..<settings.resamples * ($0 + 1) / count)) }
        sliceCount = slices
        self.make = make
    }

    /// Whether rows are still drawn: there are resamples, and nothing unfolded the read.
    var isDrawing: Bool { unfolded == nil && !streams.isEmpty }

    /// Gives up drawing, for `reason` (the first one given is kept).
    mutating func unfold(_ reason: String) {
        if unfolded == nil { unfolded = reason }
    }

    /// Passes a row of the current run: its content's words, what it adds to the sums,
    /// its count and its slice value codes.
    mutating func add(words: [UInt64], row: Sums.Row, count: UInt32, sliceCodes: [UInt32]) {
        guard isDrawing else { return }
        let key = DistinctRows.key(words)
        if let index = inRunIndex[key] {
            guard inRun[index].words == words else {
                // Two contents of one key: in memory the later moves to another key.
                unfold("two contents have the same 64-bit key")
                return
            }
            inRun[index].count += UInt64(count)
            for (column, code) in sliceCodes.enumerated() {
                if let at = inRun[index].sliceCounts[column].firstIndex(where: { $0.code == code }) {
                    inRun[index].sliceCounts[column][at].count += UInt64(count)
                } else {
                    inRun[index].sliceCounts[column].append((code, UInt64(count)))
                }
            }
        } else {
            inRunIndex[key] = inRun.count
            inRun.append(Content(key: key, words: words, count: UInt64(count), row: row, sliceCounts: sliceCodes.map { [($0, UInt64(count))] }))
            largestRun = max(largestRun, inRun.count)
        }
    }

    /// Ends the current run: its contents are to be drawn, in the whole table and in each
    /// slice value (in order of first appearance, each slice value by code). Unless
    /// `closing`, the sums' run goes on (``ResampledSums/closeRun()`` is not called): a
    /// ranking's tie of scores whose rows came in runs of other equal columns.
    mutating func endRun(closing: Bool = true) {
        guard !inRun.isEmpty else { return }
        for content in inRun {
            pending.append(Item(column: -1, code: 0, key: content.key, count: content.count, row: content.row))
            for (column, counts) in content.sliceCounts.enumerated() {
                for (code, count) in counts.sorted(by: { $0.code < $1.code }) {
                    pending.append(Item(column: column, code: Int(code), key: content.key, count: count, row: content.row))
                }
            }
        }
        if closing { pending.append(Item(column: -1, code: 0, key: 0, count: 0, row: nil)) }
        inRun.removeAll(keepingCapacity: true)
        inRunIndex.removeAll(keepingCapacity: true)
    }

    /// Draws the contents of the runs ended since the last call in every resample, each
    /// core its part of the resamples (the current run's contents are kept, merged,
    /// until it ends).
    mutating func draw() {
        defer { pending.removeAll(keepingCapacity: true) }
        guard isDrawing, !pending.isEmpty else { return }
        for part in parts.indices { parts[part].makeSlices(pending, columns: sliceCount, make: make) }
        let items = pending, streams = streams
        parts.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedWrites(buffer)
            DispatchQueue.concurrentPerform(iterations: shared.buffer.count) { part in
                shared.buffer[part].draw(items, streams: streams)
            }
        }
    }

    /// Each scope's sums, in parts that together hold every resample, once every batch is
    /// passed: the whole table's (suffix "") and each slice value's (`[column=value]`,
    /// ``ModelGate``'s scope suffixes), with the slice columns and their values by code;
    /// nil when the rows could not be drawn as in memory.
    mutating func finish(sliceColumns: [String], sliceValues: [[String]]) -> [String: [Sums]]? {
        endRun()
        draw()
        guard unfolded == nil else { return nil }
        var scopes: [String: [Sums]] = [:]
        scopes[""] = parts.map(\.overall)
        for (column, name) in sliceColumns.enumerated() {
            for (code, value) in sliceValues[column].enumerated() {
                let sums = parts.compactMap { $0.slices.count > column && $0.slices[column].count > code ? $0.slices[column][code] : nil }
                if sums.count == parts.count { scopes["[\(name)=\(value)]"] = sums }
            }
        }
        return scopes
    }

    /// One core's part of the resamples: its sums of the whole table and of each slice
    /// value, and the slice values with rows in the current run.
    private struct Part: Sendable {
        var overall: Sums
        var slices: [[Sums]] = []
        var touched: [(column: Int, code: Int)] = []

        init(overall: Sums) {
            self.overall = overall
        }

        var resamples: Range<Int> { overall.resamples }

        mutating func makeSlices(_ items: [Item], columns: Int, make: Make) {
            while slices.count < columns { slices.append([]) }
            for item in items where item.column >= 0 {
                while slices[item.column].count <= item.code {
                    slices[item.column].append(make(item.column, slices[item.column].count, resamples))
                }
            }
        }

        mutating func closeRun() {
            overall.closeRun()
            for (column, code) in touched { slices[column][code].closeRun() }
            touched.removeAll(keepingCapacity: true)
        }

        mutating func draw(_ items: [Item], streams: [UInt64]) {
            var draws = [UInt32](repeating: 0, count: resamples.count)
            let streams = Array(streams[resamples])
            // The draws last made: a content's scopes that count it alike draw it alike.
            var drawn: (key: UInt64, count: UInt64)?
            for item in items {
                guard let row = item.row else {
                    if Sums.closesRuns { closeRun() }
                    continue
                }
                if drawn.map({ $0 != (item.key, item.count) }) ?? true {
                    draws.withUnsafeMutableBufferPointer { draws in
                        PairedBootstrap.draw(key: item.key, count: item.count, streams: streams, into: draws)
                    }
                    drawn = (item.key, item.count)
                }
                draws.withUnsafeBufferPointer { draws in
                    if item.column < 0 {
                        overall.add(row, draws: draws)
                    } else {
                        if Sums.closesRuns, slices[item.column][item.code].isOpen == false { touched.append((item.column, item.code)) }
                        slices[item.column][item.code].add(row, draws: draws)
                    }
                }
            }
        }
    }
}

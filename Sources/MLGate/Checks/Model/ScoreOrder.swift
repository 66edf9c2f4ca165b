import Foundation

/// Row indices sorted by score, highest first, once per score column: the one sort that
/// ROC AUC and average precision need. The bootstrap reuses it for every resample.
///
/// Memory: what is kept is 9 bytes a row per column (the row, its label, whether its
/// score starts a new threshold); sorting needs 16 bytes a row more for a moment. A
/// column of decimals read from text (`0.734512`) is sorted by its integers
/// (``DecimalScoreOrder``). Any other column's rows are sorted by the upper 32 bits of
/// their scores' keys packed with the row index into one 64-bit word (three radix
/// passes, the row order of ties kept for free), and only runs of rows whose upper bits
/// are equal are then looked at closer, through the scores themselves.
public struct ScoreOrder: Sendable, Hashable {
    /// For each score column, the row indices by descending score (ties keep file order).
    public var columns: [[Int32]]
    /// For each score column, whether the score at each position differs from the one
    /// before (true at the first): where the ranking pass closes a threshold.
    var startsScore: [[Bool]]
    /// For each score column, the labels in that order: walking the order then reads
    /// memory front to back instead of jumping through the rows.
    var sortedLabels: [[Int32]]

    /// Sorts the rows of `data` by each of its score columns, on one core.
    public init(_ data: ClassificationPredictions) {
        var columns: [[Int32]] = [], starts: [[Bool]] = [], labels: [[Int32]] = []
        for column in 0..<data.scoreWidth {
            if let decimal = DecimalScoreOrder.column(data, column: column, cores: 1) {
                columns.append(decimal.rows)
                starts.append(decimal.starts)
                labels.append(decimal.labels)
                continue
            }
            var rows = Self.radixSorted(Self.packed(data, column: column, rows: 0..<data.count)).map {
                Int32(truncatingIfNeeded: $0)
            }
            var columnStarts = [Bool](repeating: false, count: rows.count)
            var columnLabels = [Int32](repeating: 0, count: rows.count)
            Self.finish(data, column: column, rows: &rows, starts: &columnStarts, labels: &columnLabels, range: 0..<rows.count)
            columns.append(rows)
            starts.append(columnStarts)
            labels.append(columnLabels)
        }
        self.init(columns: columns, startsScore: starts, sortedLabels: labels)
    }

    /// Sorts as `init(_:)` does on both cores: each column's two halves are sorted on
    /// their own core, then merged from both ends at once (one core writing the front
    /// half of the result and the other the back half), and the two halves of the result
    /// are finished (ties resolved, labels gathered) on their own core.
    public static func make(_ data: ClassificationPredictions) async -> ScoreOrder {
        let halves = [0..<data.count / 2, data.count / 2..<data.count]
        var columns: [[Int32]] = [], starts: [[Bool]] = [], labels: [[Int32]] = []
        for column in 0..<data.scoreWidth {
            if let decimal = DecimalScoreOrder.column(data, column: column, cores: 2) {
                columns.append(decimal.rows)
                starts.append(decimal.starts)
                labels.append(decimal.labels)
                continue
            }
            var parts = await withTaskGroup(of: (Int, [UInt64]).self) { group in
                for (index, range) in halves.enumerated() {
                    group.addTask { (index, radixSorted(packed(data, column: column, rows: range))) }
                }
                var parts = [[UInt64]](repeating: [], count: 2)
                for await (index, part) in group { parts[index] = part }
                return parts
            }
            var rows = await merged(parts[0], parts[1])
            parts = []
            let count = rows.count
            var columnStarts = [Bool](repeating: false, count: count)
            var columnLabels = [Int32](repeating: 0, count: count)
            // The second part starts where the upper bits change, so that no run of
            // rows to look at closer is cut in two.
            var middle = count / 2
            if middle > 0 {
                let scores = data.scores, width = data.scoreWidth
                let edge = prefix(of: scores[Int(rows[middle - 1]) * width + column])
                while middle < count, prefix(of: scores[Int(rows[middle]) * width + column]) == edge { middle += 1 }
            }
            rows.withUnsafeMutableBufferPointer { rows in
                columnStarts.withUnsafeMutableBufferPointer { starts in
                    columnLabels.withUnsafeMutableBufferPointer { labels in
                        let parts = Disjoint(rows: rows, starts: starts, labels: labels), ranges = [0..<middle, middle..<count]
                        DispatchQueue.concurrentPerform(iterations: 2) { part in
                            parts.finish(data, column: column, range: ranges[part])
                        }
                    }
                }
            }
            columns.append(rows)
            starts.append(columnStarts)
            labels.append(columnLabels)
        }
        return ScoreOrder(columns: columns, startsScore: starts, sortedLabels: labels)
    }

    private init(columns: [[Int32]], startsScore: [[Bool]], sortedLabels: [[Int32]]) {
        self.columns = columns
        self.startsScore = startsScore
        self.sortedLabels = sortedLabels
    }

    /// Descending doubles map to ascending unsigned keys (equal keys, equal values).
    static func key(of value: Double) -> UInt64 {
        let bits = (value == 0 ? 0.0 : value).bitPattern
        let ascending = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        return ~ascending
    }

    /// The upper half of a value's key: what the radix sort orders by.
    @inline(__always)
    static func prefix(of value: Double) -> UInt32 {
        UInt32(truncatingIfNeeded: key(of: value) >> 32)
    }

    /// Each row of `rows` as its key's upper half above its index: sorting these words
    /// sorts by the upper half, equal ones in row order.
    private static func packed(_ data: ClassificationPredictions, column: Int, rows: Range<Int>) -> [UInt64] {
        let width = data.scoreWidth
        return data.scores.withUnsafeBufferPointer { scores in
            rows.map { UInt64(prefix(of: scores[$0 * width + column])) << 32 | UInt64($0) }
        }
    }

    /// A stable LSD radix sort of the words' upper halves on 11-bit digits (the lower
    /// halves, row indices, are ascending already and ride along): three passes whose
    /// 2,048 buckets stay in the first-level cache; every digit's histogram comes from
    /// one read, and a digit shared by all words is skipped.
    private static func radixSorted(_ input: consuming [UInt64]) -> [UInt64] {
        let count = input.count
        guard count > 1 else { return input }
        let digitBits = 11, shifts: [UInt64] = [32, 43, 54], radix = 1 << digitBits, mask = UInt64(radix - 1)
        var histograms = [Int](repeating: 0, count: radix * shifts.count)
        var words = input
        let first = words[0]
        histograms.withUnsafeMutableBufferPointer { histogram in
            words.withUnsafeBufferPointer { words in
                for word in words {
                    histogram[Int((word >> 32) & mask)] += 1
                    histogram[radix + Int((word >> 43) & mask)] += 1
                    histogram[2 * radix + Int((word >> 54) & mask)] += 1
                }
            }
        }
        var buffer = [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        for (digit, shift) in shifts.enumerated() {
            let base = digit * radix
            // A digit shared by every word does not reorder anything.
            if histograms[base + Int((first >> shift) & mask)] == count { continue }
            var total = 0
            for index in base..<(base + radix) {
                let bucket = histograms[index]
                histograms[index] = total
                total += bucket
            }
            histograms.withUnsafeMutableBufferPointer { histogram in
                words.withUnsafeBufferPointer { words in
                    buffer.withUnsafeMutableBufferPointer { output in
                        for word in words {
                            let slot = base + Int((word >> shift) & mask)
                            let target = histogram[slot]
                            histogram[slot] = target + 1
                            output[target] = word
                        }
                    }
                }
            }
            swap(&words, &buffer)
        }
        return words
    }

    /// Merges two sorted runs of words into their rows: the words differ in their row
    /// halves, so the merge is a stable one by upper half. One task merges the front half
    /// of the result and one the back half, from the end, so the merge takes about half
    /// the time on two cores.
    private static func merged(_ a: [UInt64], _ b: [UInt64]) async -> [Int32] {
        let total = a.count + b.count, frontCount = total / 2
        async let backPart = mergeBack(a, b, count: total - frontCount)
        var front = mergeFront(a, b, count: frontCount, capacity: total)
        front.append(contentsOf: await backPart)
        return front
    }

    /// The rows of the first `count` merged words: the smaller first.
    private static func mergeFront(_ a: [UInt64], _ b: [UInt64], count: Int, capacity: Int) -> [Int32] {
        var rows = [Int32]()
        rows.reserveCapacity(capacity)
        var i = 0, j = 0
        for _ in 0..<count {
            if j < b.count, i == a.count || b[j] < a[i] {
                rows.append(Int32(truncatingIfNeeded: b[j]))
                j += 1
            } else {
                rows.append(Int32(truncatingIfNeeded: a[i]))
                i += 1
            }
        }
        return rows
    }

    /// The rows of the last `count` merged words, in order, found from the end: the
    /// larger last.
    private static func mergeBack(_ a: [UInt64], _ b: [UInt64], count: Int) -> [Int32] {
        var rows = [Int32](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var i = a.count - 1, j = b.count - 1
        for position in stride(from: count - 1, through: 0, by: -1) {
            if i >= 0, j < 0 || a[i] > b[j] {
                rows[position] = Int32(truncatingIfNeeded: a[i])
                i -= 1
            } else {
                rows[position] = Int32(truncatingIfNeeded: b[j])
                j -= 1
            }
        }
        return rows
    }

    /// Finishes the positions `range` of a column's order (the range starts a run of
    /// equal upper halves): a run whose scores are not all equal is sorted by whole key,
    /// ties in row order; then each position's label is gathered and whether its score
    /// starts a new one is noted.
    static func finish(
        _ data: ClassificationPredictions, column: Int, rows: inout [Int32], starts: inout [Bool], labels: inout [Int32],
        range: Range<Int>
    ) {
        rows.withUnsafeMutableBufferPointer { rows in
            starts.withUnsafeMutableBufferPointer { starts in
                labels.withUnsafeMutableBufferPointer { labels in
                    Disjoint(rows: rows, starts: starts, labels: labels).finish(data, column: column, range: range)
                }
            }
        }
    }

    /// The three arrays of a column's order as buffers, finished a range at a time;
    /// `make` hands disjoint ranges to two tasks at once.
    private struct Disjoint: @unchecked Sendable {
        let rows: UnsafeMutableBufferPointer<Int32>
        let starts: UnsafeMutableBufferPointer<Bool>
        let labels: UnsafeMutableBufferPointer<Int32>

        func finish(_ data: ClassificationPredictions, column: Int, range: Range<Int>) {
            guard !range.isEmpty else { return }
            let width = data.scoreWidth
            data.scores.withUnsafeBufferPointer { scores in
                data.labels.withUnsafeBufferPointer { allLabels in
                    // One read of each row's score and label, in order; a run of equal
                    // upper halves whose scores are not all equal is sorted afterwards.
                    // The rows are far apart: a block's scores and labels are gathered
                    // first, in a loop of independent reads that overlap, then looked at.
                    var runStart = range.lowerBound, runValue = scores[Int(rows[runStart]) * width + column]
                    var runPrefix = prefix(of: runValue), runEqual = true
                    var previous = runValue
                    let blockSize = 512
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: blockSize) { values in
                        for blockStart in stride(from: range.lowerBound, to: range.upperBound, by: blockSize) {
                            let block = blockStart..<min(blockStart + blockSize, range.upperBound)
                            for position in block {
                                let row = Int(rows[position])
                                values[position - blockStart] = scores[row * width + column]
                                labels[position] = allLabels[row]
                            }
                            for position in block {
                                let value = values[position - blockStart]
                                starts[position] = position == range.lowerBound || value != previous
                                previous = value
                                guard position > runStart else { continue }
                                let upper = prefix(of: value)
                                if upper != runPrefix {
                                    if !runEqual {
                                        sortRun(runStart..<position, scores: scores, labels: allLabels, width: width, column: column)
                                    }
                                    runStart = position
                                    runValue = value
                                    runPrefix = upper
                                    runEqual = true
                                } else if value != runValue {
                                    runEqual = false
                                }
                            }
                        }
                    }
                    if !runEqual {
                        sortRun(runStart..<range.upperBound, scores: scores, labels: allLabels, width: width, column: column)
                    }
                }
            }
        }

        /// Sorts a run of positions by whole key, ties in row order, and notes its labels
        /// and score starts again (its first position starts a score: the upper half
        /// before it differs).
        private func sortRun(
            _ run: Range<Int>, scores: UnsafeBufferPointer<Double>, labels allLabels: UnsafeBufferPointer<Int32>, width: Int,
            column: Int
        ) {
            var entries = run.map { (key: key(of: scores[Int(rows[$0]) * width + column]), row: rows[$0]) }
            entries.sort { $0.key != $1.key ? $0.key < $1.key : $0.row < $1.row }
            for (offset, entry) in entries.enumerated() {
                let position = run.lowerBound + offset
                rows[position] = entry.row
                labels[position] = allLabels[Int(entry.row)]
                starts[position] = offset == 0 || entry.key != entries[offset - 1].key
            }
        }
    }
}

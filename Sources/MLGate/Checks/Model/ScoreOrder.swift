/// Row indices sorted by score, highest first, once per score column: the one sort that
/// ROC AUC and average precision need. The bootstrap reuses it for every resample.
public struct ScoreOrder: Sendable, Hashable {
    /// For each score column, the row indices by descending score (ties keep file order).
    public var columns: [[Int32]]
    /// For each score column, the scores' sort keys in that order (equal keys, equal
    /// scores): what the ranking pass compares to find thresholds.
    var sortedKeys: [[UInt64]]
    /// For each score column, the labels in that order: walking the order then reads
    /// memory front to back instead of jumping through the rows.
    var sortedLabels: [[Int32]]

    /// Sorts the rows of `data` by each of its score columns, on one core.
    public init(_ data: ClassificationPredictions) {
        self.init(data, sorted: (0..<data.scoreWidth).map { column in
            Self.radixSorted(Self.keys(data, column: column, rows: 0..<data.count), firstRow: 0)
        })
    }

    /// Sorts as `init(_:)` does on both cores: each column's two halves are sorted (and
    /// their labels gathered) on their own core, then merged from both ends at once, one
    /// core writing the front half of the result and the other the back half.
    public static func make(_ data: ClassificationPredictions) async -> ScoreOrder {
        let halves = [0..<data.count / 2, data.count / 2..<data.count]
        var sorted: [Sorted] = []
        for column in 0..<data.scoreWidth {
            let parts = await withTaskGroup(of: (Int, Sorted).self) { group in
                for (index, range) in halves.enumerated() {
                    group.addTask {
                        let part = radixSorted(keys(data, column: column, rows: range), firstRow: Int32(range.lowerBound))
                        return (index, Sorted(keys: part.keys, rows: part.rows, labels: gather(data.labels, part.rows)))
                    }
                }
                var parts = [Sorted](repeating: Sorted(keys: [], rows: [], labels: []), count: 2)
                for await (index, part) in group { parts[index] = part }
                return parts
            }
            sorted.append(await merged(parts[0], parts[1]))
        }
        return ScoreOrder(columns: sorted.map(\.rows), sortedKeys: sorted.map(\.keys), sortedLabels: sorted.map(\.labels))
    }

    private init(_ data: ClassificationPredictions, sorted: [(keys: [UInt64], rows: [Int32])]) {
        columns = sorted.map(\.rows)
        sortedKeys = sorted.map(\.keys)
        sortedLabels = sorted.map { Self.gather(data.labels, $0.rows) }
    }

    private init(columns: [[Int32]], sortedKeys: [[UInt64]], sortedLabels: [[Int32]]) {
        self.columns = columns
        self.sortedKeys = sortedKeys
        self.sortedLabels = sortedLabels
    }

    /// One sorted run: keys, their rows and those rows' labels.
    private struct Sorted: Sendable {
        var keys: [UInt64]
        var rows: [Int32]
        var labels: [Int32]
    }

    private static func gather(_ labels: [Int32], _ rows: [Int32]) -> [Int32] {
        labels.withUnsafeBufferPointer { labels in rows.map { labels[Int($0)] } }
    }

    /// Descending doubles map to ascending unsigned keys, and back.
    private static func key(of value: Double) -> UInt64 {
        let bits = (value == 0 ? 0.0 : value).bitPattern
        let ascending = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        return ~ascending
    }

    private static func keys(_ data: ClassificationPredictions, column: Int, rows: Range<Int>) -> [UInt64] {
        let width = data.scoreWidth
        return rows.map { key(of: data.scores[$0 * width + column]) }
    }

    /// Row indices by descending value, equal values in row order.
    static func descending(_ values: [Double]) -> [Int32] {
        radixSorted(values.map(key(of:)), firstRow: 0).rows
    }

    /// A stable LSD radix sort on 11-bit digits: six passes whose 2,048 buckets stay in
    /// the first-level cache (wider digits scatter across too many pages and were slower);
    /// every digit's histogram comes from one read of the keys, and a digit shared by all
    /// keys is skipped. Rows are numbered from `firstRow`.
    private static func radixSorted(_ input: [UInt64], firstRow: Int32) -> (keys: [UInt64], rows: [Int32]) {
        let count = input.count
        guard count > 1 else { return (input, (0..<Int32(count)).map { $0 + firstRow }) }
        let digitBits = 11, digits = 6, radix = 1 << digitBits, mask = UInt64(radix - 1)
        var histograms = [Int](repeating: 0, count: radix * digits)
        histograms.withUnsafeMutableBufferPointer { histogram in
            for key in input {
                for digit in 0..<digits {
                    histogram[digit * radix + Int((key >> UInt64(digit * digitBits)) & mask)] += 1
                }
            }
        }
        var keys = input
        var rows = [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer[index] = Int32(index) + firstRow }
            initialized = count
        }
        var keysBuffer = [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var rowsBuffer = [Int32](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        for digit in 0..<digits {
            let shift = UInt64(digit * digitBits), base = digit * radix
            // A digit shared by every key does not reorder anything.
            if histograms[base + Int((input[0] >> shift) & mask)] == count { continue }
            var total = 0
            for index in base..<(base + radix) {
                let bucket = histograms[index]
                histograms[index] = total
                total += bucket
            }
            histograms.withUnsafeMutableBufferPointer { histogram in
                keys.withUnsafeBufferPointer { keys in
                    rows.withUnsafeBufferPointer { rows in
                        keysBuffer.withUnsafeMutableBufferPointer { keysOut in
                            rowsBuffer.withUnsafeMutableBufferPointer { rowsOut in
                                for index in 0..<count {
                                    let key = keys[index]
                                    let slot = base + Int((key >> shift) & mask)
                                    let target = histogram[slot]
                                    histogram[slot] = target + 1
                                    keysOut[target] = key
                                    rowsOut[target] = rows[index]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &keysBuffer)
            swap(&rows, &rowsBuffer)
        }
        return (keys, rows)
    }

    /// Merges two sorted runs; on equal keys the first run's rows (the earlier rows)
    /// come first. One task merges the front half of the result and one the back half,
    /// from the end, so the merge takes about half the time on two cores.
    private static func merged(_ a: Sorted, _ b: Sorted) async -> Sorted {
        let total = a.keys.count + b.keys.count, frontCount = total / 2
        async let backPart = mergeBack(a, b, count: total - frontCount)
        var front = mergeFront(a, b, count: frontCount, capacity: total)
        let back = await backPart
        front.keys.append(contentsOf: back.keys)
        front.rows.append(contentsOf: back.rows)
        front.labels.append(contentsOf: back.labels)
        return front
    }

    /// The first `count` merged elements: the smaller key first, `a`'s on a tie.
    private static func mergeFront(_ a: Sorted, _ b: Sorted, count: Int, capacity: Int) -> Sorted {
        var keys = [UInt64](), rows = [Int32](), labels = [Int32]()
        keys.reserveCapacity(capacity)
        rows.reserveCapacity(capacity)
        labels.reserveCapacity(capacity)
        var i = 0, j = 0
        for _ in 0..<count {
            if j < b.keys.count, i == a.keys.count || b.keys[j] < a.keys[i] {
                keys.append(b.keys[j])
                rows.append(b.rows[j])
                labels.append(b.labels[j])
                j += 1
            } else {
                keys.append(a.keys[i])
                rows.append(a.rows[i])
                labels.append(a.labels[i])
                i += 1
            }
        }
        return Sorted(keys: keys, rows: rows, labels: labels)
    }

    /// The last `count` merged elements, in order, found from the end: the larger key
    /// last, `b`'s on a tie (so ties keep `a` before `b`, as the front merge does).
    private static func mergeBack(_ a: Sorted, _ b: Sorted, count: Int) -> Sorted {
        var keys = [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var rows = [Int32](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var labels = [Int32](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var i = a.keys.count - 1, j = b.keys.count - 1
        for position in stride(from: count - 1, through: 0, by: -1) {
            if i >= 0, j < 0 || a.keys[i] > b.keys[j] {
                keys[position] = a.keys[i]
                rows[position] = a.rows[i]
                labels[position] = a.labels[i]
                i -= 1
            } else {
                keys[position] = b.keys[j]
                rows[position] = b.rows[j]
                labels[position] = b.labels[j]
                j -= 1
            }
        }
        return Sorted(keys: keys, rows: rows, labels: labels)
    }
}

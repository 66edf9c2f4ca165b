import Foundation

/// What one pass gathers about one column for the drift tests: its numbers (while every
/// present cell is one), its category counts (up to ``categoryLimit`` distinct values)
/// and its missing cells. Cells are typed as pandas reads a CSV, which is what Evidently
/// sees: the tokens in ``missingTokens`` and ±inf are missing; a column whose present
/// cells all are integers without a missing cell is an integer column.
public struct DriftColumnSample: Sendable {
    /// More distinct values than this and the category counts are dropped: the column
    /// is then numeric, or free text (not compared).
    public static let categoryLimit = 10_000

    /// Cells pandas' `read_csv` reads as missing (its default `na_values`).
    public static let missingTokens: Set<String> = [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A",
        "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ]

    /// The column's present values as numbers, while every present cell is a number
    /// (ascending once ``sortNumbers()`` has run).
    public var numbers: [Double] {
        get { counting ? integers.ascending : stored }
        set {
            stored = newValue
            stopCounting()
        }
        _modify {
            if counting { flushCounts() }
            yield &stored
        }
    }
    /// The numbers, while they are not held as ``integers``.
    private var stored: [Double] = []
    /// The numbers while they are integers close together (see ``IntegerValueCounts``):
    /// no per-value storage and no sort.
    private var integers = IntegerValueCounts()
    /// Whether the numbers are ``integers`` (not ``stored``).
    private var counting = true
    /// Whether the numbers are held as value counts: a test that needs only counts
    /// (a category test, a distinct count) then never materializes one double per row.
    var holdsCounts: Bool { counting }
    /// The numbers as runs of equal values, while they are held as counts.
    var valueRuns: ValueRuns? { counting ? integers.runs : nil }
    /// About how many numbers the column will hold: ``stored`` is sized for them once
    /// the numbers cannot be counted.
    var expectedCount = 0
    /// Whether every present cell is a number (while it is, ``categories`` stays empty).
    public var allNumbers = true
    /// Whether every present cell is an integer (digits with an optional sign).
    public var allIntegers = true
    /// Counts of each present value's text (columns that are not all numbers), while there
    /// are at most ``categoryLimit``.
    public var categories: [String: Int] {
        get {
            guard !recent.isEmpty else { return counted }
            var all = counted
            for entry in recent { all[entry.text, default: 0] += entry.count }
            return all
        }
        set {
            counted = newValue
            recent = []
        }
    }
    /// The counts of categories beyond the first few (see ``recent``).
    private var counted: [String: Int] = [:]
    /// Whether ``categories`` overflowed (and was dropped).
    public var categoriesOverflowed = false
    /// Missing cells (including ±inf in a numeric column).
    public var missing = 0
    /// Present cells.
    public var present = 0
    /// Whether ``numbers`` is sorted ascending (see ``sortNumbers()``).
    public var numbersSorted = false
    /// The standard deviation of the original values, when ``numbers`` is a profile's
    /// expansion of a quantile sketch (whose own deviation differs slightly).
    public var exactStandardDeviation: Double?

    /// Creates an empty sample.
    public init() {}

    /// Takes one cell's bytes into account (`nil`: the row has no such cell). Numbers are
    /// parsed first; only a cell that is not a number is looked up among the missing
    /// tokens and counted as a category, so a numeric column costs one parse per cell.
    mutating func observe(_ bytes: UnsafeBufferPointer<UInt8>?) {
        guard let bytes, !bytes.isEmpty else {
            missing += 1
            return
        }
        if allNumbers {
            if let value = NumberParser.double(bytes) {
                // NaN is a missing token (nan, NaN, -nan); ±inf Evidently drops.
                guard value.isFinite else {
                    missing += 1
                    return
                }
                if allIntegers, !Self.isInteger(bytes) { allIntegers = false }
                if !counting || !integers.add(value) {
                    if counting { flushCounts() }
                    stored.append(value)
                }
                present += 1
                return
            }
            if Self.isMissingToken(bytes) {
                missing += 1
                return
            }
            becomeText()
        } else if Self.isMissingToken(bytes) {
            missing += 1
            return
        }
        present += 1
        guard !categoriesOverflowed else { return }
        // Categories repeat: most cells match one of the first few seen, compared as
        // bytes, without making a string or hashing one.
        // Up to eight bytes (most categories) as one word, without calling memcmp.
        let word = bytes.count <= 8 ? PredictionsLoader.Consumer.word(bytes) : 0
        for index in recent.indices where recent[index].bytes.count == bytes.count {
            let same = bytes.count <= 8
                ? recent[index].word == word
                : recent[index].bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
            if same {
                recent[index].count += 1
                return
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if recent.count < Self.recentLimit, counted[text] == nil {
            recent.append((Array(bytes), word, text, 1))
            return
        }
        counted[text, default: 0] += 1
        if counted.count + recent.count > Self.categoryLimit { overflow() }
    }

    /// How many categories are counted by byte comparison before the dictionary.
    static let recentLimit = 16

    /// The first categories seen, counted apart from ``categories`` (see ``observe(_:)``).
    private var recent: [(bytes: [UInt8], word: UInt64, text: String, count: Int)] = []

    /// Moves the byte-compared counts into ``categories``.
    mutating func settle() {
        guard !recent.isEmpty else { return }
        if !categoriesOverflowed {
            for entry in recent { counted[entry.text, default: 0] += entry.count }
            recent = []
            if counted.count > Self.categoryLimit { overflow() }
        }
        recent = []
    }

    /// The numbers cannot be counted any longer: they become ``stored``.
    private mutating func flushCounts() {
        stored.reserveCapacity(max(expectedCount, integers.total + 1))
        stored.append(contentsOf: integers.ascending)
        stopCounting()
    }

    private mutating func stopCounting() {
        counting = false
        integers = IntegerValueCounts()
    }

    /// The column turned out not to be numeric: its numbers so far become categories
    /// (written as integers where they are whole, else in Swift's shortest form).
    private mutating func becomeText() {
        settle()
        allNumbers = false
        allIntegers = false
        for value in numbers where !categoriesOverflowed {
            counted[Self.text(of: value), default: 0] += 1
            if counted.count > Self.categoryLimit { overflow() }
        }
        stored = []
        stopCounting()
    }

    /// The sample with its numbers as categories (for comparing with a text column).
    var asText: DriftColumnSample {
        var copy = self
        copy.settle()
        if copy.allNumbers { copy.becomeText() }
        return copy
    }

    private mutating func overflow() {
        counted = [:]
        recent = []
        categoriesOverflowed = true
    }

    /// Appends the sample of the rows after this one's.
    mutating func append(_ later: DriftColumnSample) {
        var later = later
        settle()
        later.settle()
        if allNumbers != later.allNumbers {
            if allNumbers { becomeText() } else { later.becomeText() }
        }
        missing += later.missing
        present += later.present
        if !(counting && later.counting && integers.merge(later.integers)) {
            if counting { flushCounts() }
            stored.append(contentsOf: later.numbers)
            numbersSorted = false
        }
        allIntegers = allIntegers && later.allIntegers
        if categoriesOverflowed || later.categoriesOverflowed {
            overflow()
        } else {
            counted.merge(later.counted, uniquingKeysWith: +)
            if counted.count > Self.categoryLimit { overflow() }
        }
    }

    /// Sorts ``numbers`` ascending, once: every numeric test needs them sorted, and
    /// sorted values make distinct counts and value counts one linear pass.
    mutating func sortNumbers() {
        if counting {
            stored = integers.ascending
            stopCounting()
            numbersSorted = true
        }
        guard !numbersSorted else { return }
        SortedSample.sort(&stored)
        numbersSorted = true
    }

    /// The stored numbers when they are not sorted yet, moved out (the sample then
    /// holds none until ``restoreSorted(_:)``): sorted elsewhere, they are sorted alone.
    mutating func takeUnsortedNumbers() -> [Double]? {
        guard !counting, !numbersSorted, allNumbers else { return nil }
        let values = stored
        stored = []
        return values
    }

    /// Puts back the numbers ``takeUnsortedNumbers()`` took, sorted ascending.
    mutating func restoreSorted(_ values: [Double]) {
        stored = values
        numbersSorted = true
    }

    /// Sorts the numbers unless they are counted (counts are ascending already and stay
    /// counts until a test needs the values).
    mutating func sortStoredNumbers() {
        guard !counting, !numbersSorted else { return }
        SortedSample.sort(&stored)
        numbersSorted = true
    }

    /// The numbers ascending, sorted once (when they were not yet).
    var ascendingNumbers: [Double] {
        if counting { return integers.ascending }
        if numbersSorted { return stored }
        return SortedSample.ascending(stored)
    }

    /// Distinct numbers, counting no further than `limit + 1`.
    func distinctNumbers(upTo limit: Int) -> Int {
        if counting { return min(integers.distinct, limit + 1) }
        let numbers = stored
        if numbersSorted {
            var count = 0
            var index = 0
            while index < numbers.count, count <= limit {
                let value = numbers[index]
                count += 1
                while index < numbers.count, numbers[index] == value { index += 1 }
            }
            return count
        }
        var seen = Set<Double>()
        for value in numbers {
            seen.insert(value)
            if seen.count > limit { break }
        }
        return seen.count
    }

    static func text(of value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// Numbers keyed by their value, for category tests on a numeric column (as pandas
    /// compares the parsed values: `1` and `1.0` are one category).
    public var numberCounts: [Double: Int] {
        if counting { return integers.valueCounts }
        let numbers = stored
        var counts: [Double: Int] = [:]
        if numbersSorted {
            var index = 0
            while index < numbers.count {
                let value = numbers[index], start = index
                while index < numbers.count, numbers[index] == value { index += 1 }
                counts[value] = index - start
            }
            return counts
        }
        for value in numbers { counts[value, default: 0] += 1 }
        return counts
    }

    static func isMissingToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.isEmpty { return true }
        guard bytes.count <= 8, [UInt8(ascii: "#"), UInt8(ascii: "-"), UInt8(ascii: "1"), UInt8(ascii: "<"), UInt8(ascii: "N"), UInt8(ascii: "n")].contains(bytes[0])
        else { return false }
        return missingTokens.contains(String(decoding: bytes, as: UTF8.self))
    }

    static func isInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { index = 1 }
        guard index < bytes.count else { return false }
        while index < bytes.count {
            guard bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else { return false }
            index += 1
        }
        return true
    }
}

/// Gathers a ``DriftColumnSample`` for each wanted column of a table, in one pass; two
/// collectors of consecutive parts of a file append into one.
struct DriftCollector: TableConsumer {
    /// The wanted columns' positions in the header, in the order wanted.
    let positions: [Int]
    /// One sample per wanted column.
    var samples: [DriftColumnSample]
    /// Rows seen.
    var rows = 0
    /// About how many rows the table has (0: unknown): the columns are sized for them
    /// once instead of growing.
    private var expectedRows = 0
    /// For a table the server counted column by column (``DatabaseTable/Grouping/eachColumn``):
    /// the header positions of each row's count and of the column whose value it counts.
    /// Each value then is observed as often as the table holds it: the same samples as
    /// from every row.
    var counted: (count: Int, position: Int)?
    /// Rows the server sent, when it counted them (``counted``).
    var countedRows = 0

    init(positions: [Int]) {
        self.positions = positions
        samples = Array(repeating: DriftColumnSample(), count: positions.count)
    }

    var columnsRead: Set<Int>? {
        Set(positions + (counted.map { [$0.count, $0.position] } ?? []))
    }

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        if let counted { return try observeCounts(batch, counted) }
        rows += batch.rowCount
        for (slot, column) in positions.enumerated() {
            // Out of the array while it is filled, so that the array is not checked for
            // uniqueness at every cell (and its buffers stay uniquely referenced).
            var sample = samples[slot]
            samples[slot] = DriftColumnSample()
            if sample.expectedCount == 0 { sample.expectedCount = expectedRows }
            batch.forEachCell(in: column) { sample.observe($0) }
            samples[slot] = sample
        }
    }

    mutating func expect(rows: Int) {
        expectedRows = rows
    }

    /// Takes rows of values and their counts (``counted``).
    private mutating func observeCounts(_ batch: RowBatch, _ counted: (count: Int, position: Int)) throws(TableReadError) {
        for row in 0..<batch.rowCount {
            countedRows += 1
            // The whole table's set has a row (count 0) even when the table has none.
            guard let count = batch.string(counted.count, row).flatMap(Int.init), count >= 0,
                let column = batch.string(counted.position, row).flatMap(Int.init)
            else {
                throw TableReadError(
                    code: "source-error", message: "row \(batch.firstRowNumber + row): the server's value count is not a number of rows",
                    location: SourceLocation(file: "", line: batch.firstRowNumber + row))
            }
            if column < 0 { rows += count }
            for slot in positions.indices where positions[slot] == column {
                var sample = samples[slot]
                samples[slot] = DriftColumnSample()
                let observed: Bool? = batch.withBytes(column, row) { bytes in
                    for _ in 0..<count { sample.observe(bytes) }
                    return true
                }
                if observed == nil {
                    for _ in 0..<count { sample.observe(nil) }
                }
                samples[slot] = sample
            }
        }
    }

    mutating func append(_ later: DriftCollector) {
        rows += later.rows
        countedRows += later.countedRows
        for slot in samples.indices { samples[slot].append(later.samples[slot]) }
    }

    /// Settles every sample once the whole table has been read.
    mutating func settle() {
        for slot in samples.indices { samples[slot].settle() }
    }

    mutating func scanEnded() {
        settle()
    }

    /// Sorts the samples' stored numbers in place, on both cores (``sortNumbers(_:_:)``).
    mutating func sortNumbers() async {
        var none = DriftCollector(positions: [])
        await Self.sortNumbers(&self, &none)
    }

    /// Sorts the stored numbers of both collectors in place, a column per task (two at a
    /// time on two cores: each sort needs a scratch column as large as the one it sorts).
    /// The drift gate sorts when it judges, holding its collectors alone
    /// (``ScannedTables/take(_:as:)``), not at the end of the scan, when every gate's
    /// columns are held at once.
    static func sortNumbers(_ first: inout DriftCollector, _ second: inout DriftCollector) async {
        /// One column, moved into a box so that its task sorts the only copy.
        final class Column: @unchecked Sendable {
            var values: [Double]
            init(_ values: [Double]) { self.values = values }
        }
        var jobs: [(collector: Int, slot: Int, column: Column)] = []
        for slot in first.samples.indices {
            if let values = first.samples[slot].takeUnsortedNumbers() { jobs.append((0, slot, Column(values))) }
        }
        for slot in second.samples.indices {
            if let values = second.samples[slot].takeUnsortedNumbers() { jobs.append((1, slot, Column(values))) }
        }
        await withTaskGroup(of: Void.self) { group in
            for job in jobs {
                let column = job.column
                group.addTask { SortedSample.sort(&column.values) }
            }
        }
        for job in jobs {
            let values = job.column.values
            job.column.values = []
            if job.collector == 0 { first.samples[job.slot].restoreSorted(values) } else { second.samples[job.slot].restoreSorted(values) }
        }
    }
}

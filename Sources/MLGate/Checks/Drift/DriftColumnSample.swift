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
    /// Values that went to disk (``spillLimit``) are read back: the statistics read them
    /// from there instead (``spilled``). A read that fails gives fewer values, and its
    /// file keeps why: ``spillFailure`` then tells, and the column is not judged.
    public var numbers: [Double] {
        get {
            if counting { return integers.ascending }
            if let spilled { return spilled.allValues() }
            guard !spill.isEmpty else { return stored }
            var values: [Double] = []
            // The failure stays with the run's file (``NumberSpill/readFailure``).
            do throws(SpillFile.Failure) { try spill.forEachValue { values.append($0) } } catch {}
            return values + stored
        }
        set {
            stored = newValue
            spill = NumberSpill()
            spilled = nil
            stopCounting()
        }
        _modify {
            if counting { flushCounts() }
            if spilled != nil || !spill.isEmpty {
                stored = numbers
                mergeFailure = spillFailure
                spill = NumberSpill()
                spilled = nil
            }
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
    /// How many numbers ``stored`` holds before they are sorted and written to a
    /// temporary file as a run (0: never): a table counted by a server spills, so that
    /// mlgate's memory does not grow with its distinct values (``DriftCollector``).
    var spillLimit = 0
    /// The sorted runs written so far.
    private var spill = NumberSpill()
    /// Every number ascending in one file, once the runs are merged (``sortNumbers()``):
    /// the statistics read this instead of ``numbers``.
    private(set) var spilled: SpilledSortedNumbers?
    /// Why spilled numbers could not be merged or read back: the column cannot be judged.
    /// A merge's failure, or a read's that the runs or the merged file keep.
    var spillFailure: String? { mergeFailure ?? spill.readFailure ?? spilled?.file.readFailure }
    /// Why the runs could not be merged, or why files dropped since could not be read.
    private var mergeFailure: String?
    /// Whether some numbers are in runs on disk, not merged yet.
    var hasSpillRuns: Bool { !spill.isEmpty }
    /// The runs on disk, not merged yet (a test spoils one to see a failed read reported).
    var spillRuns: [SpillFile] { spill.runs }
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

    /// Takes one cell read as a number into account (``RowBatch/forEachNumber(in:_:)``):
    /// the same as its text would be, without parsing it again. `heldIntegers`: a number
    /// without its text is an integer's (the batch holds the column as integers). A
    /// column held as numbers never turns into categories, so a number without its text
    /// comes only while ``allNumbers``.
    mutating func observe(_ cell: NumberCell, heldIntegers: Bool) {
        switch cell {
        case .missing:
            missing += 1
        case .text(let bytes):
            observe(bytes)
        case .number(let value, let text):
            guard allNumbers else { return observe(text) }
            observe(value, integer: allIntegers && (text.map(Self.isInteger) ?? heldIntegers))
        }
    }

    /// Takes a number of a numeric column into account, `integer` when its text is
    /// digits (asked only while ``allIntegers``).
    mutating func observe(_ value: Double, integer: Bool) {
        // NaN is a missing token (nan, NaN, -nan); ±inf Evidently drops.
        guard value.isFinite else {
            missing += 1
            return
        }
        if allIntegers, !integer { allIntegers = false }
        if !counting || !integers.add(value) {
            if counting { flushCounts() }
            stored.append(value)
            if spillLimit > 0, stored.count >= spillLimit { spillStored() }
        }
        present += 1
    }

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
                observe(value, integer: allIntegers && Self.isInteger(bytes))
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
        countCategory(bytes, times: 1)
    }

    /// Counts a category (a present cell of a text column) `times` more times.
    mutating func countCategory(_ bytes: UnsafeBufferPointer<UInt8>, times: Int) {
        guard !categoriesOverflowed else { return }
        // Categories repeat: most cells match one of the first few seen, compared as
        // bytes, without making a string or hashing one.
        // Up to eight bytes (most categories) as one word, without calling memcmp.
        let word = bytes.count <= ShortBytes.limit ? ShortBytes.word(bytes) : 0
        for index in recent.indices where recent[index].bytes.count == bytes.count {
            let same = bytes.count <= ShortBytes.limit
                ? recent[index].word == word
                : recent[index].bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
            if same {
                recent[index].count += times
                return
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if recent.count < Self.recentLimit, counted[text] == nil {
            recent.append((Array(bytes), word, text, times))
            return
        }
        counted[text, default: 0] += times
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
        stored.reserveCapacity(spillLimit > 0 ? spillLimit : max(expectedCount, integers.total + 1))
        stored.append(contentsOf: integers.ascending)
        stopCounting()
        if spillLimit > 0, stored.count >= spillLimit { spillStored() }
    }

    /// Sorts ``stored`` and writes it out as a run. When the temporary folder cannot take
    /// it, the numbers stay in memory (correct, only larger) and no more are written.
    private mutating func spillStored() {
        SortedSample.sort(&stored)
        do throws(SpillFile.Failure) {
            try spill.add(sortedRun: stored)
            stored.removeAll(keepingCapacity: true)
        } catch {
            spillLimit = 0
        }
    }

    /// Merges the runs and what ``stored`` holds into ``spilled`` (the numbers then are
    /// sorted).
    private mutating func mergeSpill() {
        SortedSample.sort(&stored)
        do throws(SpillFile.Failure) {
            spilled = try spill.merged(with: stored)
            stored = []
        } catch {
            mergeFailure = error.message
        }
        spill = NumberSpill()
        numbersSorted = true
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
        // The files go: a failed read of them is kept.
        mergeFailure = spillFailure
        stored = []
        spill = NumberSpill()
        spilled = nil
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
        mergeFailure = spillFailure ?? later.spillFailure
        if !(counting && later.counting && integers.merge(later.integers)) {
            if counting { flushCounts() }
            if later.spilled == nil {
                spill.append(later.spill)
                stored.append(contentsOf: later.counting ? later.integers.ascending : later.stored)
            } else {
                stored.append(contentsOf: later.numbers)
                mergeFailure = mergeFailure ?? later.spilled?.file.readFailure
            }
            numbersSorted = false
            if spillLimit > 0, stored.count >= spillLimit { spillStored() }
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
        if !spill.isEmpty { return mergeSpill() }
        guard !numbersSorted else { return }
        SortedSample.sort(&stored)
        numbersSorted = true
    }

    /// The stored numbers when they are not sorted yet, moved out (the sample then
    /// holds none until ``restoreSorted(_:)``): sorted elsewhere, they are sorted alone.
    mutating func takeUnsortedNumbers() -> [Double]? {
        guard !counting, !numbersSorted, allNumbers, spill.isEmpty else { return nil }
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
        if !counting, !spill.isEmpty { return mergeSpill() }
        guard !counting, !numbersSorted else { return }
        SortedSample.sort(&stored)
        numbersSorted = true
    }

    /// The numbers ascending, sorted once (when they were not yet).
    var ascendingNumbers: [Double] {
        if counting { return integers.ascending }
        if numbersSorted || spilled != nil { return numbers }
        return SortedSample.ascending(numbers)
    }

    /// Distinct numbers, counting no further than `limit + 1`.
    func distinctNumbers(upTo limit: Int) -> Int {
        if counting { return min(integers.distinct, limit + 1) }
        if let spilled { return spilled.distinctCount(upTo: limit + 1) }
        let numbers = self.numbers
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
        var counts: [Double: Int] = [:]
        if let spilled {
            spilled.withWalker { walker in
                var passed = 0
                while let value = walker.next {
                    let upTo = walker.pass(atMost: value)
                    counts[value] = upTo - passed
                    passed = upTo
                }
            }
            return counts
        }
        let numbers = self.numbers
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

    /// Whether the cell is one of ``missingTokens``: compared as one word (every token
    /// has at most ``ShortBytes/limit`` bytes), without making a string or hashing one.
    @inline(__always)
    static func isMissingToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.isEmpty { return true }
        guard bytes.count <= ShortBytes.limit else { return false }
        switch bytes[0] {
        case UInt8(ascii: "#"), UInt8(ascii: "-"), UInt8(ascii: "1"), UInt8(ascii: "<"), UInt8(ascii: "N"), UInt8(ascii: "n"): break
        default: return false
        }
        let word = ShortBytes.word(bytes), count = bytes.count
        for token in missingTokenWords where token.word == word && token.count == count { return true }
        return false
    }

    /// The non-empty ``missingTokens`` as words (``ShortBytes``) and their lengths.
    private static let missingTokenWords: [(word: UInt64, count: Int)] = missingTokens.filter { !$0.isEmpty }.map { token in
        precondition(token.utf8.count <= ShortBytes.limit, "a missing token of at most \(ShortBytes.limit) bytes")
        return Array(token.utf8).withUnsafeBufferPointer { (ShortBytes.word($0), $0.count) }
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

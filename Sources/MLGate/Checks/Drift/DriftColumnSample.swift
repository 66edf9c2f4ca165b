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

    /// The column's present values as numbers, while every present cell is a number.
    public var numbers: [Double] = []
    /// Whether every present cell is a number.
    public var allNumbers = true
    /// Whether every present cell is an integer (digits with an optional sign).
    public var allIntegers = true
    /// Counts of each present value's text, while there are at most ``categoryLimit``.
    public var categories: [String: Int] = [:]
    /// Whether ``categories`` overflowed (and was dropped).
    public var categoriesOverflowed = false
    /// Missing cells (including ±inf in a numeric column).
    public var missing = 0
    /// Present cells.
    public var present = 0
    /// The standard deviation of the original values, when ``numbers`` is a profile's
    /// expansion of a quantile sketch (whose own deviation differs slightly).
    public var exactStandardDeviation: Double?

    /// Creates an empty sample.
    public init() {}

    /// Takes one cell's bytes into account (`nil`: the row has no such cell).
    mutating func observe(_ bytes: UnsafeBufferPointer<UInt8>?) {
        guard let bytes, !Self.isMissingToken(bytes) else {
            missing += 1
            return
        }
        var number: Double?
        if allNumbers {
            number = NumberParser.double(bytes)
            if let value = number {
                if !value.isFinite {
                    missing += 1
                    return
                }
                if allIntegers, !Self.isInteger(bytes) { allIntegers = false }
                numbers.append(value)
            } else {
                allNumbers = false
                allIntegers = false
                numbers = []
            }
        }
        present += 1
        if !categoriesOverflowed {
            categories[String(decoding: bytes, as: UTF8.self), default: 0] += 1
            if categories.count > Self.categoryLimit {
                categories = [:]
                categoriesOverflowed = true
            }
        }
    }

    /// Appends the sample of the rows after this one's.
    mutating func append(_ later: DriftColumnSample) {
        missing += later.missing
        present += later.present
        if allNumbers, later.allNumbers {
            numbers.append(contentsOf: later.numbers)
        } else {
            numbers = []
        }
        allNumbers = allNumbers && later.allNumbers
        allIntegers = allIntegers && later.allIntegers
        if categoriesOverflowed || later.categoriesOverflowed {
            categories = [:]
            categoriesOverflowed = true
        } else {
            categories.merge(later.categories, uniquingKeysWith: +)
            if categories.count > Self.categoryLimit {
                categories = [:]
                categoriesOverflowed = true
            }
        }
    }

    /// Numbers keyed by their value, for category tests on a numeric column (as pandas
    /// compares the parsed values: `1` and `1.0` are one category).
    public var numberCounts: [Double: Int] {
        var counts: [Double: Int] = [:]
        for value in numbers { counts[value, default: 0] += 1 }
        return counts
    }

    static func isMissingToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.isEmpty { return true }
        guard bytes.count <= 8 else { return false }
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

    init(positions: [Int]) {
        self.positions = positions
        samples = Array(repeating: DriftColumnSample(), count: positions.count)
    }

    mutating func observe(_ batch: RowBatch) throws(TableReadError) {
        rows += batch.rowCount
        for (slot, column) in positions.enumerated() {
            for row in 0..<batch.rowCount {
                if batch.withBytes(column, row, { samples[slot].observe($0) }) == nil { samples[slot].observe(nil) }
            }
        }
    }

    mutating func append(_ later: DriftCollector) {
        rows += later.rows
        for slot in samples.indices { samples[slot].append(later.samples[slot]) }
    }
}

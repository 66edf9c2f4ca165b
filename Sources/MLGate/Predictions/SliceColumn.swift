import Foundation

/// A slice or sensitive column of a predictions file, dictionary-encoded: its distinct
/// values once, and each row's value as an index into them. A missing cell is the empty
/// value. Rows are grouped by comparing integers, and a million rows of a column with a
/// few groups take 1 MB (a byte a row while there are at most 256 values, four after),
/// not one string each.
public struct SliceColumn: Sendable, Equatable {
    /// The distinct values, in order of first appearance.
    public private(set) var values: [String] = []
    /// Each row's value, as its place in ``values`` (made on each call: ``code(_:)``
    /// reads one row's).
    public var codes: [UInt32] { rowCodes.uint32s }
    /// Each row's value's place in ``values``: a byte a row while they fit.
    private var rowCodes = NarrowCodes()
    private var index: [String: UInt32] = [:]
    /// The first short values seen, as words: most cells match one of them, compared
    /// without making a string.
    private var recent: [(word: UInt64, count: Int, code: UInt32)] = []

    /// An empty column.
    public init() {}

    /// A column with these row values.
    public init(_ strings: [String]) {
        reserveCapacity(strings.count)
        for string in strings { appendCode(code(for: string)) }
    }

    public static func == (lhs: SliceColumn, rhs: SliceColumn) -> Bool {
        lhs.count == rhs.count && lhs.strings == rhs.strings
    }

    /// The number of rows.
    public var count: Int { rowCodes.count }

    /// Row `row`'s code: its value's place in ``values``.
    @inline(__always)
    public func code(_ row: Int) -> UInt32 { rowCodes[row] }

    /// Folds every row's code into `combined` as a mixed-radix digit
    /// (``NarrowCodes/accumulate(into:radix:)``).
    func accumulate(into combined: inout [UInt32], radix: UInt32) {
        rowCodes.accumulate(into: &combined, radix: radix)
    }

    /// Row `row`'s value.
    public subscript(row: Int) -> String { values[Int(code(row))] }

    /// Every row's value.
    public var strings: [String] { (0..<count).map { self[$0] } }

    /// Appends a row's code.
    @inline(__always)
    mutating func appendCode(_ code: UInt32) { rowCodes.append(code) }

    private mutating func code(for value: String) -> UInt32 {
        if let code = index[value] { return code }
        let code = UInt32(values.count)
        index[value] = code
        values.append(value)
        return code
    }

    /// Appends a cell's value (`nil`: the row has no such cell, the empty value).
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>?) {
        appendCode(code(of: bytes))
    }

    /// A cell's value's code, the value taken in if it is new (`nil`: the row has no
    /// such cell, the empty value).
    @inline(__always)
    mutating func code(of bytes: UnsafeBufferPointer<UInt8>?) -> UInt32 {
        guard let bytes, !bytes.isEmpty else { return code(for: "") }
        if bytes.count <= ShortBytes.limit {
            let word = ShortBytes.word(bytes)
            for entry in recent where entry.word == word && entry.count == bytes.count { return entry.code }
        }
        let code = code(for: String(decoding: bytes, as: UTF8.self))
        if bytes.count <= ShortBytes.limit, recent.count < 16 {
            recent.append((ShortBytes.word(bytes), bytes.count, code))
        }
        return code
    }

    /// Forgets the rows, keeping the values and their codes (a consumer that folds
    /// each batch into sums, ``RankedScoresConsumer``).
    mutating func removeAllRows() { rowCodes.removeLast(rowCodes.count) }

    /// Reserves room for this many rows.
    mutating func reserveCapacity(_ rows: Int) { rowCodes.reserveCapacity(rows) }

    /// Appends the rows of another column (a later part of the same file).
    mutating func append(contentsOf later: SliceColumn) {
        let remap = later.values.map { code(for: $0) }
        let identity = remap.elementsEqual(remap.indices.lazy.map(UInt32.init))
        rowCodes.append(contentsOf: later.rowCodes, remap: identity ? nil : remap)
    }

    /// The rows of each value, values in `String` order.
    public var rowsByValue: [(value: String, rows: [Int])] {
        var rows = [[Int]](repeating: [], count: values.count)
        for row in 0..<count { rows[Int(code(row))].append(row) }
        return values.indices
            .filter { !rows[$0].isEmpty }
            .sorted { values[$0] < values[$1] }
            .map { (values[$0], rows[$0]) }
    }
}

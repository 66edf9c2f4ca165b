/// One column's values in a batch as the canonical bytes of ``KeyBytes``: what the keys
/// of several fields and the foreign keys read of a column (``ContractValidator``
/// collects the columns they name).
///
/// A clean integer or string is written where its kernel settles it, from the cell's
/// bytes: no `CellValue` and no `String` per cell. A key of several fields is then its
/// columns' bytes end to end, which is the ``KeyBytes`` encoding of its values.
///
/// Rows are set in order (a row not set reads as missing); setting the last row set
/// again replaces its value.
struct KeyColumn: Sendable {
    /// The rows' bytes, end to end.
    private var bytes: [UInt8] = []
    /// Where each row's bytes end in `bytes` (row `r`: `ends[r - 1]..<ends[r]`). `Int`,
    /// not a narrower type: a batch's cells may hold gigabytes (fields of 32 MiB).
    private var ends: [Int] = []

    /// A column of `rows` rows to come (space reserved for short values).
    init(reservingRows rows: Int) {
        bytes.reserveCapacity(rows * 10)
        ends.reserveCapacity(rows)
    }

    /// A column of `values` (nil: missing), as the general path sets them.
    init(_ values: [CellValue?]) {
        self.init(reservingRows: values.count)
        for (row, value) in values.enumerated() { set(row, value) }
    }

    /// Rows set so far (with the missing rows before the last set).
    var count: Int { ends.count }

    /// Makes `row` the next row to write: rows before it not set are missing; a row
    /// already set (the last) is cleared.
    @inline(__always)
    private mutating func start(_ row: Int) {
        if ends.count > row {
            precondition(ends.count == row + 1, "KeyColumn: row \(row) set after row \(ends.count - 1)")
            bytes.removeSubrange((ends.count > 1 ? ends[ends.count - 2] : 0)...)
            ends.removeLast()
        }
        while ends.count < row {
            bytes.append(0)
            ends.append(bytes.count)
        }
    }

    /// Sets `row` to the integer `value`.
    @inline(__always)
    mutating func set(_ row: Int, integer value: Int) {
        start(row)
        bytes.append(1)
        withUnsafeBytes(of: UInt64(bitPattern: Int64(value)).littleEndian) { bytes.append(contentsOf: $0) }
        ends.append(bytes.count)
    }

    /// Sets `row` to the string whose UTF-8 bytes are `utf8` (valid UTF-8).
    @inline(__always)
    mutating func set(_ row: Int, string utf8: UnsafeBufferPointer<UInt8>) {
        start(row)
        bytes.append(2)
        KeyBytes.appendString(utf8, to: &bytes)
        ends.append(bytes.count)
    }

    /// Sets `row` to `value` (nil: missing, or not of the field's type).
    mutating func set(_ row: Int, _ value: CellValue?) {
        start(row)
        KeyBytes.append(value, to: &bytes)
        ends.append(bytes.count)
    }

    /// Pads the column with missing values to `rows` rows.
    mutating func finish(rows: Int) {
        if ends.count < rows { start(rows) }
    }

    /// A column of `rows` missing values (a referenced field the header lacks).
    init(missing rows: Int) {
        bytes = Array(repeating: 0, count: rows)
        ends = Array(1..<rows + 1)
    }

    /// The column whose rows are `columns`' rows end to end: the ``KeyBytes`` of a key of
    /// several fields. `normalizing`: each integral number written as the integer, as a
    /// foreign key compares values (``KeyBytes/normalizedInteger(_:)``; the same length).
    init(joining columns: [KeyColumn], normalizing: Bool = false) {
        let rows = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == rows }, "KeyColumn: columns of different lengths")
        // Each row's length, then where each row starts.
        var starts = [Int](repeating: 0, count: rows + 1)
        for column in columns {
            column.ends.withUnsafeBufferPointer { ends in
                var previous = 0
                for row in 0..<rows {
                    starts[row + 1] += ends[row] - previous
                    previous = ends[row]
                }
            }
        }
        for row in 0..<rows { starts[row + 1] += starts[row] }
        ends = Array(starts.dropFirst())
        // Column by column, each row's part copied to where the row's key has reached.
        var next = starts
        bytes = Array(unsafeUninitializedCapacity: starts[rows]) { buffer, initialized in
            for column in columns {
                column.withRows { parts in
                    for row in 0..<rows {
                        let part = parts[row]
                        let at = buffer.baseAddress! + next[row]
                        UnsafeMutableRawPointer(at).copyMemory(from: part.baseAddress!, byteCount: part.count)
                        if normalizing, part.count == 9, part[0] == 3, let integer = KeyBytes.normalizedInteger(part) {
                            at.pointee = 1
                            UnsafeMutableRawPointer(at + 1).storeBytes(of: UInt64(bitPattern: Int64(integer)).littleEndian, as: UInt64.self)
                        }
                        next[row] += part.count
                    }
                }
            }
            initialized = starts[rows]
        }
    }

    /// Calls `body` with the rows' bytes.
    func withRows<Result>(_ body: (KeyRows) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBytes { bytes in
            try ends.withUnsafeBufferPointer { ends in try body(KeyRows(bytes: bytes, ends: ends)) }
        }
    }
}

/// The rows of a ``KeyColumn``, read in place (``KeyColumn/withRows(_:)``).
struct KeyRows {
    fileprivate let bytes: UnsafeRawBufferPointer
    fileprivate let ends: UnsafeBufferPointer<Int>

    /// `row`'s bytes: the ``KeyBytes`` of its value (or values, for a joined column).
    @inline(__always)
    subscript(row: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[(row > 0 ? ends[row - 1] : 0)..<ends[row]])
    }

    /// Whether `row`'s values, `parts` of them, are all missing (a missing value is the
    /// one byte 0; every other value is longer).
    @inline(__always)
    func allMissing(_ row: Int, parts: Int = 1) -> Bool {
        ends[row] - (row > 0 ? ends[row - 1] : 0) == parts
    }
}

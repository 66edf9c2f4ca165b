/// The values seen so far of a key that must be unique: one field with `unique`, the
/// `primaryKey`, or an entry of `uniqueKeys`. This is what the contract keeps per row
/// (the only memory that grows with the table).
///
/// Each value maps to the row it first appeared on, so that indexes of consecutive
/// stretches of a file merge exactly: a value of the later stretch already seen in the
/// earlier one is a duplicate at the later stretch's first row with it.
struct KeyIndex: Sendable {
    /// The schema fields (indices) making up the key.
    let fields: [Int]
    /// The codes a duplicate is reported as (`unique-error`, `primary-key`); one index
    /// serves a field that is both unique and the primary key.
    var codes: [ContractErrorCode]
    /// Keys of one integer field: the common case (ids), kept compact.
    private var integers = IntegerKeySet()
    /// Every other key, as the fingerprint of its canonical bytes (``KeyBytes``,
    /// ``KeyFingerprint``): 16 bytes and a row, however long the key.
    private var values = FingerprintSet()
    /// A key's bytes while it is built (kept to spare an allocation per row).
    private var scratch: [UInt8] = []
    /// The words ``touch(_:)`` read, folded together (kept, so that the reads are made).
    private var touched: UInt64 = 0

    init(fields: [Int], codes: [ContractErrorCode]) {
        self.fields = fields
        self.codes = codes
    }

    /// Records a row's key; returns false when an earlier row had it.
    @inline(__always)
    mutating func insert(_ value: CellValue, row: Int) -> Bool {
        if case .integer(let integer) = value { return insert(integer, row: row) }
        scratch.removeAll(keepingCapacity: true)
        KeyBytes.append(value, to: &scratch)
        return values.insert(KeyFingerprint(scratch), row: Int32(truncatingIfNeeded: row))
    }

    /// Records a row's key that is the integer `value`; returns false when an earlier row
    /// had it.
    @inline(__always)
    mutating func insert(_ value: Int, row: Int) -> Bool {
        integers.insert(value, row: Int32(truncatingIfNeeded: row))
    }

    /// Records a row's key that is one string, given as its UTF-8 bytes (valid UTF-8:
    /// the bytes of the `String` the general path would build); returns false when an
    /// earlier row had it.
    @inline(__always)
    mutating func insert(string utf8: UnsafeBufferPointer<UInt8>, row: Int) -> Bool {
        insert(fingerprint: fingerprint(string: utf8), row: row)
    }

    /// The fingerprint ``insert(string:row:)`` holds for a string key.
    @inline(__always)
    func fingerprint(string utf8: UnsafeBufferPointer<UInt8>) -> KeyFingerprint {
        KeyFingerprint(string: utf8)
    }

    /// The fingerprints of a batch's keys of several fields, from its collected columns
    /// (by column): each row's fields' bytes end to end (``KeyColumn/init(joining:normalizing:)``);
    /// (0, 0), no key, for a row not `included`.
    func fingerprints(_ columns: [KeyColumn], rows: Int, included: (Int) -> Bool) -> [KeyFingerprint] {
        var fingerprints = [KeyFingerprint](repeating: KeyFingerprint(high: 0, low: 0), count: rows)
        KeyColumn(joining: fields.map { columns[$0] }).withRows { keys in
            for row in 0..<rows where included(row) { fingerprints[row] = KeyFingerprint(keys[row]) }
        }
        return fingerprints
    }

    /// Records a key by its fingerprint (from ``fingerprint(string:)`` or
    /// ``fingerprints(_:rows:included:)``); returns false when an earlier row had it.
    @inline(__always)
    mutating func insert(fingerprint: KeyFingerprint, row: Int) -> Bool {
        values.insert(fingerprint, row: Int32(truncatingIfNeeded: row))
    }

    /// Records a window of a batch's keys by their fingerprints, the key at index `i`
    /// being row `firstRow + i`'s ((0, 0): no key); calls `held` with the index of each
    /// that an earlier row had (``FingerprintSet/insert(_:in:firstRow:held:)``).
    mutating func insert(_ fingerprints: [KeyFingerprint], in window: Range<Int>, firstRow: Int, held: (Int) -> Void) {
        values.insert(fingerprints, in: window, firstRow: Int32(truncatingIfNeeded: firstRow), held: held)
    }

    /// Tells the fingerprint set how many keys it will hold once `total` rows are
    /// observed, at the rate of its keys in the first `rowsSoFar`
    /// (``FingerprintSet/expect(keys:)``).
    mutating func expect(rowsSoFar: Int, of total: Int) {
        values.expect(keys: values.count * total / max(1, rowsSoFar))
    }

    /// Reads where each of a window of a batch's fingerprints is looked for first
    /// (``FingerprintSet/touch(_:)``; (0, 0), no key, is skipped), in a loop of nothing
    /// else: the reads are independent, so their cache misses overlap, and the keys'
    /// insertions then find their buckets in the cache. A window at a time
    /// (``touchWindows(_:)``), so that its lines and their pages' translations are still
    /// in the first-level caches when the keys are inserted.
    mutating func touch(_ fingerprints: [KeyFingerprint], in window: Range<Int>) {
        var folded: UInt64 = 0
        for fingerprint in fingerprints[window] where fingerprint.high != 0 || fingerprint.low != 0 {
            folded ^= values.touch(fingerprint)
        }
        touched ^= folded
    }

    /// A batch of `rows` rows as the windows ``touch(_:in:)`` reads ahead of the
    /// insertions: 256 rows each, 16 KB of cache lines.
    static func touchWindows(_ rows: Int) -> LazyMapSequence<StrideTo<Int>, Range<Int>> {
        stride(from: 0, to: rows, by: 256).lazy.map { $0..<min($0 + 256, rows) }
    }

    /// A key of a later stretch that an earlier one already had: its first row in the
    /// later stretch (numbered as there), and the cell's text when the key is one
    /// integer. The text of a key of one field held as a fingerprint is not known
    /// (`cellOwed`): only the row that holds it could tell.
    struct Duplicate: Sendable {
        var row: Int
        /// The key when it is one integer (its cell's text is its digits).
        var integer: Int?
        var cellOwed: Bool

        /// The cell's text, when known.
        var cell: String? { integer.map(String.init) }
    }

    /// Folds in the index of the rows after this one's; returns the later stretch's
    /// first rows of keys this one already had, in row order.
    mutating func append(_ later: KeyIndex, rowOffset: Int) -> [Duplicate] {
        var duplicates: [Duplicate] = []
        integers.absorb(later.integers, rowOffset: Int32(truncatingIfNeeded: rowOffset)) { value, row in
            duplicates.append(Duplicate(row: Int(row), integer: value, cellOwed: false))
        }
        let single = fields.count == 1
        values.absorb(later.values, rowOffset: Int32(truncatingIfNeeded: rowOffset)) { row in
            duplicates.append(Duplicate(row: Int(row), integer: nil, cellOwed: single))
        }
        duplicates.sort { $0.row < $1.row }
        return duplicates
    }
}

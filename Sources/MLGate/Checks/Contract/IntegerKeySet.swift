/// The integer keys seen so far (ids, almost always), with the row each first appeared
/// on: what `unique` and `primaryKey` keep for an integer field.
///
/// Ids are usually dense — most integers between the smallest and the largest are used —
/// so they are kept as the offsets of a range: a bit per integer of the range says
/// whether it was seen, and a 32-bit row per integer where it was. A million ids take
/// about 4 MB instead of the 24–48 MB of a hash table. When the keys turn out sparse
/// (the range grows beyond 8 integers per key), the set moves to a hash table.
struct IntegerKeySet: Sendable {
    /// The first integer of the range.
    private var base = 0
    /// One bit per integer of the range.
    private var seen: [UInt64] = []
    /// The row of each integer of the range (valid where its bit is set).
    private var rows: [Int32] = []
    /// Keys once the set is sparse.
    private var sparse: [Int: Int32]?
    /// Keys held.
    private(set) var count = 0

    private static let minimumCapacity = 1 << 12

    /// Records `key` at `row`; false when it was there already.
    @inline(__always)
    mutating func insert(_ key: Int, row: Int32) -> Bool {
        if sparse != nil {
            if sparse![key] != nil { return false }
            sparse![key] = row
            count += 1
            return true
        }
        if rows.isEmpty {
            base = key - Self.minimumCapacity / 2
            rows = Array(repeating: 0, count: Self.minimumCapacity)
            seen = Array(repeating: 0, count: Self.minimumCapacity / 64)
        }
        var offset = key &- base
        if offset < 0 || offset >= rows.count {
            guard grow(toInclude: key) else { return insert(key, row: row) }
            offset = key - base
        }
        let word = offset >> 6, bit = UInt64(1) << UInt64(offset & 63)
        if seen[word] & bit != 0 { return false }
        seen[word] |= bit
        rows[offset] = row
        count += 1
        return true
    }

    /// The row `key` first appeared on, if it was seen.
    func row(of key: Int) -> Int32? {
        if let sparse { return sparse[key] }
        let offset = key &- base
        guard offset >= 0, offset < rows.count, seen[offset >> 6] & (UInt64(1) << UInt64(offset & 63)) != 0 else { return nil }
        return rows[offset]
    }

    /// Widens the range to hold `key`, doubling on the side it falls; false when the
    /// set went sparse instead.
    private mutating func grow(toInclude key: Int) -> Bool {
        let low = min(base, key), high = max(base + rows.count - 1, key)
        let (span, overflow) = high.subtractingReportingOverflow(low)
        if overflow || span >= 8 * (count + 1) + (1 << 20) {
            goSparse()
            return false
        }
        var capacity = rows.count
        while capacity <= span { capacity *= 2 }
        // Keep the old range where it was relative to the side the new key is on.
        let newBase = key < base ? high - capacity + 1 : low
        let shift = base - newBase
        // The rows move as one block (a row whose bit is clear is never read), the bits
        // a word at a time: the range only ever doubles from a multiple of 64 integers,
        // so it moves by whole words.
        assert(shift & 63 == 0, "ranges move by whole words")
        var newRows = [Int32](repeating: 0, count: capacity)
        newRows.withUnsafeMutableBufferPointer { newRows in
            rows.withUnsafeBufferPointer { rows in
                _ = UnsafeMutableBufferPointer(rebasing: newRows[shift..<(shift + rows.count)]).initialize(from: rows)
            }
        }
        var newSeen = [UInt64](repeating: 0, count: (capacity + 63) / 64)
        newSeen.replaceSubrange((shift >> 6)..<((shift >> 6) + seen.count), with: seen)
        base = newBase
        rows = newRows
        seen = newSeen
        return true
    }

    private mutating func goSparse() {
        var table: [Int: Int32] = [:]
        table.reserveCapacity(count)
        forEach { table[$0] = $1 }
        sparse = table
        rows = []
        seen = []
    }

    /// Calls `body` with every key and its row.
    func forEach(_ body: (Int, Int32) -> Void) {
        if let sparse {
            for (key, row) in sparse { body(key, row) }
            return
        }
        for (index, word) in seen.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                let offset = index * 64 + bits.trailingZeroBitCount
                bits &= bits - 1
                body(base + offset, rows[offset])
            }
        }
    }
}

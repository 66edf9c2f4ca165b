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
    /// Keys beyond ±2⁶² go to the hash table: a range's base and end, within 2⁶² of its
    /// keys, then never overflow.
    private static let denseLimit = 1 << 62

    private static func fitsRange(_ key: Int) -> Bool { key >= -denseLimit && key <= denseLimit }

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
            guard Self.fitsRange(key) else {
                goSparse()
                return insert(key, row: row)
            }
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
        guard Self.fitsRange(key) else {
            goSparse()
            return false
        }
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

    /// Folds in the keys of `later` (a later stretch of the table), each at its row
    /// plus `rowOffset`; calls `duplicate` with each key this set had already and its row
    /// in `later`. The same as inserting `later`'s keys one by one, in any order; when
    /// both sets are ranges, `later`'s bits are laid over this one's a word at a time.
    mutating func absorb(_ later: IntegerKeySet, rowOffset: Int32, duplicate: (Int, Int32) -> Void) {
        guard later.count > 0 else { return }
        guard sparse == nil, later.sparse == nil, let firstWord = later.seen.firstIndex(where: { $0 != 0 }),
              let lastWord = later.seen.lastIndex(where: { $0 != 0 })
        else { return absorbOneByOne(later, rowOffset: rowOffset, duplicate: duplicate) }
        let lowest = later.base + firstWord * 64 + later.seen[firstWord].trailingZeroBitCount
        let highest = later.base + lastWord * 64 + 63 - later.seen[lastWord].leadingZeroBitCount
        if rows.isEmpty {
            base = lowest - Self.minimumCapacity / 2
            rows = Array(repeating: 0, count: Self.minimumCapacity)
            seen = Array(repeating: 0, count: Self.minimumCapacity / 64)
        }
        for key in [lowest, highest] where sparse == nil && (key &- base < 0 || key &- base >= rows.count) {
            _ = grow(toInclude: key)
        }
        guard sparse == nil, lowest - base >= 0, highest - base < rows.count else {
            return absorbOneByOne(later, rowOffset: rowOffset, duplicate: duplicate)
        }
        // Bit b of later's word i is the key later.base + 64i + b: bit (delta + 64i + b)
        // of this range, which lies across words (delta >> 6) + i and the one after.
        let delta = later.base - base
        let wordShift = delta >> 6, bitShift = UInt64(delta & 63)
        var added = 0
        seen.withUnsafeMutableBufferPointer { seen in
            rows.withUnsafeMutableBufferPointer { rows in
                later.rows.withUnsafeBufferPointer { laterRows in
                    /// Lays `bits` over word `word`: bit b is later's key at its offset
                    /// `laterBit + b`.
                    func lay(_ bits: UInt64, onto word: Int, laterBit: Int) {
                        guard bits != 0 else { return }
                        let fresh = bits & ~seen[word]
                        var repeated = bits & seen[word]
                        seen[word] |= fresh
                        added += fresh.nonzeroBitCount
                        var remaining = fresh
                        while remaining != 0 {
                            let bit = remaining.trailingZeroBitCount
                            remaining &= remaining - 1
                            rows[word * 64 + bit] = laterRows[laterBit + bit] &+ rowOffset
                        }
                        while repeated != 0 {
                            let bit = repeated.trailingZeroBitCount
                            repeated &= repeated - 1
                            duplicate(base + word * 64 + bit, laterRows[laterBit + bit])
                        }
                    }
                    for index in firstWord...lastWord where later.seen[index] != 0 {
                        let word = later.seen[index], target = wordShift + index
                        // Bits of `target` come from later bit (64 * target - delta) on.
                        lay(word << bitShift, onto: target, laterBit: 64 * target - delta)
                        if bitShift != 0 { lay(word >> (64 - bitShift), onto: target + 1, laterBit: 64 * (target + 1) - delta) }
                    }
                }
            }
        }
        count += added
    }

    /// ``absorb(_:rowOffset:duplicate:)`` a key at a time.
    private mutating func absorbOneByOne(_ later: IntegerKeySet, rowOffset: Int32, duplicate: (Int, Int32) -> Void) {
        later.forEach { key, row in
            if !insert(key, row: row &+ rowOffset) { duplicate(key, row) }
        }
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

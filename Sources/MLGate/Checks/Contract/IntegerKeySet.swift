/// The integer keys seen so far (ids, almost always), with the row each first appeared
/// on: what `unique` and `primaryKey` keep for an integer field.
///
/// Ids are usually dense — most integers between the smallest and the largest are used —
/// so they are kept as the offsets of a range: a bit per integer of the range says
/// whether it was seen. Rows are kept a word (64 integers) at a time: while a word's keys
/// sit on consecutive rows in key order (ids written in order, the common case), the
/// word holds one row, its bit 0's, and each key's row is that plus its bit; a word whose
/// keys do not gets 64 rows of its own. A million ids in order take about 250 KB, in any
/// other order about 4 MB, instead of the 24–48 MB of a hash table. When the keys turn
/// out sparse (the range grows beyond 8 integers per key), the set moves to a hash table.
struct IntegerKeySet: Sendable {
    /// The first integer of the range.
    private var base = 0
    /// One bit per integer of the range.
    private var seen: [UInt64] = []
    /// Per word: the row its bit 0 would have, when its keys' rows are that plus their
    /// bits (``explicitSlot`` is negative).
    private var wordRows: [Int32] = []
    /// Per word: -1 while its rows follow ``wordRows``, else where its 64 rows start in
    /// ``explicitRows``.
    private var explicitSlot: [Int32] = []
    /// The rows of the words that have their own, 64 a word (valid where a bit is set).
    private var explicitRows: [Int32] = []
    /// Keys once the set is sparse.
    private var sparse: [Int: Int32]?
    /// Keys held.
    private(set) var count = 0

    private static let minimumCapacity = 1 << 12
    /// Keys beyond ±2⁶² go to the hash table: a range's base and end, within 2⁶² of its
    /// keys, then never overflow.
    private static let denseLimit = 1 << 62

    private static func fitsRange(_ key: Int) -> Bool { key >= -denseLimit && key <= denseLimit }

    /// The integers the range holds.
    private var capacity: Int { seen.count * 64 }

    /// The rows held one by one (of words whose keys are not on consecutive rows).
    var explicitRowCount: Int { explicitRows.count }

    /// Records `key` at `row`; false when it was there already.
    @inline(__always)
    mutating func insert(_ key: Int, row: Int32) -> Bool {
        if sparse != nil {
            if sparse![key] != nil { return false }
            sparse![key] = row
            count += 1
            return true
        }
        if seen.isEmpty {
            guard Self.fitsRange(key) else {
                goSparse()
                return insert(key, row: row)
            }
            startRange(at: key)
        }
        var offset = key &- base
        if offset < 0 || offset >= capacity {
            guard grow(toInclude: key) else { return insert(key, row: row) }
            offset = key - base
        }
        let word = offset >> 6, bit = offset & 63
        if seen[word] & (UInt64(1) << UInt64(bit)) != 0 { return false }
        setRow(word: word, bit: bit, row: row)
        count += 1
        return true
    }

    /// Sets a bit not set yet, with its row: the word stays a run while the row follows
    /// its run (or the word was empty), and gets rows of its own otherwise.
    @inline(__always)
    private mutating func setRow(word: Int, bit: Int, row: Int32) {
        let mask = UInt64(1) << UInt64(bit)
        defer { seen[word] |= mask }
        if seen[word] == 0 {
            wordRows[word] = row &- Int32(bit)
            explicitSlot[word] = -1
            return
        }
        let slot = explicitSlot[word]
        if slot < 0 {
            if wordRows[word] &+ Int32(bit) == row { return }
            // The run breaks: the word's rows are written out, 64 of them.
            let start = explicitRows.count, run = wordRows[word]
            explicitRows.append(contentsOf: (0..<64).lazy.map { run &+ Int32($0) })
            explicitSlot[word] = Int32(start)
            explicitRows[start + bit] = row
        } else {
            explicitRows[Int(slot) + bit] = row
        }
    }

    /// The row of the key at `offset` in the range (its bit set).
    @inline(__always)
    private func storedRow(_ offset: Int) -> Int32 {
        let word = offset >> 6, slot = explicitSlot[word]
        return slot < 0 ? wordRows[word] &+ Int32(offset & 63) : explicitRows[Int(slot) + (offset & 63)]
    }

    /// The row `key` first appeared on, if it was seen.
    func row(of key: Int) -> Int32? {
        if let sparse { return sparse[key] }
        let offset = key &- base
        guard offset >= 0, offset < capacity, seen[offset >> 6] & (UInt64(1) << UInt64(offset & 63)) != 0 else { return nil }
        return storedRow(offset)
    }

    /// The first range: the smallest, centred on `key`.
    private mutating func startRange(at key: Int) {
        base = key - Self.minimumCapacity / 2
        allocate(capacity: Self.minimumCapacity)
    }

    /// An empty range of `capacity` integers (a multiple of 64).
    private mutating func allocate(capacity: Int) {
        seen = Array(repeating: 0, count: capacity / 64)
        wordRows = Array(repeating: 0, count: capacity / 64)
        explicitSlot = Array(repeating: -1, count: capacity / 64)
    }

    /// Widens the range to hold `key`, doubling on the side it falls; false when the
    /// set went sparse instead.
    private mutating func grow(toInclude key: Int) -> Bool {
        guard Self.fitsRange(key) else {
            goSparse()
            return false
        }
        let low = min(base, key), high = max(base + capacity - 1, key)
        let (span, overflow) = high.subtractingReportingOverflow(low)
        if overflow || span >= 8 * (count + 1) + (1 << 20) {
            goSparse()
            return false
        }
        var newCapacity = capacity
        while newCapacity <= span { newCapacity *= 2 }
        // Keep the old range where it was relative to the side the new key is on. The
        // range only ever doubles from a multiple of 64 integers, so it moves by whole
        // words, each with its run or its rows.
        let newBase = key < base ? high - newCapacity + 1 : low
        let shift = base - newBase
        assert(shift & 63 == 0, "ranges move by whole words")
        let words = (shift >> 6)..<((shift >> 6) + seen.count)
        var newSeen = [UInt64](repeating: 0, count: newCapacity / 64)
        var newWordRows = [Int32](repeating: 0, count: newCapacity / 64)
        var newSlots = [Int32](repeating: -1, count: newCapacity / 64)
        newSeen.replaceSubrange(words, with: seen)
        newWordRows.replaceSubrange(words, with: wordRows)
        newSlots.replaceSubrange(words, with: explicitSlot)
        base = newBase
        seen = newSeen
        wordRows = newWordRows
        explicitSlot = newSlots
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
        if seen.isEmpty { startRange(at: lowest) }
        for key in [lowest, highest] where sparse == nil && (key &- base < 0 || key &- base >= capacity) {
            _ = grow(toInclude: key)
        }
        guard sparse == nil, lowest - base >= 0, highest - base < capacity else {
            return absorbOneByOne(later, rowOffset: rowOffset, duplicate: duplicate)
        }
        // Bit b of later's word i is the key later.base + 64i + b: bit (delta + 64i + b)
        // of this range, which lies across words (delta >> 6) + i and the one after.
        let delta = later.base - base
        let wordShift = delta >> 6, bitShift = UInt64(delta & 63)
        var added = 0
        /// Lays `bits` over word `word`: bit b is later's key at its offset `laterBit + b`.
        func lay(_ bits: UInt64, onto word: Int, laterBit: Int) {
            guard bits != 0 else { return }
            var fresh = bits & ~seen[word]
            var repeated = bits & seen[word]
            added += fresh.nonzeroBitCount
            while fresh != 0 {
                let bit = fresh.trailingZeroBitCount
                fresh &= fresh - 1
                setRow(word: word, bit: bit, row: later.storedRow(laterBit + bit) &+ rowOffset)
            }
            while repeated != 0 {
                let bit = repeated.trailingZeroBitCount
                repeated &= repeated - 1
                duplicate(base + word * 64 + bit, later.storedRow(laterBit + bit))
            }
        }
        for index in firstWord...lastWord where later.seen[index] != 0 {
            let word = later.seen[index], target = wordShift + index
            // Bits of `target` come from later bit (64 * target - delta) on.
            lay(word << bitShift, onto: target, laterBit: 64 * target - delta)
            if bitShift != 0 { lay(word >> (64 - bitShift), onto: target + 1, laterBit: 64 * (target + 1) - delta) }
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
        seen = []
        wordRows = []
        explicitSlot = []
        explicitRows = []
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
                body(base + offset, storedRow(offset))
            }
        }
    }
}

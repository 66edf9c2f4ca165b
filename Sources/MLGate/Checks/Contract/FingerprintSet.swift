import Dispatch

/// Keys of any kind held as their fingerprints (``KeyFingerprint``), with the row each
/// first appeared on: what a unique field that is not an integer, a key of several
/// fields and a foreign key's referenced values keep.
///
/// Memory is the same for every key, however long its values: 16 bytes a slot (96 bits
/// of the fingerprint: its high word and the top half of its low word; and a 32-bit row),
/// four slots to a 64-byte bucket (``FingerprintBuckets``), at most 85% full, grown by
/// half again (19–28 bytes a key, `docs/contract.md`) or at once to the keys it was told
/// to expect (``expect(keys:)``). A key's home bucket is its
/// fingerprint's high word scaled to the table's length, so that any length will do (not
/// only powers of two); a full bucket passes its keys on to the next (linear probing by
/// buckets). Looking a key up reads one cache line, seldom two.
struct FingerprintSet: Sendable {
    /// The table (nil until the first key).
    private var buckets: FingerprintBuckets?
    /// The sets of later stretches, kept whole (``absorb(_:rowOffset:duplicate:)``).
    private var absorbed: [FingerprintSet] = []
    /// Added to every row this set tells (its own and its absorbed sets'): the rows of an
    /// absorbed set numbered as its stretch numbers them.
    private var rowOffset: Int32 = 0

    /// Keys held in this set's own table (not counting absorbed sets).
    private(set) var count = 0
    /// Slots in this set's own table.
    var capacity: Int { (buckets?.count ?? 0) * FingerprintBuckets.width }
    /// The keys the set expects to hold in all (``expect(keys:)``; 0: unknown).
    private var expectedKeys = 0

    /// Tells the set how many keys it will hold in all, as far as known: when its table
    /// next grows, it grows to hold that many at four fifths full, rather than by half
    /// again (which moves every key each time, and holds the old table beside the new) —
    /// but to at most sixteen times the keys it holds, so that an estimate far too high
    /// costs a bounded table, and a right one still moves few keys (a million keys
    /// arrive after moves of about 170,000, instead of 2 million).
    mutating func expect(keys: Int) {
        expectedKeys = min(keys, RowEstimate.limit)
    }

    /// The bits of a slot's second word that hold the fingerprint (the rest: the row).
    private static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

    /// A key's two stored parts: its high word (1 for 0, which marks an empty slot) and
    /// its low word's top half.
    @inline(__always)
    private static func stored(_ key: KeyFingerprint) -> (high: UInt64, tag: UInt64) {
        (key.high == 0 ? 1 : key.high, key.low & tagMask)
    }

    /// Records `key` at `row`; false when it was there already.
    mutating func insert(_ key: KeyFingerprint, row: Int32) -> Bool {
        if !absorbed.isEmpty, absorbed.contains(where: { $0.contains(key) }) { return false }
        let (high, tag) = Self.stored(key)
        return insert(high: high, word: tag | UInt64(UInt32(bitPattern: row &- rowOffset)))
    }

    /// Records the keys `keys[window]`, in order, the key at index `i` being row
    /// `firstRow + i`'s ((0, 0): no key, skipped); calls `held` with the index of each
    /// that was there already. What ``insert(_:row:)`` does for each, but the table is
    /// checked for sharing once, not per key.
    mutating func insert(_ keys: [KeyFingerprint], in window: Range<Int>, firstRow: Int32, held: (Int) -> Void) {
        if buckets != nil, !isKnownUniquelyReferenced(&buckets) { buckets = buckets!.copy() }
        for index in window {
            let key = keys[index]
            guard key.high != 0 || key.low != 0 else { continue }
            if !absorbed.isEmpty, absorbed.contains(where: { $0.contains(key) }) {
                held(index)
                continue
            }
            let (high, tag) = Self.stored(key)
            let row = firstRow &+ Int32(truncatingIfNeeded: index) &- rowOffset
            if !insertUnshared(high: high, word: tag | UInt64(UInt32(bitPattern: row))) { held(index) }
        }
    }

    /// Records a key by its slot's two words (``stored(_:)``, the row below the tag);
    /// false when it was there already.
    @inline(__always)
    private mutating func insert(high: UInt64, word: UInt64) -> Bool {
        if buckets != nil, !isKnownUniquelyReferenced(&buckets) { buckets = buckets!.copy() }
        return insertUnshared(high: high, word: word)
    }

    /// ``insert(high:word:)`` into a table this set does not share (or none yet).
    @inline(__always)
    private mutating func insertUnshared(high: UInt64, word: UInt64) -> Bool {
        if buckets == nil || (count + 1) * 20 > buckets!.count * FingerprintBuckets.width * 17 { grow() }
        let table = buckets.unsafelyUnwrapped
        let slot = Self.probe(table, high: high, tag: word & Self.tagMask)
        guard !slot.found else { return false }
        table.words[2 * slot.index] = high
        table.words[2 * slot.index + 1] = word
        count += 1
        return true
    }

    /// Reads the bucket where `key` is looked for first, and gives the word read: reading
    /// a batch's keys' buckets so before any of them is inserted lets their cache misses
    /// overlap, instead of each insertion waiting for its own (the table is far larger
    /// than the caches). The caller keeps the word (folded into a value it stores), so
    /// that the read is not dropped.
    @inline(__always)
    func touch(_ key: KeyFingerprint) -> UInt64 {
        guard let buckets else { return 0 }
        return buckets.words[2 * FingerprintBuckets.width * Self.home(key.high, buckets: buckets.count)]
    }

    /// Whether `key` is held.
    func contains(_ key: KeyFingerprint) -> Bool {
        let (high, tag) = Self.stored(key)
        if let buckets, Self.probe(buckets, high: high, tag: tag).found { return true }
        return absorbed.contains { $0.contains(key) }
    }

    /// The row `key` first appeared on, when it is held.
    func row(of key: KeyFingerprint) -> Int32? {
        let (high, tag) = Self.stored(key)
        if let buckets, case let slot = Self.probe(buckets, high: high, tag: tag), slot.found {
            return Self.row(buckets.words[2 * slot.index + 1]) &+ rowOffset
        }
        for set in absorbed {
            if let row = set.row(of: key) { return row &+ rowOffset }
        }
        return nil
    }

    /// Calls `body` with every key (as held: 96 bits of it) and its row, in no particular
    /// order (a key of an absorbed set that this one held already, once more).
    func forEach(_ body: (KeyFingerprint, Int32) -> Void) {
        if let buckets {
            for index in 0..<buckets.count * FingerprintBuckets.width where buckets.words[2 * index] != 0 {
                let word = buckets.words[2 * index + 1]
                body(KeyFingerprint(high: buckets.words[2 * index], low: word & Self.tagMask), Self.row(word) &+ rowOffset)
            }
        }
        for set in absorbed { set.forEach { body($0, $1 &+ rowOffset) } }
    }

    /// Takes in the set of a later stretch, whose rows are `rowOffset` on from its own
    /// numbering; calls `duplicate` (when given: nothing is looked up without it) with
    /// the row (as `later` numbers it) of each of its keys this one held already
    /// (``held(_:_:)``). `later`'s table is kept as it is, beside this one's,
    /// rather than copied into a larger one: that would hold both and the merged table
    /// at once, the peak of a file read on two cores.
    mutating func absorb(_ later: FingerprintSet, rowOffset: Int32, duplicate: ((Int32) -> Void)?) {
        if let duplicate {
            let held = held(later)
            var index = 0
            later.forEach { _, row in
                if held[index] { duplicate(row) }
                index += 1
            }
        }
        var later = later
        later.rowOffset &+= rowOffset &- self.rowOffset
        absorbed.append(later)
    }

    /// Whether this set holds each of `count` keys, which `keys` visits in the same order
    /// each time it is called: table by table, each of this set's tables borrowed once
    /// and every key looked up in it. (``contains(_:)`` for each key would copy each
    /// absorbed set, retaining and releasing it, for every key.) A foreign key's rows
    /// still unsettled at the end are looked up so.
    func held(_ count: Int, _ keys: ((KeyFingerprint) -> Void) -> Void) -> [Bool] {
        var held = [Bool](repeating: false, count: count)
        forEachTable { table in
            var index = 0
            keys { key in
                let (high, tag) = Self.stored(key)
                if !held[index], Self.probe(table, high: high, tag: tag).found { held[index] = true }
                index += 1
            }
        }
        return held
    }

    /// Whether this set holds each key `later` yields, in ``forEach(_:)``'s order, looked
    /// up on every core: `later`'s tables are cut into stretches of slots, each
    /// stretch's keys counted first (so that each knows where its answers go), then
    /// looked up in each of this set's tables. (The parts of a file are joined after
    /// the scan, while the other cores would be idle.)
    func held(_ later: FingerprintSet) -> [Bool] {
        var mineTables: [FingerprintBuckets] = [], theirsTables: [FingerprintBuckets] = []
        forEachTable { mineTables.append($0) }
        later.forEachTable { theirsTables.append($0) }
        let mine = mineTables, theirs = theirsTables
        let stretch = 1 << 16
        let stretches = theirs.indices.flatMap { table in
            let slots = theirs[table].count * FingerprintBuckets.width
            return stride(from: 0, to: slots, by: stretch).map { (table, $0..<min($0 + stretch, slots)) }
        }
        var counts = [Int](repeating: 0, count: stretches.count)
        counts.withUnsafeMutableBufferPointer { buffer in
            let counts = SharedWrites(buffer)
            DispatchQueue.concurrentPerform(iterations: stretches.count) { index in
                let (table, slots) = stretches[index], words = theirs[table].words
                counts.buffer[index] = slots.reduce(0) { $0 + (words[2 * $1] != 0 ? 1 : 0) }
            }
        }
        // Where each stretch's answers begin.
        var starts = [0]
        for count in counts { starts.append(starts[starts.count - 1] + count) }
        let firsts = starts
        var held = [Bool](repeating: false, count: firsts[stretches.count])
        held.withUnsafeMutableBufferPointer { buffer in
            let held = SharedWrites(buffer)
            DispatchQueue.concurrentPerform(iterations: stretches.count) { index in
                let (table, slots) = stretches[index], words = theirs[table].words
                // This set's tables' memory, read without retaining them for each key.
                let tables = mine.map { (words: UnsafePointer($0.words), buckets: $0.count) }
                var at = firsts[index]
                for slot in slots where words[2 * slot] != 0 {
                    let high = words[2 * slot], tag = words[2 * slot + 1] & Self.tagMask
                    for table in tables where Self.probe(table.words, buckets: table.buckets, high: high, tag: tag).found {
                        held.buffer[at] = true
                        break
                    }
                    at += 1
                }
                withExtendedLifetime(mine) {}
            }
        }
        return held
    }

    /// The slot holding the key stored as `high` and `tag`, or the empty slot where it
    /// would go (the table is never full).
    @inline(__always)
    private static func probe(_ table: FingerprintBuckets, high: UInt64, tag: UInt64) -> (found: Bool, index: Int) {
        probe(table.words, buckets: table.count, high: high, tag: tag)
    }

    /// ``probe(_:high:tag:)`` in the table of `buckets` buckets whose words are `words`.
    @inline(__always)
    private static func probe(_ words: UnsafePointer<UInt64>, buckets count: Int, high: UInt64, tag: UInt64) -> (found: Bool, index: Int) {
        let width = FingerprintBuckets.width
        var bucket = home(high, buckets: count)
        while true {
            let first = bucket &* width
            for slot in first..<first &+ width {
                let word = words[2 &* slot]
                if word == 0 { return (false, slot) }
                if word == high && words[2 &* slot &+ 1] & tagMask == tag { return (true, slot) }
            }
            bucket &+= 1
            if bucket == count { bucket = 0 }
        }
    }

    /// A slot's row, from its second word.
    @inline(__always)
    private static func row(_ word: UInt64) -> Int32 {
        Int32(bitPattern: UInt32(truncatingIfNeeded: word))
    }

    /// Calls `body` with this set's own table (when it has one) and each absorbed set's.
    private func forEachTable(_ body: (FingerprintBuckets) -> Void) {
        if let buckets { body(buckets) }
        for set in absorbed { set.forEachTable(body) }
    }

    /// The bucket a key whose high word is `high` is looked for first: that word scaled
    /// to the table's length.
    @inline(__always)
    private static func home(_ high: UInt64, buckets: Int) -> Int {
        Int(truncatingIfNeeded: high.multipliedFullWidth(by: UInt64(buckets)).high)
    }

    private mutating func grow() {
        let old = buckets
        let slots = old.map { $0.count * FingerprintBuckets.width } ?? 0
        let expected = min(expectedKeys + expectedKeys / 4, 16 * count)
        let wanted = max(slots + slots / 2, expected)
        buckets = FingerprintBuckets(count: max(1 << 8, wanted / FingerprintBuckets.width))
        count = 0
        guard let old else { return }
        for index in 0..<slots where old.words[2 * index] != 0 {
            _ = insertUnshared(high: old.words[2 * index], word: old.words[2 * index + 1])
        }
    }
}

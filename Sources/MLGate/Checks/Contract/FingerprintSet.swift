/// Keys of any kind held as their 128-bit fingerprints (``KeyFingerprint``), with the row
/// each first appeared on: what a unique field that is not an integer, a key of several
/// fields and a foreign key's referenced values keep.
///
/// Memory is the same for every key, however long its values: 20 bytes a slot (the
/// fingerprint and a 32-bit row) in one open-addressing table (linear probing, at most
/// four fifths full, grown by half again), so 25–38 bytes a key (`docs/contract.md`).
/// A key's home slot is its fingerprint's high word scaled to the table's length, so
/// that any length will do (not only powers of two).
struct FingerprintSet: Sendable {
    /// Two words a slot: the fingerprint's high and low halves; (0, 0) is an empty slot.
    private var words: [UInt64] = []
    /// The row of each slot's key.
    private var rows: [Int32] = []
    /// The sets of later stretches, kept whole (``absorb(_:rowOffset:duplicate:)``).
    private var absorbed: [FingerprintSet] = []
    /// Added to every row this set tells (its own and its absorbed sets'): the rows of an
    /// absorbed set numbered as its stretch numbers them.
    private var rowOffset: Int32 = 0

    /// Keys held in this set's own table (not counting absorbed sets).
    private(set) var count = 0

    /// Records `key` at `row`; false when it was there already.
    mutating func insert(_ key: KeyFingerprint, row: Int32) -> Bool {
        if !absorbed.isEmpty, absorbed.contains(where: { $0.contains(key) }) { return false }
        if (count + 1) * 5 > rows.count * 4 { grow() }
        let slot = probe(key)
        guard !slot.found else { return false }
        words[2 * slot.index] = key.high
        words[2 * slot.index + 1] = key.low
        rows[slot.index] = row &- rowOffset
        count += 1
        return true
    }

    /// Reads the slot where `key` is looked for first, and gives the word read: reading a
    /// batch's keys' slots so before any of them is inserted lets their cache misses
    /// overlap, instead of each insertion waiting for its own (the table is far larger
    /// than the caches). The caller keeps the word (folded into a value it stores), so
    /// that the read is not dropped.
    @inline(__always)
    func touch(_ key: KeyFingerprint) -> UInt64 {
        guard !rows.isEmpty else { return 0 }
        let index = home(key)
        return words.withUnsafeBufferPointer { $0[2 * index] }
    }

    /// Whether `key` is held.
    func contains(_ key: KeyFingerprint) -> Bool {
        (!rows.isEmpty && probe(key).found) || absorbed.contains { $0.contains(key) }
    }

    /// The row `key` first appeared on, when it is held.
    func row(of key: KeyFingerprint) -> Int32? {
        if !rows.isEmpty, case let slot = probe(key), slot.found { return rows[slot.index] &+ rowOffset }
        for set in absorbed {
            if let row = set.row(of: key) { return row &+ rowOffset }
        }
        return nil
    }

    /// Calls `body` with every key and its row, in no particular order (a key of an
    /// absorbed set that this one held already, once more).
    func forEach(_ body: (KeyFingerprint, Int32) -> Void) {
        for index in rows.indices where words[2 * index] != 0 || words[2 * index + 1] != 0 {
            body(KeyFingerprint(high: words[2 * index], low: words[2 * index + 1]), rows[index] &+ rowOffset)
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
            let held = held(later.yieldCount) { visit in later.forEach { key, _ in visit(key) } }
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
    /// absorbed set, retaining and releasing its arrays, for every key: that made joining
    /// the parts of a unique-strings file a quarter of its validation, on one core.)
    func held(_ count: Int, _ keys: ((KeyFingerprint) -> Void) -> Void) -> [Bool] {
        var held = [Bool](repeating: false, count: count)
        forEachTable { words, capacity in
            var index = 0
            keys { key in
                if !held[index], Self.probe(words, capacity: capacity, key).found { held[index] = true }
                index += 1
            }
        }
        return held
    }

    /// The slot holding `key`, or the empty slot where it would go (the table is never
    /// full).
    @inline(__always)
    private func probe(_ key: KeyFingerprint) -> (found: Bool, index: Int) {
        words.withUnsafeBufferPointer { Self.probe($0, capacity: rows.count, key) }
    }

    /// ``probe(_:)`` in a table of `capacity` slots whose words are `words`.
    @inline(__always)
    private static func probe(_ words: UnsafeBufferPointer<UInt64>, capacity: Int, _ key: KeyFingerprint) -> (found: Bool, index: Int) {
        var index = home(key, capacity: capacity)
        while true {
            let high = words[2 * index], low = words[2 * index + 1]
            if high == key.high && low == key.low { return (true, index) }
            if high == 0 && low == 0 { return (false, index) }
            index += 1
            if index == capacity { index = 0 }
        }
    }

    /// Calls `body` with the words and slot count of this set's own table (when it has
    /// one) and of each absorbed set's.
    private func forEachTable(_ body: (UnsafeBufferPointer<UInt64>, Int) -> Void) {
        if !rows.isEmpty { words.withUnsafeBufferPointer { body($0, rows.count) } }
        for set in absorbed { set.forEachTable(body) }
    }

    /// How many pairs ``forEach(_:)`` yields.
    private var yieldCount: Int {
        absorbed.reduce(count) { $0 + $1.yieldCount }
    }

    /// The slot `key` is looked for first: its fingerprint's high word scaled to the
    /// table's length.
    @inline(__always)
    private func home(_ key: KeyFingerprint) -> Int {
        Self.home(key, capacity: rows.count)
    }

    @inline(__always)
    private static func home(_ key: KeyFingerprint, capacity: Int) -> Int {
        Int(truncatingIfNeeded: key.high.multipliedFullWidth(by: UInt64(capacity)).high)
    }

    private mutating func grow() {
        let oldWords = words, oldRows = rows
        let capacity = max(1 << 10, rows.count + rows.count / 2)
        words = Array(repeating: 0, count: 2 * capacity)
        rows = Array(repeating: 0, count: capacity)
        count = 0
        for index in oldRows.indices where oldWords[2 * index] != 0 || oldWords[2 * index + 1] != 0 {
            _ = insert(KeyFingerprint(high: oldWords[2 * index], low: oldWords[2 * index + 1]), row: oldRows[index] &+ rowOffset)
        }
    }
}

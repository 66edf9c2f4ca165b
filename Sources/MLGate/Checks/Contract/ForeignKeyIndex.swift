/// One self-referencing foreign key as the table streams past, in one pass: the values
/// of the referenced fields seen so far, and the rows whose key was not among them when
/// they were read (a reference to a later row is common: a parent listed after its
/// child). Those are settled once the whole table has been read (``unresolved()``).
///
/// Frictionless reads the table twice (a lookup of the referenced values first); the
/// outcome is the same: a row fails when its key, not all missing, is not among the
/// referenced fields' keys of any row (its own included). What it keeps grows with the
/// distinct referenced keys, and with the rows still unsettled, as bytes (``KeyBytes``:
/// the report writes the values of those that stay unresolved). A referenced key that
/// is one integer (an id) is held in an ``IntegerKeySet`` (a bit and a row per integer
/// of a dense range: no hashing, and a lookup in a range far smaller than a hash
/// table); every other key as a fingerprint (``KeyFingerprint``).
struct ForeignKeyIndex: Sendable {
    /// The schema's key.
    let key: ForeignKey
    /// The columns of `key.fields`.
    let columns: [Int]
    /// The columns of `key.referenceFields` (nil: a referenced field the header lacks,
    /// whose values are all missing).
    let referenceColumns: [Int?]
    /// Referenced keys seen so far (not all missing) that are one integer.
    private var referencedIntegers = IntegerKeySet()
    /// Every other referenced key seen so far (not all missing).
    private var referenced = FingerprintSet()
    /// Rows whose key was not referenced when read (as this index numbers them), in row
    /// order; where each one's key bytes end in `pendingKeys` (each starts where the one
    /// before ends): 12 bytes a row besides its key's, since a file whose children come
    /// before their parents has many.
    private var pendingRows: [Int32] = []
    private var pendingEnds: [Int] = []
    private var pendingKeys: [UInt8] = []
    /// Whether an engine decided which rows are unresolved (``observe(_:firstRow:skipping:resolved:)``).
    private var decidedElsewhere = false

    init(key: ForeignKey, columns: [Int], referenceColumns: [Int?]) {
        self.key = key
        self.columns = columns
        self.referenceColumns = referenceColumns
    }

    /// Values compared as frictionless compares them: Python's `Decimal("2.0") == 2`, so
    /// an integral number equals the integer. The keys' bytes follow it
    /// (``KeyColumn/init(joining:normalizing:)``); the tests hold them to it.
    static func normalized(_ value: CellValue?) -> CellValue? {
        if case .number(let number)? = value, number.rounded() == number, abs(number) < 9.0e15 { return .integer(Int(number)) }
        return value
    }

    /// Observes a batch's rows from its collected columns (by column, ``KeyColumn``):
    /// `firstRow` is the first's number; a row `skipping` is not read (a blank row).
    mutating func observe(_ columns: [KeyColumn], firstRow: Int, skipping: [Bool]) {
        let rows = skipping.count
        let references = KeyColumn(
            joining: referenceColumns.map { $0.map { columns[$0] } ?? KeyColumn(missing: rows) }, normalizing: true)
        let targets = KeyColumn(joining: self.columns.map { columns[$0] }, normalizing: true)
        let parts = referenceColumns.count, targetParts = self.columns.count
        // The sets and the pending rows are taken out for the loop and put back after:
        // inside the closures, reading them through `self` copied the whole index per row.
        var integers = IntegerKeySet(), others = FingerprintSet()
        var pendingRows: [Int32] = [], pendingEnds: [Int] = [], pendingKeys: [UInt8] = []
        swap(&integers, &referencedIntegers)
        swap(&others, &referenced)
        swap(&pendingRows, &self.pendingRows)
        swap(&pendingEnds, &self.pendingEnds)
        swap(&pendingKeys, &self.pendingKeys)
        references.withRows { references in
            targets.withRows { targets in
                for index in 0..<rows where !skipping[index] {
                    let row = Int32(truncatingIfNeeded: firstRow + index)
                    let reference = references[index]
                    if let integer = KeyBytes.normalizedInteger(reference) {
                        _ = integers.insert(integer, row: row)
                    } else if !references.allMissing(index, parts: parts) {
                        _ = others.insert(KeyFingerprint(reference), row: row)
                    }
                    let target = targets[index]
                    guard !targets.allMissing(index, parts: targetParts),
                        !Self.isReferenced(target, integers: integers, others: others)
                    else { continue }
                    pendingRows.append(row)
                    pendingKeys.append(contentsOf: target)
                    pendingEnds.append(pendingKeys.count)
                }
            }
        }
        swap(&integers, &referencedIntegers)
        swap(&others, &referenced)
        swap(&pendingRows, &self.pendingRows)
        swap(&pendingEnds, &self.pendingEnds)
        swap(&pendingKeys, &self.pendingKeys)
    }

    /// Observes rows whose keys an engine looked up among the whole table's referenced
    /// keys (``ContractPushdown``: the rows are the candidates it sent, not all rows):
    /// a row whose key, not all missing, was not found (`resolved` false) is unresolved.
    /// The index then keeps no referenced keys, and ``unresolved()`` takes its rows as they are.
    mutating func observe(_ columns: [KeyColumn], firstRow: Int, skipping: [Bool], resolved: [Bool]) {
        decidedElsewhere = true
        let targets = KeyColumn(joining: self.columns.map { columns[$0] }, normalizing: true)
        let parts = self.columns.count
        targets.withRows { targets in
            for index in 0..<skipping.count where !skipping[index] && !resolved[index] {
                guard !targets.allMissing(index, parts: parts) else { continue }
                pendingRows.append(Int32(truncatingIfNeeded: firstRow + index))
                pendingKeys.append(contentsOf: targets[index])
                pendingEnds.append(pendingKeys.count)
            }
        }
    }

    /// Tells the referenced keys' fingerprint set how many keys it will hold once `total`
    /// rows are observed, at the rate of the first `rowsSoFar`
    /// (``FingerprintSet/expect(keys:)``).
    mutating func expect(rowsSoFar: Int, of total: Int) {
        referenced.expect(keys: referenced.count * total / max(1, rowsSoFar))
    }

    /// Whether the key whose bytes are `key` (``KeyBytes``) is among the referenced keys
    /// (`integers` those of one integer, `others` the rest).
    private static func isReferenced(_ key: UnsafeRawBufferPointer, integers: IntegerKeySet, others: FingerprintSet) -> Bool {
        if let integer = KeyBytes.normalizedInteger(key) { return integers.row(of: integer) != nil }
        return others.contains(KeyFingerprint(key))
    }

    /// Folds in the index of the rows after this one's (numbered as if their stretch
    /// began the file).
    mutating func append(_ later: ForeignKeyIndex, rowOffset: Int) {
        // Referenced values may repeat across stretches: nothing to look up.
        referenced.absorb(later.referenced, rowOffset: Int32(truncatingIfNeeded: rowOffset), duplicate: nil)
        later.referencedIntegers.forEach { _ = referencedIntegers.insert($0, row: $1 &+ Int32(truncatingIfNeeded: rowOffset)) }
        let base = pendingKeys.count, offset = Int32(truncatingIfNeeded: rowOffset)
        pendingRows.reserveCapacity(pendingRows.count + later.pendingRows.count)
        for row in later.pendingRows { pendingRows.append(row &+ offset) }
        pendingEnds.reserveCapacity(pendingEnds.count + later.pendingEnds.count)
        for end in later.pendingEnds { pendingEnds.append(end + base) }
        pendingKeys += later.pendingKeys
        decidedElsewhere = decidedElsewhere || later.decidedElsewhere
    }

    /// A row whose key no row's referenced fields hold (``unresolved()``).
    struct Unresolved: Sendable {
        /// The row (numbered as the file numbers it, once stretches are joined).
        let row: Int
        /// Its place among the pending rows.
        fileprivate let entry: Int
    }

    /// The rows whose key no row's referenced fields hold, in row order. Their keys'
    /// values are decoded only for the rows a report shows (``values(of:)``): a file can
    /// have hundreds of thousands.
    func unresolved() -> [Unresolved] {
        let pending = pendingRows.indices
        if decidedElsewhere { return pending.map { Unresolved(row: Int(pendingRows[$0]), entry: $0) } }
        return pendingKeys.withUnsafeBytes { bytes in
            // Keys of one integer are looked up in the integer set; the others, by
            // fingerprint, table by table.
            let integers = pending.map { KeyBytes.normalizedInteger(key($0, in: bytes)) }
            let others = pending.filter { integers[$0] == nil }
            let fingerprints = others.map { KeyFingerprint(key($0, in: bytes)) }
            let heldOthers = referenced.held(fingerprints.count) { visit in fingerprints.forEach(visit) }
            var held = integers.map { $0.map { referencedIntegers.row(of: $0) != nil } ?? false }
            for (index, entry) in others.enumerated() { held[entry] = heldOthers[index] }
            return pending.compactMap { entry in held[entry] ? nil : Unresolved(row: Int(pendingRows[entry]), entry: entry) }
        }
    }

    /// An unresolved row's key's values, as text (`nil`: missing).
    func values(of row: Unresolved) -> [String?] {
        pendingKeys.withUnsafeBytes { KeyBytes.decodeText(key(row.entry, in: $0)) }
    }

    /// A pending row's key bytes in `pendingKeys`' `bytes`.
    private func key(_ entry: Int, in bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[(entry > 0 ? pendingEnds[entry - 1] : 0)..<pendingEnds[entry]])
    }
}

extension ForeignKeyIndex {
    /// A key's values for a message: `9`, `de, x`; a missing part as `None`, as
    /// frictionless writes it.
    static func display(_ key: [String?]) -> String {
        key.map { $0 ?? "None" }.joined(separator: ", ")
    }
}

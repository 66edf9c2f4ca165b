import Foundation

/// A dictionary made from a text batch's column (``collect(_:column:limit:)``): a CSV or
/// JSON Lines batch has none of its own, but a column of labels, classes, categories or
/// codes holds a few texts over and over, and every consumer that judges or codes an
/// entry once (``TableConsumer/entryColumns``) then does per row only a lookup. The scan
/// collects it once per batch for all of them (``SharedConsumer``).
extension CellDictionary {
    /// What ``collect(_:column:limit:)`` made of a column.
    enum Collected {
        /// Each distinct text of the batch's column an entry.
        case dictionary(CellDictionary)
        /// More distinct texts than the limit: the column is not one of a few texts.
        case tooMany
        /// Not a column of texts every row has: a row without the cell, a column held
        /// as numbers or given a dictionary by its reader, no rows.
        case notApplicable
    }

    /// The most entries a collected dictionary has.
    static let collectedLimit = 256

    /// The dictionary of `column`'s cells in `batch`: each distinct text an entry, in
    /// order of first appearance; an empty cell reads as a null (-1), as in a Parquet
    /// dictionary's column. Texts of up to eight bytes are told apart by their word and
    /// count (``ShortBytes``), longer ones by their bytes.
    static func collect(_ batch: RowBatch, column: Int, limit: Int = collectedLimit) -> Collected {
        let rows = batch.rowCount
        guard rows > 0, limit > 0, column < batch.width, batch.numberColumn(column) == nil, batch.cellDictionary(column) == nil
        else { return .notApplicable }
        // An open-addressing table of entries, at most half full.
        let bits = Int.bitWidth - (2 * limit - 1).leadingZeroBitCount
        let mask = (1 << bits) - 1
        var slots = [Int32](repeating: -1, count: 1 << bits)
        // Each entry's word, count and first row (whose cell is its text).
        var keys: [(word: UInt64, count: Int, row: Int)] = []
        keys.reserveCapacity(limit)
        var entries = [Int32](repeating: -1, count: rows)
        var outcome = Collected.notApplicable, complete = false
        batch.withColumn(column) { cells in
            slots.withUnsafeMutableBufferPointer { slots in
                entries.withUnsafeMutableBufferPointer { entries in
                    for row in 0..<rows {
                        guard let bytes = cells[row] else { return }
                        let count = bytes.count
                        guard count > 0 else { continue }
                        let word = Self.word(bytes)
                        var slot = Int(truncatingIfNeeded: ((word ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
                        while true {
                            let entry = slots[slot]
                            if entry < 0 {
                                guard keys.count < limit else {
                                    outcome = .tooMany
                                    return
                                }
                                slots[slot] = Int32(keys.count)
                                entries[row] = Int32(keys.count)
                                keys.append((word, count, row))
                                break
                            }
                            let key = keys[Int(entry)]
                            if key.word == word, key.count == count,
                                count <= ShortBytes.limit || memcmp(cells[key.row]!.baseAddress!, bytes.baseAddress!, count) == 0
                            {
                                entries[row] = entry
                                break
                            }
                            slot = (slot + 1) & mask
                        }
                    }
                    complete = true
                }
            }
        }
        guard complete else { return outcome }
        return .dictionary(CellDictionary(id: newID(), count: keys.count, entries: entries))
    }

    /// A text's word: its own (``ShortBytes``) when it has at most eight bytes, else its
    /// first eight bytes mixed with its last eight (its bytes are then compared too).
    @inline(__always)
    private static func word(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        guard count > ShortBytes.limit else { return ShortBytes.word(bytes) }
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let first = raw.loadUnaligned(as: UInt64.self), last = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        return first ^ (last &* 0xFF51_AFD7_ED55_8CCD)
    }
}

/// Keys of any kind held as canonical bytes (``KeyBytes``), with the row each first
/// appeared on: what a unique string field, a key of several fields and a foreign key's
/// referenced values keep.
///
/// A million keys of a ten-character string take about 40 MB here, against ~100 MB as
/// `[[CellValue?]: Int32]` (an array, its enum values and often a string buffer per
/// key). The table holds each key's 32-bit hash and ordinal (open addressing, linear
/// probing, at most three quarters full); each key's bytes sit in one arena, its row in
/// an array by ordinal, so that keys are visited in the order they came.
struct ByteKeySet: Sendable {
    /// Each slot: the key's 32-bit hash in the high half, its ordinal + 1 in the low half
    /// (0: empty); a power of two long. A probe compares hashes without leaving the
    /// table, and reads a key's bytes only when its hash is the one looked for.
    private var slots: [UInt64] = []
    /// Every key's bytes, one after another.
    private var arena: [UInt8] = []
    /// Where each key's bytes start in `arena` (and, one past the last, where they end).
    private var starts: [Int] = [0]
    private var rows: [Int32] = []

    /// Keys held.
    var count: Int { rows.count }

    private static func hash(_ key: UnsafeRawBufferPointer) -> UInt32 {
        var hasher = Hasher()
        hasher.combine(bytes: key)
        let value = hasher.finalize()
        return UInt32(truncatingIfNeeded: value ^ (value >> 32))
    }

    /// Records `key` at `row`; false when it was there already.
    mutating func insert(_ key: UnsafeRawBufferPointer, row: Int32) -> Bool {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let hash = Self.hash(key)
        let slot = probe(key, hash: hash)
        guard slot.found == nil else { return false }
        let ordinal = UInt64(count)
        arena.append(contentsOf: key)
        starts.append(arena.count)
        rows.append(row)
        slots[slot.empty] = UInt64(hash) << 32 | (ordinal + 1)
        return true
    }

    /// Records `key` at `row`; false when it was there already.
    mutating func insert(_ key: [UInt8], row: Int32) -> Bool {
        key.withUnsafeBytes { insert($0, row: row) }
    }

    /// Whether `key` is held.
    func contains(_ key: UnsafeRawBufferPointer) -> Bool {
        !slots.isEmpty && probe(key, hash: Self.hash(key)).found != nil
    }

    /// Whether `key` is held.
    func contains(_ key: [UInt8]) -> Bool {
        key.withUnsafeBytes { contains($0) }
    }

    /// Calls `body` with every key (in the order they were first inserted) and its row.
    func forEach(_ body: (UnsafeRawBufferPointer, Int32) -> Void) {
        arena.withUnsafeBytes { bytes in
            for ordinal in 0..<count {
                body(UnsafeRawBufferPointer(rebasing: bytes[starts[ordinal]..<starts[ordinal + 1]]), rows[ordinal])
            }
        }
    }

    /// The ordinal of `key` when it is held; otherwise the empty slot where it would go.
    /// (The table is never full.)
    private func probe(_ key: UnsafeRawBufferPointer, hash: UInt32) -> (found: Int?, empty: Int) {
        let tag = UInt64(hash) << 32
        return slots.withUnsafeBufferPointer { slots in
            starts.withUnsafeBufferPointer { starts in
                arena.withUnsafeBytes { bytes in
                    let mask = slots.count - 1
                    var index = Int(hash) & mask
                    while true {
                        let entry = slots[index]
                        if entry == 0 { return (nil, index) }
                        if entry & 0xFFFF_FFFF_0000_0000 == tag {
                            let ordinal = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                            let start = starts[ordinal]
                            if starts[ordinal + 1] - start == key.count,
                               key.count == 0 || memcmp(bytes.baseAddress! + start, key.baseAddress!, key.count) == 0
                            {
                                return (ordinal, index)
                            }
                        }
                        index = (index + 1) & mask
                    }
                }
            }
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: max(1 << 10, slots.count * 2))
        let mask = slots.count - 1
        slots.withUnsafeMutableBufferPointer { slots in
            for entry in old where entry != 0 {
                var index = Int(entry >> 32) & mask
                while slots[index] != 0 { index = (index + 1) & mask }
                slots[index] = entry
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

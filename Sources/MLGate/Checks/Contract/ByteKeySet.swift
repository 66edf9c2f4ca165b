/// Keys of any kind held as canonical bytes (``KeyBytes``), with the row each first
/// appeared on: what a unique string field, a key of several fields and a foreign key's
/// referenced values keep.
///
/// A million keys of a ten-character string take about 30 MB here, against ~100 MB as
/// `[[CellValue?]: Int32]` (an array, its enum values and often a string buffer per
/// key). The table holds 32-bit ordinals (open addressing, linear probing, at most
/// three quarters full); each key's bytes sit in one arena, its hash and row in arrays by
/// ordinal, so that keys are visited in the order they came.
struct ByteKeySet: Sendable {
    /// Ordinal + 1 of the key in each slot (0: empty); a power of two long.
    private var slots: [UInt32] = []
    /// Every key's bytes, one after another.
    private var arena: [UInt8] = []
    /// Where each key's bytes start in `arena` (and, one past the last, where they end).
    private var starts: [Int] = [0]
    private var hashes: [UInt32] = []
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
        let hash = Self.hash(key)
        if let _ = find(key, hash: hash) { return false }
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let ordinal = UInt32(count)
        arena.append(contentsOf: key)
        starts.append(arena.count)
        hashes.append(hash)
        rows.append(row)
        place(ordinal, hash: hash)
        return true
    }

    /// Records `key` at `row`; false when it was there already.
    mutating func insert(_ key: [UInt8], row: Int32) -> Bool {
        key.withUnsafeBytes { insert($0, row: row) }
    }

    /// Whether `key` is held.
    func contains(_ key: UnsafeRawBufferPointer) -> Bool {
        find(key, hash: Self.hash(key)) != nil
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

    private func find(_ key: UnsafeRawBufferPointer, hash: UInt32) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var index = Int(hash) & mask
        return arena.withUnsafeBytes { bytes -> Int? in
            while true {
                let entry = slots[index]
                if entry == 0 { return nil }
                let ordinal = Int(entry - 1)
                if hashes[ordinal] == hash, starts[ordinal + 1] - starts[ordinal] == key.count,
                    key.count == 0 || memcmp(bytes.baseAddress! + starts[ordinal], key.baseAddress!, key.count) == 0
                {
                    return ordinal
                }
                index = (index + 1) & mask
            }
        }
    }

    private mutating func place(_ ordinal: UInt32, hash: UInt32) {
        let mask = slots.count - 1
        var index = Int(hash) & mask
        while slots[index] != 0 { index = (index + 1) & mask }
        slots[index] = ordinal + 1
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: max(1 << 10, slots.count * 2))
        for ordinal in 0..<count { place(UInt32(ordinal), hash: hashes[ordinal]) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

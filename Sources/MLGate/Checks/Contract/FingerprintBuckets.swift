/// The memory of a ``FingerprintSet``'s table: buckets of four 16-byte slots, each bucket
/// one 64-byte cache line (the memory is aligned to 64 bytes), zeroed when made.
///
/// A slot is two words: the fingerprint's high word (never 0 in a used slot: 0 marks an
/// empty one) and a word holding the top 32 bits of its low word above the row's 32 bits.
/// A bucket's slots fill in order, so the first empty slot ends a search.
///
/// Only a ``FingerprintSet`` writes to it, and only when it holds the sole reference
/// (copying it first otherwise), so sharing it between threads is safe.
final class FingerprintBuckets: @unchecked Sendable {
    /// Slots per bucket.
    static let width = 4
    /// The words of the slots, `2 * width` a bucket.
    let words: UnsafeMutablePointer<UInt64>
    /// Buckets in the table.
    let count: Int

    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * 64, alignment: 64)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: count * 64)
        words = raw.bindMemory(to: UInt64.self, capacity: count * 2 * Self.width)
    }

    deinit {
        UnsafeMutableRawPointer(words).deallocate()
    }

    /// A copy with the same slots.
    func copy() -> FingerprintBuckets {
        let copy = FingerprintBuckets(count: count)
        copy.words.update(from: words, count: count * 2 * Self.width)
        return copy
    }
}

/// Cells of at most eight bytes (labels, categories, codes) compared as one word each:
/// one compare per candidate instead of a loop over bytes.
enum ShortBytes {
    /// The longest cell that has a word.
    static let limit = 8

    /// `bytes` (at most ``limit`` of them) as one word that, with their count, tells them
    /// apart from any other bytes of that count: read with at most two loads inside the
    /// bytes (the second overlapping the first when the count is not a power of two),
    /// never past them.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        guard let start = bytes.baseAddress, count > 0 else { return 0 }
        let raw = UnsafeRawPointer(start)
        switch count {
        case 8...:
            return raw.loadUnaligned(as: UInt64.self)
        case 4...7:
            return UInt64(raw.loadUnaligned(as: UInt32.self))
                | UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << 32
        case 2...3:
            return UInt64(raw.loadUnaligned(as: UInt16.self))
                | UInt64(raw.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)) << 16
        default:
            return UInt64(raw.load(as: UInt8.self))
        }
    }
}

/// One buffer of a record batch's body: a range of bytes (shared with the body when the
/// body is not compressed, else the buffer's own decompressed bytes).
struct ArrowBuffer: Sendable {
    /// The bytes the range lies in.
    let storage: [UInt8]
    /// Where the buffer starts in `storage`.
    let start: Int
    /// The buffer's length in bytes.
    let count: Int
    /// Where the buffer starts in the stream (for errors; for a decompressed buffer, where
    /// its compressed bytes start).
    let streamOffset: Int

    static let empty = ArrowBuffer(storage: [], start: 0, count: 0, streamOffset: 0)

    /// The little-endian integer at element `index` of a buffer of `T`s (in range: the
    /// column checked the buffer's size).
    @inline(__always)
    func load<T: FixedWidthInteger>(_ index: Int, as type: T.Type) -> T {
        storage.withUnsafeBytes { raw in
            T(littleEndian: raw.loadUnaligned(fromByteOffset: start + index * MemoryLayout<T>.size, as: T.self))
        }
    }

    /// Bit `index` of a bitmap (least significant bit first).
    @inline(__always)
    func bit(_ index: Int) -> Bool {
        storage[start + index >> 3] & (1 << UInt8(index & 7)) != 0
    }

    /// Bytes `range` of the buffer.
    func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> {
        storage[(start + range.lowerBound)..<(start + range.upperBound)]
    }
}

#if arch(x86_64) && !MLGATE_PORTABLE_SCAN
import _Builtin_intrinsics.intel
#endif

/// Finds, 64 bytes at a time, where the CSV tokenizer's fast path must look: the bytes
/// that end a field (the delimiter, LF, CR) and those it does not take fast (any
/// non-ASCII byte). Bit *i* of a mask is set when byte *i* is one of them.
///
/// On x86-64 the bytes are compared sixteen at a time with SSE2 (every x86-64 processor
/// has it); elsewhere eight at a time in a 64-bit word. ``portableMask(_:)`` is the
/// word version on every platform, so that the tests hold the two to each other.
struct FieldBoundaryScanner {
    let delimiter: UInt8

    /// The block size: a mask covers this many bytes.
    static let blockSize = 64

    /// The mask of the 64 bytes at `bytes` (all of which must be readable).
    @inline(__always)
    func mask(_ bytes: UnsafePointer<UInt8>) -> UInt64 {
        #if arch(x86_64) && !MLGATE_PORTABLE_SCAN
        let delimiters = _mm_set1_epi8(CChar(bitPattern: delimiter))
        let lineFeeds = _mm_set1_epi8(0x0A), carriageReturns = _mm_set1_epi8(0x0D)
        var mask: UInt64 = 0
        for lane in 0..<4 {
            let vector = _mm_loadu_si128(UnsafeRawPointer(bytes + 16 * lane).assumingMemoryBound(to: __m128i.self))
            let ends = _mm_or_si128(_mm_cmpeq_epi8(vector, delimiters), _mm_cmpeq_epi8(vector, lineFeeds))
            // OR-ing the bytes themselves in sets the top bit of every non-ASCII byte.
            let hits = _mm_or_si128(ends, _mm_or_si128(_mm_cmpeq_epi8(vector, carriageReturns), vector))
            mask |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(hits))) << UInt64(16 * lane)
        }
        return mask
        #else
        return portableMask(bytes)
        #endif
    }

    /// The same mask, computed in 64-bit words.
    @inline(__always)
    func portableMask(_ bytes: UnsafePointer<UInt8>) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        /// 0x80 in each byte of `word` that is zero, exactly (no borrow between bytes).
        @inline(__always) func zeroBytes(_ word: UInt64) -> UInt64 {
            ~(((word & lows) &+ lows) | word | lows)
        }
        var mask: UInt64 = 0
        let raw = UnsafeRawPointer(bytes)
        for lane in 0..<8 {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * lane, as: UInt64.self))
            let hits = zeroBytes(word ^ (ones &* UInt64(delimiter))) | zeroBytes(word ^ (ones &* 0x0A))
                | zeroBytes(word ^ (ones &* 0x0D)) | (word & highs)
            // The eight top bits, packed in byte order.
            mask |= (((hits & highs) &* 0x0002_0408_1020_4081) >> 56) << UInt64(8 * lane)
        }
        return mask
    }

    /// Whether the fast path must stop at `byte` (what a mask marks).
    @inline(__always)
    func isBoundary(_ byte: UInt8) -> Bool {
        byte == delimiter || byte == 0x0A || byte == 0x0D || byte >= 0x80
    }
}

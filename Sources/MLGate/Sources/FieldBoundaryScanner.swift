#if arch(x86_64) && !MLGATE_PORTABLE_SCAN
import _Builtin_intrinsics.intel
#endif

/// Classifies, 64 bytes at a time, the bytes the CSV tokenizer's fast path must look at:
/// those that end a field (the delimiter, LF, CR), the quote char, and any non-ASCII
/// byte, which are split further by their place in UTF-8 (two-byte leads, continuations,
/// the rest). Bit *i* of a mask is set when byte *i* is one of them.
///
/// On x86-64 the bytes are compared sixteen at a time with SSE2 (every x86-64 processor
/// has it; Swift cannot compile a function for AVX2 alone, to be chosen at run time, so
/// wider vectors are not used); elsewhere eight at a time in a 64-bit word.
/// ``portableMasks(_:)`` is the word version on every platform, so that the tests hold
/// the two to each other.
struct FieldBoundaryScanner {
    let delimiter: UInt8
    /// An ASCII byte (the tokenizer's fast path takes only dialects whose quote is).
    let quote: UInt8

    /// The block size: a mask covers this many bytes.
    static let blockSize = 64

    /// The classes of a block's bytes, one bit a byte.
    struct Masks: Equatable {
        /// The delimiter, LF and CR.
        var ends: UInt64
        /// The quote char.
        var quotes: UInt64
        /// Bytes of 0x80 and above.
        var high: UInt64
        /// Of those, the leads of two-byte UTF-8 sequences (`110xxxxx`, but `C0` and `C1`,
        /// which only overlong forms start).
        var leads: UInt64 = 0
        /// Continuation bytes (`10xxxxxx`).
        var continuations: UInt64 = 0
        /// Every other non-ASCII byte: a longer sequence's lead (`111xxxxx`), `C0`, `C1`.
        var wide: UInt64 = 0

        init(ends: UInt64, quotes: UInt64, high: UInt64) {
            (self.ends, self.quotes, self.high) = (ends, quotes, high)
        }

        /// Splits ``high`` by the bytes' bits 6 and 5 (each shifted up to bit 7) and their
        /// `C0`/`C1` bits.
        @inline(__always)
        mutating func classify(six: UInt64, five: UInt64, overlong: UInt64) {
            let twoOrMore = high & six
            continuations = high & ~six
            wide = (twoOrMore & five) | (twoOrMore & overlong)
            leads = twoOrMore & ~wide
        }
    }

    init(delimiter: UInt8, quote: UInt8) {
        self.delimiter = delimiter
        self.quote = quote
    }

    /// The masks of the 64 bytes at `bytes` (all of which must be readable).
    @inline(__always)
    func masks(_ bytes: UnsafePointer<UInt8>) -> Masks {
        #if arch(x86_64) && !MLGATE_PORTABLE_SCAN
        let delimiters = _mm_set1_epi8(CChar(bitPattern: delimiter)), quotes = _mm_set1_epi8(CChar(bitPattern: quote))
        let lineFeeds = _mm_set1_epi8(0x0A), carriageReturns = _mm_set1_epi8(0x0D)
        var masks = Masks(ends: 0, quotes: 0, high: 0)
        // Quotes and non-ASCII bytes in one mask first (most blocks have neither); the
        // quote is ASCII, so the two are told apart by the bytes' top bits.
        var others: UInt64 = 0
        for lane in 0..<4 {
            let vector = _mm_loadu_si128(UnsafeRawPointer(bytes + 16 * lane).assumingMemoryBound(to: __m128i.self))
            let ends = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(vector, delimiters), _mm_cmpeq_epi8(vector, lineFeeds)),
                _mm_cmpeq_epi8(vector, carriageReturns))
            let shift = UInt64(16 * lane)
            masks.ends |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(ends))) << shift
            // A byte's top bit marks it non-ASCII.
            let other = _mm_or_si128(_mm_cmpeq_epi8(vector, quotes), vector)
            others |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(other))) << shift
        }
        if others != 0 {
            for lane in 0..<4 {
                let vector = _mm_loadu_si128(UnsafeRawPointer(bytes + 16 * lane).assumingMemoryBound(to: __m128i.self))
                masks.high |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(vector))) << UInt64(16 * lane)
            }
            masks.quotes = others & ~masks.high
            if masks.high != 0 {
                // The UTF-8 classes of the non-ASCII bytes: bits 6 and 5 moved up to bit 7
                // (a byte added to itself shifts it left), and `C0`/`C1`.
                let evenBytes = _mm_set1_epi8(CChar(bitPattern: 0xFE)), overlongLead = _mm_set1_epi8(CChar(bitPattern: 0xC0))
                var six: UInt64 = 0, five: UInt64 = 0, overlong: UInt64 = 0
                for lane in 0..<4 {
                    let vector = _mm_loadu_si128(UnsafeRawPointer(bytes + 16 * lane).assumingMemoryBound(to: __m128i.self))
                    let doubled = _mm_add_epi8(vector, vector), shift = UInt64(16 * lane)
                    six |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(doubled))) << shift
                    five |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(_mm_add_epi8(doubled, doubled)))) << shift
                    let overlongBytes = _mm_cmpeq_epi8(_mm_and_si128(vector, evenBytes), overlongLead)
                    overlong |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(overlongBytes))) << shift
                }
                masks.classify(six: six, five: five, overlong: overlong)
            }
        }
        return masks
        #else
        return portableMasks(bytes)
        #endif
    }

    /// The same masks, computed in 64-bit words.
    @inline(__always)
    func portableMasks(_ bytes: UnsafePointer<UInt8>) -> Masks {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        /// 0x80 in each byte of `word` that is zero, exactly (no borrow between bytes).
        @inline(__always) func zeroBytes(_ word: UInt64) -> UInt64 {
            ~(((word & lows) &+ lows) | word | lows)
        }
        /// The eight top bits, packed in byte order.
        @inline(__always) func packed(_ hits: UInt64) -> UInt64 {
            ((hits & highs) &* 0x0002_0408_1020_4081) >> 56
        }
        var masks = Masks(ends: 0, quotes: 0, high: 0)
        var six: UInt64 = 0, five: UInt64 = 0, overlong: UInt64 = 0
        let raw = UnsafeRawPointer(bytes)
        for lane in 0..<8 {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * lane, as: UInt64.self))
            let ends = zeroBytes(word ^ (ones &* UInt64(delimiter))) | zeroBytes(word ^ (ones &* 0x0A))
                | zeroBytes(word ^ (ones &* 0x0D))
            let shift = UInt64(8 * lane)
            masks.ends |= packed(ends) << shift
            masks.quotes |= packed(zeroBytes(word ^ (ones &* UInt64(quote)))) << shift
            masks.high |= packed(word) << shift
            // Bits 6 and 5 of each byte shifted up to its bit 7; `C0` and `C1`.
            six |= packed(word << 1) << shift
            five |= packed(word << 2) << shift
            overlong |= packed(zeroBytes((word & (ones &* 0xFE)) ^ (ones &* 0xC0))) << shift
        }
        if masks.high != 0 { masks.classify(six: six, five: five, overlong: overlong) }
        return masks
    }

    /// Whether `byte` ends a field (what ``Masks/ends`` marks).
    @inline(__always)
    func endsField(_ byte: UInt8) -> Bool {
        byte == delimiter || byte == 0x0A || byte == 0x0D
    }

    /// Each bit of the result is the XOR of the bits of `bits` at and below it: set where
    /// an odd number of quotes lie at or before a byte (inside a quoted run). Six shifts
    /// and XORs (the carry-less multiplication by all ones, which Swift cannot reach: the
    /// `pclmulqdq` intrinsic is a C macro).
    @inline(__always)
    static func prefixXOR(_ bits: UInt64) -> UInt64 {
        var bits = bits
        bits ^= bits << 1
        bits ^= bits << 2
        bits ^= bits << 4
        bits ^= bits << 8
        bits ^= bits << 16
        bits ^= bits << 32
        return bits
    }
}

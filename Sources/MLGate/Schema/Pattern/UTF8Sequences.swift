/// Code point ranges as UTF-8 byte sequences: the automaton steps over a cell's bytes,
/// so each character class becomes an alternation of byte-range sequences.
enum UTF8Sequences {
    /// One UTF-8 sequence shape: the i-th byte is in `ranges[i]`.
    typealias Sequence = [ClosedRange<UInt8>]

    /// Sequences whose union encodes exactly the scalars of `range` (surrogates, which
    /// have no UTF-8 form, left out). The method is Russ Cox's and RE2's: split the range
    /// at encoded-length boundaries, then wherever the continuation bytes of its ends
    /// would not cover their full span.
    static func sequences(for range: ClosedRange<UInt32>) -> [Sequence] {
        var result: [Sequence] = []
        split(range.lowerBound, range.upperBound, into: &result)
        return result
    }

    private static func split(_ low: UInt32, _ high: UInt32, into result: inout [Sequence]) {
        guard low <= high else { return }
        if low <= 0xDFFF, high >= 0xD800 {
            if low < 0xD800 { split(low, 0xD7FF, into: &result) }
            if high > 0xDFFF { split(0xE000, high, into: &result) }
            return
        }
        for boundary: UInt32 in [0x7F, 0x7FF, 0xFFFF] where low <= boundary && high > boundary {
            split(low, boundary, into: &result)
            split(boundary + 1, high, into: &result)
            return
        }
        if high <= 0x7F {
            result.append([UInt8(low)...UInt8(high)])
            return
        }
        for continuation in 1..<4 {
            let mask: UInt32 = (1 << (6 * UInt32(continuation))) - 1
            guard low & ~mask != high & ~mask else { continue }
            if low & mask != 0 {
                split(low, low | mask, into: &result)
                split((low | mask) + 1, high, into: &result)
                return
            }
            if high & mask != mask {
                split(low, (high & ~mask) - 1, into: &result)
                split(high & ~mask, high, into: &result)
                return
            }
        }
        let first = encode(low), last = encode(high)
        result.append(zip(first, last).map { $0...$1 })
    }

    /// The UTF-8 bytes of a scalar value (not a surrogate).
    static func encode(_ value: UInt32) -> [UInt8] {
        Array(String(Character(Unicode.Scalar(value)!)).utf8)
    }
}

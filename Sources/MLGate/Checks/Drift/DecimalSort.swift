/// Sorting a column of decimals read from text, as the integers they are: a column whose
/// every value is exactly what parsing `m / 10^k` gives (one `k` for the column, `|m|`
/// below 2^51) sorts as its integers `m`, whose range is usually far narrower than the
/// doubles' 64 bits (a rate of three decimals spans a few hundred, an amount of two
/// decimals some millions): a counting sort when they span fewer than 2^16 values,
/// else, when they span fewer than 2^32, an LSD radix sort on two digits of at most 16
/// bits (two passes where the doubles' bits take four), each digit's buckets small
/// enough to stay cached.
///
/// The result is the doubles themselves, bit for bit: each value is checked to come back
/// from its integer as `Double(m) / 10^k` (a correctly rounded division of two exact
/// doubles, which is what a correctly rounded parse of the decimal gives), and a column
/// where one does not (more digits, an infinity, −0.0, a value too large) is left to
/// ``SortedSample``'s sort of the bits.
enum DecimalSort {
    /// The most decimals tried: 10^15 and every integer below 2^51 are exact doubles.
    static let maximumScale = 15
    /// Sorts `values` ascending when they are such decimals and their integers span fewer
    /// than 2^32 values (two digits of at most 16 bits: wider ones do not pay, as
    /// ``SortedSample`` sorts on 16-bit digits); returns false, `values` untouched, when not.
    /// Memory: none beyond `values` for a counted column; a radix sort's offsets take four
    /// bytes a value (the range fits 32 bits), half of what ``SortedSample``'s sort of the
    /// bits takes.
    static func sort(_ values: inout [Double]) -> Bool {
        let count = values.count
        guard count > 0, let scale = values.withUnsafeBufferPointer({ probeScale($0.prefix(64)) }) else { return false }
        let factor = exactPowersOfTen[scale]
        // Every value checked to come back from its integer, and the integers' range;
        // nothing kept (the integers are made again from the values when sorted).
        var low = Int64.max, high = Int64.min
        let exact = values.withUnsafeBufferPointer { doubles in
            for index in 0..<count {
                guard let scaled = exactInteger(doubles[index], factor) else { return false }
                let integer = Int64(scaled)
                low = min(low, integer)
                high = max(high, integer)
            }
            return true
        }
        guard exact else { return false }
        let range = UInt64(bitPattern: high &- low)
        if range < countingLimit {
            countingSort(&values, low: low, range: Int(range), factor: factor)
            return true
        }
        // A range of 2^16 or more and below 2^32: two digits of 9 to 16 bits.
        let bits = UInt64.bitWidth - range.leadingZeroBitCount
        guard bits <= 32 else { return false }
        radixSort(&values, low: low, bits: bits, factor: factor)
        return true
    }

    /// The offset from `low` of a value's integer (the value known to be exact: ``exactInteger(_:_:)``).
    @inline(__always)
    private static func offset(_ value: Double, _ factor: Double, _ low: Int64) -> UInt32 {
        UInt32(truncatingIfNeeded: Int64(nearestInteger(value * factor)) &- low)
    }

    /// Ranges narrower than this are counted (the counts stay in the second-level cache).
    static let countingLimit: UInt64 = 1 << 16

    /// The integer `m` whose `Double(m) / factor` is `value` exactly (`|m|` below 2^51);
    /// nil when there is none. A NaN or an infinity fails the comparisons; −0.0 has none
    /// (it would come back as 0.0).
    @inline(__always)
    static func exactInteger(_ value: Double, _ factor: Double) -> Double? {
        let product = value * factor
        guard abs(product) < 0x1p51 else { return nil }
        let scaled = nearestInteger(product)
        guard scaled / factor == value, value != 0 || value.sign == .plus else { return nil }
        return scaled
    }

    /// `value` rounded to the nearest integer, ties to even (`|value| < 2^51`): adding
    /// and taking away 1.5 × 2^52 leaves no fraction bits (a call of `rounded()` cost
    /// more than the rest of the loop).
    @inline(__always)
    private static func nearestInteger(_ value: Double) -> Double {
        let magic = 0x1.8p52
        return (value + magic) - magic
    }

    /// The fewest decimals that every value of `probe` is exact with, when some are.
    static func probeScale(_ probe: some Sequence<Double>) -> Int? {
        var scale = 0
        for value in probe {
            while scale <= maximumScale, exactInteger(value, exactPowersOfTen[scale]) == nil { scale += 1 }
            guard scale <= maximumScale else { return nil }
        }
        return scale
    }

    /// 10^0 … 10^15, each exact.
    static let exactPowersOfTen: [Double] = (0...maximumScale).reduce(into: []) { powers, k in
        powers.append(k == 0 ? 1 : powers[k - 1] * 10)
    }

    /// A counting sort of the values' integers spanning `range + 1` values from `low`,
    /// the values written back in order. Four tables count by turns, so that a run of
    /// equal values does not wait on its own count's increment.
    private static func countingSort(_ values: inout [Double], low: Int64, range: Int, factor: Double) {
        let width = range + 1
        var counts = [UInt32](repeating: 0, count: 4 * width)
        counts.withUnsafeMutableBufferPointer { counts in
            values.withUnsafeMutableBufferPointer { values in
                let count = values.count, whole = count & ~3
                var index = 0
                while index < whole {
                    counts[Int(offset(values[index], factor, low))] &+= 1
                    counts[width &+ Int(offset(values[index &+ 1], factor, low))] &+= 1
                    counts[2 &* width &+ Int(offset(values[index &+ 2], factor, low))] &+= 1
                    counts[3 &* width &+ Int(offset(values[index &+ 3], factor, low))] &+= 1
                    index &+= 4
                }
                for index in whole..<count { counts[Int(offset(values[index], factor, low))] &+= 1 }
                var position = 0
                for offset in 0..<width {
                    let repeats = Int(counts[offset]) &+ Int(counts[width &+ offset]) &+ Int(counts[2 &* width &+ offset])
                        &+ Int(counts[3 &* width &+ offset])
                    guard repeats > 0 else { continue }
                    let value = Double(low &+ Int64(offset)) / factor
                    for _ in 0..<repeats {
                        values[position] = value
                        position &+= 1
                    }
                }
            }
        }
    }

    /// An LSD radix sort of the values' integers' offsets from `low` (`bits` wide, 17 to
    /// 32) in two digits of equal width, written back as their doubles. The
    /// first pass reads the values and scatters their offsets (four bytes each) into an
    /// array of their own; the second scatters them back into the upper half of the
    /// values' own bytes, from which the doubles are then written front to back (double
    /// `i` covers bytes `8i..<8i+8`, offset `j` bytes `4n+4j..<4n+4j+4`: every offset is
    /// read before a double covers it).
    private static func radixSort(_ values: inout [Double], low: Int64, bits: Int, factor: Double) {
        let count = values.count, passes = 2
        let digitBits = (bits + 1) / 2, radix = 1 << digitBits, mask = UInt32(radix - 1)
        // Each digit's histogram, counted in two tables by turns (even and odd values), so
        // that neighbours sharing a digit do not wait on each other's increment; then the
        // first table becomes the digit's offsets.
        let tables = 2, table = radix * passes
        var counts = [Int](repeating: 0, count: table * tables)
        values.withUnsafeBufferPointer { values in
            counts.withUnsafeMutableBufferPointer { counts in
                for index in 0..<count {
                    let key = offset(values[index], factor, low)
                    let base = (index & 1) &* table
                    counts[base &+ Int(key & mask)] &+= 1
                    counts[base &+ radix &+ Int((key >> UInt32(digitBits)) & mask)] &+= 1
                }
                for pass in 0..<passes {
                    var total = 0
                    for index in (pass * radix)..<((pass + 1) * radix) {
                        let digitCount = counts[index] &+ counts[table &+ index]
                        counts[index] = total
                        total &+= digitCount
                    }
                }
            }
        }
        // The first digit: from the values into an array of offsets.
        var keys = [UInt32](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        keys.withUnsafeMutableBufferPointer { keys in
            values.withUnsafeBufferPointer { values in
                counts.withUnsafeMutableBufferPointer { offsets in
                    for index in 0..<count {
                        let key = offset(values[index], factor, low)
                        let slot = Int(key & mask)
                        keys[offsets[slot]] = key
                        offsets[slot] &+= 1
                    }
                }
            }
        }
        values.withUnsafeMutableBytes { bytes in
            // The second digit: into the upper half of the values' bytes, then back to doubles.
            let upper = count &* 4, shift = UInt32(digitBits)
            keys.withUnsafeBufferPointer { keys in
                counts.withUnsafeMutableBufferPointer { offsets in
                    for key in keys {
                        let slot = radix &+ Int((key >> shift) & mask)
                        bytes.storeBytes(of: key, toByteOffset: upper &+ offsets[slot] &* 4, as: UInt32.self)
                        offsets[slot] &+= 1
                    }
                }
            }
            for index in 0..<count {
                let key = bytes.load(fromByteOffset: upper &+ index &* 4, as: UInt32.self)
                bytes.storeBytes(of: Double(low &+ Int64(key)) / factor, toByteOffset: index &* 8, as: Double.self)
            }
        }
    }
}

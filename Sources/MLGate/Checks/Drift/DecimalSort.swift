/// Sorting a column of decimals read from text, as the integers they are: a column whose
/// every value is exactly what parsing `m / 10^k` gives (one `k` for the column, `|m|`
/// below 2^51) sorts as its integers `m`, whose range is usually far narrower than the
/// doubles' 64 bits (a rate of three decimals spans a few hundred, an amount of two
/// decimals some millions): a counting sort when they span fewer than 2^16 values,
/// else an LSD radix sort on the fewest digits of at most 16 bits that cover the range
/// (one or two passes where the doubles' bits take four), each digit's buckets small
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
    /// Digits wider than this do not pay: ``SortedSample`` sorts on 16-bit digits.
    static let maximumPasses = 2

    /// Sorts `values` ascending when they are such decimals and their integers' range
    /// takes at most ``maximumPasses`` digits; returns false, `values` untouched, when not.
    /// Memory: one array of the values' size, as ``SortedSample``'s sort takes.
    static func sort(_ values: inout [Double]) -> Bool {
        let count = values.count
        guard count > 0, let scale = values.withUnsafeBufferPointer({ probeScale($0.prefix(64)) }) else { return false }
        let factor = exactPowersOfTen[scale]
        // The integers (as bit patterns), checked to give their values back, and their range.
        var keys = [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var low = Int64.max, high = Int64.min
        let exact = values.withUnsafeBufferPointer { doubles in
            keys.withUnsafeMutableBufferPointer { keys in
                for index in 0..<count {
                    guard let scaled = exactInteger(doubles[index], factor) else { return false }
                    let integer = Int64(scaled)
                    keys[index] = UInt64(bitPattern: integer)
                    low = min(low, integer)
                    high = max(high, integer)
                }
                return true
            }
        }
        guard exact else { return false }
        let range = UInt64(bitPattern: high &- low)
        if range < countingLimit {
            countingSort(keys, low: low, range: Int(range), factor: factor, into: &values)
            return true
        }
        let bits = UInt64.bitWidth - range.leadingZeroBitCount
        let passes = (bits + 15) / 16
        guard passes <= maximumPasses else { return false }
        radixSort(&keys, low: low, bits: bits, passes: passes, factor: factor, into: &values)
        return true
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

    /// A counting sort of integers (as bit patterns) spanning `range + 1` values from
    /// `low`, written back as their doubles. Four tables count by turns, so that a run of
    /// equal values does not wait on its own count's increment.
    private static func countingSort(_ keys: [UInt64], low: Int64, range: Int, factor: Double, into values: inout [Double]) {
        let width = range + 1
        var counts = [UInt32](repeating: 0, count: 4 * width)
        counts.withUnsafeMutableBufferPointer { counts in
            keys.withUnsafeBufferPointer { keys in
                let count = keys.count, whole = count & ~3
                var index = 0
                while index < whole {
                    counts[Int(Int64(bitPattern: keys[index]) &- low)] &+= 1
                    counts[width &+ Int(Int64(bitPattern: keys[index &+ 1]) &- low)] &+= 1
                    counts[2 &* width &+ Int(Int64(bitPattern: keys[index &+ 2]) &- low)] &+= 1
                    counts[3 &* width &+ Int(Int64(bitPattern: keys[index &+ 3]) &- low)] &+= 1
                    index &+= 4
                }
                for index in whole..<count { counts[Int(Int64(bitPattern: keys[index]) &- low)] &+= 1 }
            }
            values.withUnsafeMutableBufferPointer { values in
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

    /// An LSD radix sort of the integers' (bit patterns') offsets from `low` (`bits`
    /// wide) in `passes` digits of equal width, the values' own array serving as the
    /// scratch (they are made again from the integers), written back as their doubles.
    private static func radixSort(
        _ keys: inout [UInt64], low: Int64, bits: Int, passes: Int, factor: Double, into values: inout [Double]
    ) {
        let count = keys.count
        let digitBits = (bits + passes - 1) / passes, radix = 1 << digitBits, mask = UInt64(radix - 1)
        // Each digit's histogram, counted in two tables by turns (even and odd keys), so
        // that neighbours sharing a digit do not wait on each other's increment; then
        // the first table becomes the digit's offsets.
        let tables = 2, table = radix * passes
        var counts = [Int](repeating: 0, count: table * tables)
        keys.withUnsafeMutableBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                for index in 0..<count {
                    let key = UInt64(bitPattern: Int64(bitPattern: keys[index]) &- low)
                    keys[index] = key
                    let base = (index & 1) &* table
                    counts[base &+ Int(key & mask)] &+= 1
                    if passes > 1 { counts[base &+ radix &+ Int((key >> UInt64(digitBits)) & mask)] &+= 1 }
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
        keys.withUnsafeMutableBufferPointer { keys in
            values.withUnsafeMutableBufferPointer { doubles in
                doubles.withMemoryRebound(to: UInt64.self) { scratch in
                    counts.withUnsafeMutableBufferPointer { offsets in
                        var source = keys, target = scratch
                        for pass in 0..<passes {
                            let base = pass &* radix, shift = UInt64(pass &* digitBits)
                            for key in source {
                                let slot = base &+ Int((key >> shift) & mask)
                                target[offsets[slot]] = key
                                offsets[slot] &+= 1
                            }
                            swap(&source, &target)
                        }
                        // Back to the doubles' bits, in place when the last pass wrote the
                        // values' array.
                        for index in 0..<count {
                            let key = source[index]
                            scratch[index] = (Double(low &+ Int64(bitPattern: key)) / factor).bitPattern
                        }
                    }
                }
            }
        }
    }
}

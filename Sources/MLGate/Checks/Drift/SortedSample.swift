/// Sorting a column's numbers ascending: an LSD radix sort on 16-bit digits of the
/// doubles' order-preserving bit patterns, skipping digits that are the same for every
/// value (the high digits of ages, counts, …). Several times faster than a comparison
/// sort on a million values; the result equals `values.sorted()` for finite values
/// (−0.0 sorts before 0.0, which compare equal).
enum SortedSample {
    static func ascending(_ values: [Double]) -> [Double] {
        let count = values.count
        guard count > 256 else { return values.sorted() }
        var keys = values.map { value -> UInt64 in
            let bits = value.bitPattern
            return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        }
        var buffer = [UInt64](repeating: 0, count: count)
        // All four digit histograms in one read of the keys.
        var counts = [Int](repeating: 0, count: 4 << 16)
        keys.withUnsafeBufferPointer { source in
            counts.withUnsafeMutableBufferPointer { counts in
                for key in source {
                    counts[Int(key & 0xFFFF)] += 1
                    counts[(1 << 16) + Int((key >> 16) & 0xFFFF)] += 1
                    counts[(2 << 16) + Int((key >> 32) & 0xFFFF)] += 1
                    counts[(3 << 16) + Int(key >> 48)] += 1
                }
            }
        }
        for digit in 0..<4 {
            let base = digit << 16, shift = UInt64(digit * 16)
            // A digit every key shares does not reorder anything.
            if counts[base + Int((keys[0] >> shift) & 0xFFFF)] == count { continue }
            var total = 0
            for index in base..<(base + (1 << 16)) {
                let digitCount = counts[index]
                counts[index] = total
                total += digitCount
            }
            keys.withUnsafeBufferPointer { source in
                buffer.withUnsafeMutableBufferPointer { target in
                    counts.withUnsafeMutableBufferPointer { offsets in
                        for key in source {
                            let slot = base + Int((key >> shift) & 0xFFFF)
                            target[offsets[slot]] = key
                            offsets[slot] += 1
                        }
                    }
                }
            }
            swap(&keys, &buffer)
        }
        return keys.map { key in
            Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
        }
    }
}

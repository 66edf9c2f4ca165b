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
        var counts = [Int](repeating: 0, count: 1 << 16)
        for shift in stride(from: 0, to: 64, by: 16) {
            for index in counts.indices { counts[index] = 0 }
            keys.withUnsafeBufferPointer { source in
                for key in source { counts[Int((key >> UInt64(shift)) & 0xFFFF)] += 1 }
            }
            if counts.contains(count) { continue }
            var total = 0
            for index in counts.indices {
                let digitCount = counts[index]
                counts[index] = total
                total += digitCount
            }
            keys.withUnsafeBufferPointer { source in
                buffer.withUnsafeMutableBufferPointer { target in
                    counts.withUnsafeMutableBufferPointer { offsets in
                        for key in source {
                            let digit = Int((key >> UInt64(shift)) & 0xFFFF)
                            target[offsets[digit]] = key
                            offsets[digit] += 1
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

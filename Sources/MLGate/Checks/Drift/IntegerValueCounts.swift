/// A numeric column's values held as counts while they are integers that lie close
/// together (ages, labels, counts, ratings, years): `counts[i]` is how many values equal
/// `base + i`. The drift tests need a column's sorted values, and counts give them
/// exactly, ascending, in memory that grows with the range of the values rather than
/// with the rows, and without a sort.
///
/// A value that is not an integer, is −0 (which sorts before 0 and must keep its sign),
/// or would stretch the range past ``window`` values (or past twice the values counted,
/// beyond 4,096) is refused: the caller then keeps the column's values as they come.
struct IntegerValueCounts: Sendable {
    /// The widest range of values counted.
    static let window = 1 << 16
    /// A range this narrow is always counted, however few the values.
    static let smallRange = 4_096

    /// The smallest value a slot counts.
    private(set) var base = 0
    /// One count per value from `base` on.
    private(set) var counts: [Int] = []
    /// How many values are counted.
    private(set) var total = 0

    /// Counts `value`; `false` (nothing counted) when it cannot be.
    @inline(__always)
    mutating func add(_ value: Double) -> Bool {
        guard abs(value) < 9.0e15, let integer = Int(exactly: value), integer != 0 || value.sign == .plus else { return false }
        let slot = integer &- base
        if slot >= 0, slot < counts.count {
            counts[slot] += 1
        } else {
            guard widen(toInclude: integer) else { return false }
            counts[integer - base] += 1
        }
        total += 1
        return true
    }

    /// Re-bases the counts so that `integer` has a slot, with room to grow the same way.
    private mutating func widen(toInclude integer: Int) -> Bool {
        let low = counts.isEmpty ? integer : min(base, integer)
        let high = counts.isEmpty ? integer + 1 : max(base + counts.count, integer + 1)
        let span = high - low
        guard span <= Self.window, span <= max(Self.smallRange, 2 * (total + 1)) else { return false }
        let size = min(Self.window, max(16, span * 2))
        let newBase = !counts.isEmpty && integer < base ? high - size : low
        var widened = [Int](repeating: 0, count: size)
        if !counts.isEmpty {
            let offset = base - newBase
            widened.withUnsafeMutableBufferPointer { target in
                for (index, count) in counts.enumerated() { target[offset + index] = count }
            }
        }
        base = newBase
        counts = widened
        return true
    }

    /// Adds the counts of another column part; `false` (nothing changed) when the two
    /// ranges together are wider than ``window``.
    mutating func merge(_ other: IntegerValueCounts) -> Bool {
        guard other.total > 0 else { return true }
        guard total > 0 else {
            self = other
            return true
        }
        let low = min(base, other.base), high = max(base + counts.count, other.base + other.counts.count)
        guard high - low <= Self.window else { return false }
        if low != base || high != base + counts.count {
            var widened = [Int](repeating: 0, count: high - low)
            for (index, count) in counts.enumerated() { widened[base - low + index] = count }
            base = low
            counts = widened
        }
        for (index, count) in other.counts.enumerated() where count > 0 { counts[other.base - base + index] += count }
        total += other.total
        return true
    }

    /// The values, ascending.
    var ascending: [Double] {
        var values: [Double] = []
        values.reserveCapacity(total)
        for (index, count) in counts.enumerated() where count > 0 {
            values.append(contentsOf: repeatElement(Double(base + index), count: count))
        }
        return values
    }

    /// The values as runs (each distinct value with its count), for the statistics that
    /// take them without one double per value.
    var runs: ValueRuns {
        var values: [Double] = [], valueCounts: [Int] = []
        for (index, count) in counts.enumerated() where count > 0 {
            values.append(Double(base + index))
            valueCounts.append(count)
        }
        return ValueRuns(values: values, counts: valueCounts)
    }

    /// How many distinct values there are.
    var distinct: Int {
        counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
    }

    /// Each value's count.
    var valueCounts: [Double: Int] {
        var result: [Double: Int] = [:]
        for (index, count) in counts.enumerated() where count > 0 { result[Double(base + index)] = count }
        return result
    }
}

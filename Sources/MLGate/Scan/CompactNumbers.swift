/// A column of numbers that a consumer keeps (a quantile's, a model's scores), four
/// bytes a number while every one is a decimal of at most ``maximumScale`` places
/// whose integer fits 32 bits, eight bytes once one is not.
///
/// Numbers read from text mostly are such decimals (an amount of two places, a score of
/// six), and `m / 10^k` gives them back exactly: `Double(m) / 10^k` is a correctly
/// rounded division of two exact doubles, which is the correctly rounded value of the
/// decimal, as parsing it gives. Each number is checked to come back bit for bit before
/// it is kept as its integer (a NaN, an infinity and −0.0 never are); a number with more
/// places than the column so far raises the scale of every integer kept when they still
/// fit, and otherwise the column becomes doubles. Reading a number back costs a
/// division.
struct CompactNumbers: Sendable, RandomAccessCollection {
    /// The most decimal places kept as integers (10^9 times a 32-bit integer stays well
    /// below 2^53: every such quotient is exact).
    static let maximumScale = 9

    /// The integers, while the column is compact.
    private var integers: [Int32] = []
    /// The numbers, once the column is not compact.
    private var doubles: [Double] = []
    /// Whether the numbers are ``doubles``.
    private(set) var isWide = false
    /// The decimal places of the integers.
    private(set) var scale = 0
    /// 10^scale.
    private var factor = 1.0
    /// The largest magnitude among the integers (to know whether a larger scale fits).
    private var largest: Int64 = 0
    /// Capacity asked for before the column widened.
    private var reserved = 0

    /// No numbers.
    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { isWide ? doubles.count : integers.count }

    /// Number `index`, exactly as appended.
    @inline(__always)
    subscript(index: Int) -> Double {
        isWide ? doubles[index] : Double(integers[index]) / factor
    }

    /// Reserves room for this many numbers.
    mutating func reserveCapacity(_ count: Int) {
        reserved = Swift.max(reserved, count)
        if isWide { doubles.reserveCapacity(count) } else { integers.reserveCapacity(count) }
    }

    /// Appends a number.
    @inline(__always)
    mutating func append(_ value: Double) {
        if !isWide, let integer = Self.integer(value, factor) {
            integers.append(integer)
            largest = Swift.max(largest, abs(Int64(integer)))
            return
        }
        appendSlowly(value)
    }

    /// Appends the numbers of another column (a later part of the same table).
    mutating func append(contentsOf other: CompactNumbers) {
        if !isWide, !other.isWide, other.scale <= scale {
            let step = Self.powersOfTen[scale - other.scale]
            if other.largest * Int64(step) <= Int64(Int32.max) {
                let multiplier = Int32(step)
                integers.append(contentsOf: other.integers.lazy.map { $0 * multiplier })
                largest = Swift.max(largest, other.largest * Int64(step))
                return
            }
        }
        if !isWide, !other.isWide, other.scale > scale, rescale(to: other.scale) {
            integers.append(contentsOf: other.integers)
            largest = Swift.max(largest, other.largest)
            return
        }
        reserveCapacity(count + other.count)
        for value in other { append(value) }
    }

    /// Appends numbers.
    mutating func append(contentsOf values: [Double]) {
        for value in values { append(value) }
    }

    /// Removes the last `count` numbers.
    mutating func removeLast(_ count: Int) {
        if isWide { doubles.removeLast(count) } else { integers.removeLast(count) }
    }

    /// Removes every number; the scale stays.
    mutating func removeAll(keepingCapacity: Bool) {
        if isWide { doubles.removeAll(keepingCapacity: keepingCapacity) } else { integers.removeAll(keepingCapacity: keepingCapacity) }
    }

    /// Every number, as doubles (made on every core: ``ParallelMap``).
    var asDoubles: [Double] {
        if isWide { return doubles }
        let factor = self.factor, integers = self.integers
        return ParallelMap.array(count: integers.count) { range, target in
            integers.withUnsafeBufferPointer { integers in
                for index in range { (target + index).initialize(to: Double(integers[index]) / factor) }
            }
        }
    }

    /// A number that does not fit the column as it is: with more places (the integers
    /// rescaled when they fit), or the column widened to doubles.
    @inline(never)
    private mutating func appendSlowly(_ value: Double) {
        if !isWide, scale < Self.maximumScale {
            for places in (scale + 1)...Self.maximumScale {
                guard let integer = Self.integer(value, Self.exactPowers[places]) else { continue }
                if rescale(to: places) {
                    integers.append(integer)
                    largest = Swift.max(largest, abs(Int64(integer)))
                    return
                }
                break
            }
        }
        widen()
        doubles.append(value)
    }

    /// Raises the scale to `places`, multiplying every integer; false when one would
    /// not fit (nothing changes then).
    private mutating func rescale(to places: Int) -> Bool {
        let step = Self.powersOfTen[places - scale]
        guard largest * Int64(step) <= Int64(Int32.max) else { return false }
        if step > 1 {
            let multiplier = Int32(step)
            integers.withUnsafeMutableBufferPointer { integers in
                for index in integers.indices { integers[index] *= multiplier }
            }
        }
        largest *= Int64(step)
        scale = places
        factor = Self.exactPowers[places]
        return true
    }

    /// Every number as a double from now on.
    private mutating func widen() {
        guard !isWide else { return }
        doubles.reserveCapacity(Swift.max(reserved, integers.count + 1))
        doubles.append(contentsOf: asDoubles)
        integers = []
        isWide = true
    }

    /// The integer `m` with `Double(m) / factor == value` bit for bit, when there is one
    /// within 32 bits (``DecimalSort/exactInteger(_:_:)``'s check).
    @inline(__always)
    private static func integer(_ value: Double, _ factor: Double) -> Int32? {
        guard let scaled = DecimalSort.exactInteger(value, factor), abs(scaled) <= 2_147_483_647 else { return nil }
        return Int32(scaled)
    }

    /// 10^k, exactly, for the scales kept (``DecimalSort/exactPowersOfTen``).
    private static let exactPowers = Array(DecimalSort.exactPowersOfTen.prefix(maximumScale + 1))
    private static let powersOfTen: [Int] = exactPowers.map { Int($0) }
}

/// A column numbers are appended to: doubles, or doubles kept compact (the predictions
/// loader's column readers fill either).
protocol AppendingNumbers {
    mutating func append(_ value: Double)
}

extension Array: AppendingNumbers where Element == Double {}
extension CompactNumbers: AppendingNumbers {}

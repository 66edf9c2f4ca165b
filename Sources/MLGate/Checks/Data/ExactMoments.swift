/// The exact sum of a column's numbers and of their squares, from which its mean and
/// standard deviation are computed once, at the end.
///
/// Every finite double is an integer multiple of 2⁻¹⁰⁷⁴ and its square one of 2⁻²¹⁴⁸, so
/// both sums are held exactly as fixed-point integers (``FixedPointSum``): no rounding
/// happens until the statistic itself is rounded to a double. The result is therefore the
/// same whatever the order of the numbers, however two cores split a file, and the mean
/// and variance are correct to within a unit in the last place — pandas' and numpy's
/// pairwise sums drift further on long columns of similar values.
struct ExactMoments: Sendable, Hashable {
    /// Σx in units of 2⁻¹⁰⁷⁴: 2046 bits of position, 53 of significand, 40 of count.
    private var sum = FixedPointSum(digitCount: 68)
    /// Σx² in units of 2⁻²¹⁴⁸: 4090 bits of position, 106 of significand, 40 of count.
    private var squares = FixedPointSum(digitCount: 134)
    /// Additions since the digits were last carried.
    private var pending = 0
    private var positiveInfinities = 0
    private var negativeInfinities = 0
    /// How many numbers were added.
    private(set) var count = 0

    /// Additions that the digits take before they must be carried: 2³⁰, or fewer in tests.
    private let carryEvery: Int

    /// Equal sums compare equal however many additions each has left uncarried.
    static func == (a: Self, b: Self) -> Bool {
        a.count == b.count && a.positiveInfinities == b.positiveInfinities && a.negativeInfinities == b.negativeInfinities
            && a.sum.magnitude() == b.sum.magnitude() && a.squares.magnitude() == b.squares.magnitude()
    }
    func hash(into hasher: inout Hasher) { hasher.combine(count) }

    /// No numbers yet.
    init(carryingEvery carryEvery: Int = 1 << 30) {
        self.carryEvery = carryEvery
    }

    /// Adds `numbers` (none of them NaN).
    mutating func add(_ numbers: UnsafeBufferPointer<Double>) {
        var start = 0
        while start < numbers.count {
            if pending >= carryEvery { carry() }
            let end = min(numbers.count, start + (carryEvery - pending))
            addUncarried(UnsafeBufferPointer(rebasing: numbers[start..<end]))
            pending += end - start
            start = end
        }
        count += numbers.count
    }

    private mutating func carry() {
        sum.normalize()
        squares.normalize()
        pending = 0
    }

    private mutating func addUncarried(_ numbers: UnsafeBufferPointer<Double>) {
        var infinities = (positive: 0, negative: 0)
        sum.withDigits { sum in
            squares.withDigits { squares in
                for value in numbers {
                    let bits = value.bitPattern
                    let biased = Int(truncatingIfNeeded: (bits >> 52) & 0x7FF)
                    if biased == 0x7FF {
                        if value > 0 { infinities.positive += 1 } else { infinities.negative += 1 }
                        continue
                    }
                    let fraction = bits & 0x000F_FFFF_FFFF_FFFF
                    // value = ±significand × 2^(position − 1074)
                    let significand = biased == 0 ? fraction : fraction | 0x0010_0000_0000_0000
                    let position = biased == 0 ? 0 : biased - 1
                    Self.add(significand, at: position, negative: value < 0, to: sum)
                    Self.addSquare(of: significand, at: 2 * position, to: squares)
                }
            }
        }
        positiveInfinities += infinities.positive
        negativeInfinities += infinities.negative
    }

    /// Adds ±`significand` (53 bits) × 2^`position` units: three base-2³² digits.
    @inline(__always)
    private static func add(_ significand: UInt64, at position: Int, negative: Bool, to digits: UnsafeMutableBufferPointer<Int64>) {
        let index = position >> 5, shift = UInt64(position & 31)
        let low = significand << shift
        let high = shift == 0 ? 0 : significand >> (64 - shift)
        let parts = (Int64(low & 0xFFFF_FFFF), Int64(low >> 32), Int64(high))
        if negative {
            digits[index] -= parts.0
            digits[index + 1] -= parts.1
            digits[index + 2] -= parts.2
        } else {
            digits[index] += parts.0
            digits[index + 1] += parts.1
            digits[index + 2] += parts.2
        }
    }

    /// Adds `significand`² (106 bits) × 2^`position` units: five base-2³² digits.
    @inline(__always)
    private static func addSquare(of significand: UInt64, at position: Int, to digits: UnsafeMutableBufferPointer<Int64>) {
        let square = significand.multipliedFullWidth(by: significand)
        let index = position >> 5, shift = UInt64(position & 31)
        let word0 = square.low << shift
        let word1 = shift == 0 ? square.high : square.high << shift | square.low >> (64 - shift)
        let word2 = shift == 0 ? 0 : square.high >> (64 - shift)
        digits[index] += Int64(word0 & 0xFFFF_FFFF)
        digits[index + 1] += Int64(word0 >> 32)
        digits[index + 2] += Int64(word1 & 0xFFFF_FFFF)
        digits[index + 3] += Int64(word1 >> 32)
        digits[index + 4] += Int64(word2)
    }

    /// Adds another column part's sums.
    mutating func add(_ other: ExactMoments) {
        if pending + other.pending >= carryEvery { carry() }  // other's pending is below it
        sum.add(other.sum)
        squares.add(other.squares)
        pending += other.pending
        count += other.count
        positiveInfinities += other.positiveInfinities
        negativeInfinities += other.negativeInfinities
    }

    /// The mean: NaN without numbers or with infinities of both signs.
    var mean: Double {
        guard count > 0 else { return .nan }
        if let infinite { return infinite }
        let sum = scaledSum
        let mean = WideInteger.divide((sum.high, sum.low), by: Double(count))
        return Double(sign: sum.negative ? .minus : .plus, exponent: sum.exponent, significand: mean.high)
    }

    /// The sum, rounded once from the exact one (to within a unit in the last place, as
    /// the mean): 0 without numbers, NaN with infinities of both signs.
    var total: Double {
        if let infinite { return infinite }
        let sum = scaledSum
        return Double(sign: sum.negative ? .minus : .plus, exponent: sum.exponent, significand: sum.high)
    }

    /// What the sum and the mean are when infinities were added: ±∞, or NaN with both
    /// signs; nil without any.
    private var infinite: Double? {
        guard positiveInfinities > 0 || negativeInfinities > 0 else { return nil }
        return negativeInfinities == 0 ? .infinity : positiveInfinities == 0 ? -.infinity : .nan
    }

    /// The exact sum as its sign and its top digits (high and low parts) times 2^exponent.
    private var scaledSum: (negative: Bool, high: Double, low: Double, exponent: Int) {
        let (digits, negative) = sum.magnitude()
        let scaled = WideInteger.scaled(digits)
        return (negative, scaled.high, scaled.low, scaled.exponent - 1074)
    }

    /// The sample standard deviation (ddof = 1): the square root of n·Σx² − (Σx)², which
    /// is exact and not negative, divided by n(n − 1). NaN below two numbers or with an
    /// infinity. The root is taken before the power of two is applied, so a deviation
    /// whose variance a double cannot hold (above 10¹⁵⁴ or below 10⁻¹⁵⁴) is still right.
    var standardDeviation: Double {
        guard count > 1, positiveInfinities == 0, negativeInfinities == 0 else { return .nan }
        let first = sum.magnitude().digits
        let second = squares.magnitude().digits
        let spread = WideInteger.subtract(WideInteger.multiply(second, by: UInt64(count)), WideInteger.multiply(first, first)) ?? []
        let scaled = WideInteger.scaled(spread)
        var exponent = scaled.exponent - 2148
        var variance = WideInteger.divide(WideInteger.divide((scaled.high, scaled.low), by: Double(count)), by: Double(count - 1))
        if !exponent.isMultiple(of: 2) {
            variance = (2 * variance.high, 2 * variance.low)
            exponent -= 1
        }
        return Double(sign: .plus, exponent: exponent / 2, significand: WideInteger.squareRoot(variance))
    }
}

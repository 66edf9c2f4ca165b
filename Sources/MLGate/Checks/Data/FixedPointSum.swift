/// An exact sum of signed integers too wide for any machine word: the digits of a
/// fixed-point number in base 2³², least significant first, each kept in an `Int64` so
/// that 2³⁰ additions of a digit below 2³² need no carrying.
///
/// ``ExactMoments`` adds the numbers it reads here, so that a sum does not depend on the
/// order of its terms: two cores that split a file at different places add the same value.
struct FixedPointSum: Sendable, Hashable {
    /// The digits; a digit may leave [0, 2³²) until ``normalize()``.
    private(set) var digits: [Int64]

    /// A sum of `count` base-2³² digits, zero.
    init(digitCount: Int) {
        digits = Array(repeating: 0, count: digitCount)
    }

    /// Runs `body` on the digits, to add to them in place.
    mutating func withDigits<R>(_ body: (UnsafeMutableBufferPointer<Int64>) -> R) -> R {
        digits.withUnsafeMutableBufferPointer { body($0) }
    }

    /// Carries each digit into the next: afterwards every digit but the last lies in
    /// [0, 2³²), and the last carries the sign. The value is unchanged.
    mutating func normalize() {
        digits.withUnsafeMutableBufferPointer { digits in
            for index in 0..<(digits.count - 1) {
                digits[index + 1] += digits[index] >> 32
                digits[index] &= 0xFFFF_FFFF
            }
        }
    }

    /// Adds `other`, digit by digit (both hold fewer than 2³⁰ unnormalised additions).
    mutating func add(_ other: FixedPointSum) {
        digits.withUnsafeMutableBufferPointer { digits in
            for index in digits.indices { digits[index] += other.digits[index] }
        }
    }

    /// The magnitude as base-2³² digits and whether the sum is negative.
    func magnitude() -> (digits: [UInt64], negative: Bool) {
        var copy = self
        copy.normalize()
        let negative = copy.digits.last! < 0
        if negative {
            for index in copy.digits.indices { copy.digits[index] = -copy.digits[index] }
            copy.normalize()
        }
        return (copy.digits.map { UInt64($0) }, negative)
    }
}

/// Arithmetic on magnitudes held as base-2³² digits in `UInt64`s, least significant first:
/// what ``ExactMoments`` needs once per column, at the end.
enum WideInteger {
    /// `a × b`.
    static func multiply(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var product = [UInt64](repeating: 0, count: a.count + b.count + 1)
        for (i, x) in a.enumerated() where x != 0 {
            var carry: UInt64 = 0
            for (j, y) in b.enumerated() {
                let sum = product[i + j] + x * y + carry  // < 2⁶⁴: each term below 2³²·2³²
                product[i + j] = sum & 0xFFFF_FFFF
                carry = sum >> 32
            }
            var k = i + b.count
            while carry != 0 {
                let sum = product[k] + carry
                product[k] = sum & 0xFFFF_FFFF
                carry = sum >> 32
                k += 1
            }
        }
        return product
    }

    /// `a × n` for a machine integer `n ≥ 0`.
    static func multiply(_ a: [UInt64], by n: UInt64) -> [UInt64] {
        multiply(a, [n & 0xFFFF_FFFF, n >> 32])
    }

    /// `a − b`, or nil when `b > a`.
    static func subtract(_ a: [UInt64], _ b: [UInt64]) -> [UInt64]? {
        var difference = a
        if difference.count < b.count { difference += [UInt64](repeating: 0, count: b.count - difference.count) }
        var borrow: Int64 = 0
        for index in difference.indices {
            var digit = Int64(difference[index]) - borrow - Int64(index < b.count ? b[index] : 0)
            borrow = 0
            if digit < 0 {
                digit += 1 << 32
                borrow = 1
            }
            difference[index] = UInt64(digit)
        }
        return borrow == 0 ? difference : nil
    }

    /// `a` as `(high + low) × 2^exponent`, where `high + low` is within 2⁻⁷⁰ of `a`'s
    /// value relative to it (far finer than a double's 2⁻⁵³); `(0, 0, 0)` for zero.
    static func scaled(_ a: [UInt64]) -> (high: Double, low: Double, exponent: Int) {
        guard let top = a.lastIndex(where: { $0 != 0 }) else { return (0, 0, 0) }
        func digit(_ index: Int) -> UInt64 { index >= 0 ? a[index] : 0 }
        let upper = digit(top) << 32 | digit(top - 1)
        var lower = digit(top - 2) << 32 | digit(top - 3)
        if top >= 4, a[0..<(top - 3)].contains(where: { $0 != 0 }) { lower |= 1 }  // sticky
        let exact = Double(upper & ~0x7FF) * 0x1p64  // at most 53 significant bits: exact
        let rest = Double(upper & 0x7FF) * 0x1p64 + Double(lower)
        let high = exact + rest
        let low = rest - (high - exact)
        return (high, low, 32 * (top - 3))
    }

    /// `high + low` divided by `divisor`, as a rounded quotient and what it left out.
    static func divide(_ value: (high: Double, low: Double), by divisor: Double) -> (high: Double, low: Double) {
        let first = value.high / divisor
        let remainder = value.high.addingProduct(-first, divisor) + value.low  // the residual is exact
        let second = remainder / divisor
        let high = first + second
        return (high, second - (high - first))
    }

    /// The square root of `high + low`, rounded once.
    static func squareRoot(_ value: (high: Double, low: Double)) -> Double {
        let first = value.high.squareRoot()
        guard first > 0, first.isFinite else { return first }
        let remainder = value.high.addingProduct(-first, first) + value.low
        return first + remainder / (2 * first)
    }
}

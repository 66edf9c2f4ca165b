import Foundation

/// A double-double number (`hi + lo`, about 106 significant bits): the subset of the qd
/// package that scipy's `xsf/cephes/dd_real.h` keeps and `kolmogorov.h::_smirnov` uses,
/// ported operation for operation so that `SmirnovDistribution` rounds as scipy does.
struct DoubleDouble: Sendable, Hashable {
    var hi: Double
    var lo: Double

    init(_ hi: Double, _ lo: Double = 0) {
        self.hi = hi
        self.lo = lo
    }

    var isFinite: Bool { hi.isFinite }

    /// `fl(a + b)` and its error, assuming `|a| >= |b|`.
    @inline(__always)
    static func quickTwoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let s = a + b
        return (s, b - (s - a))
    }

    /// `fl(a + b)` and its error.
    @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let s = a + b
        let c = s - a
        let d = b - c
        let e = s - c
        return (s, (a - e) + d)
    }

    /// `fl(a * b)` and its error (with a fused multiply-add).
    @inline(__always)
    static func twoProduct(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
        let p = a * b
        return (p, (-p).addingProduct(a, b))
    }

    static prefix func - (x: DoubleDouble) -> DoubleDouble { DoubleDouble(-x.hi, -x.lo) }

    static func + (lhs: DoubleDouble, rhs: DoubleDouble) -> DoubleDouble {
        var (s1, s2) = twoSum(lhs.hi, rhs.hi)
        let (t1, t2) = twoSum(lhs.lo, rhs.lo)
        s2 += t1
        (s1, s2) = quickTwoSum(s1, s2)
        s2 += t2
        (s1, s2) = quickTwoSum(s1, s2)
        return DoubleDouble(s1, s2)
    }

    static func + (lhs: DoubleDouble, rhs: Double) -> DoubleDouble {
        var (s1, s2) = twoSum(lhs.hi, rhs)
        s2 += lhs.lo
        (s1, s2) = quickTwoSum(s1, s2)
        return DoubleDouble(s1, s2)
    }

    static func - (lhs: DoubleDouble, rhs: DoubleDouble) -> DoubleDouble { lhs + (-rhs) }

    static func - (lhs: DoubleDouble, rhs: Double) -> DoubleDouble {
        var (s1, s2) = twoSum(lhs.hi, -rhs)
        s2 += lhs.lo
        (s1, s2) = quickTwoSum(s1, s2)
        return DoubleDouble(s1, s2)
    }

    static func * (lhs: DoubleDouble, rhs: DoubleDouble) -> DoubleDouble {
        var (p1, p2) = twoProduct(lhs.hi, rhs.hi)
        p2 += lhs.hi * rhs.lo + lhs.lo * rhs.hi
        (p1, p2) = quickTwoSum(p1, p2)
        return DoubleDouble(p1, p2)
    }

    static func * (lhs: DoubleDouble, rhs: Double) -> DoubleDouble {
        let (p1, e1) = twoProduct(lhs.hi, rhs)
        let (p2, e2) = twoProduct(lhs.lo, rhs)
        let (s, e) = quickTwoSum(p1, e2 + p2 + e1)
        return DoubleDouble(s, e)
    }

    static func * (lhs: Double, rhs: DoubleDouble) -> DoubleDouble { rhs * lhs }

    static func / (lhs: DoubleDouble, rhs: DoubleDouble) -> DoubleDouble {
        var q1 = lhs.hi / rhs.hi
        var r = lhs - rhs * q1
        var q2 = r.hi / rhs.hi
        r = r - rhs * q2
        let q3 = r.hi / rhs.hi
        (q1, q2) = quickTwoSum(q1, q2)
        return DoubleDouble(q1, q2) + q3
    }

    static func / (lhs: DoubleDouble, rhs: Double) -> DoubleDouble { lhs / DoubleDouble(rhs) }

    static func / (lhs: Double, rhs: DoubleDouble) -> DoubleDouble { DoubleDouble(lhs) / rhs }

    /// Rounds towards −∞ (`dd_real.h::floor`).
    var floor: DoubleDouble {
        let high = hi.rounded(.down)
        guard high == hi else { return DoubleDouble(high, 0) }
        let (s, e) = DoubleDouble.quickTwoSum(high, lo.rounded(.down))
        return DoubleDouble(s, e)
    }

    /// `self · 2^exponent`.
    func scaled(by exponent: Int) -> DoubleDouble {
        DoubleDouble(Double(sign: .plus, exponent: exponent, significand: hi),
                     Double(sign: .plus, exponent: exponent, significand: lo))
    }

    /// `dd_real.h::frexp`: a mantissa with `0.5 <= |hi| < 1` (or `|hi| == 1` with `lo`
    /// of the other sign) and the power of two.
    var frexp: (mantissa: DoubleDouble, exponent: Int) {
        guard hi != 0, hi.isFinite else { return (self, 0) }
        // C frexp: hi = man · 2^exponent with 0.5 <= |man| < 1.
        var exponent = Int(hi.exponent) + 1
        var man = Double(sign: .plus, exponent: -exponent, significand: hi)
        var low = Double(sign: .plus, exponent: -exponent, significand: lo)
        if abs(man) == 0.5 && man * low < 0 {
            man *= 2
            low *= 2
            exponent -= 1
        }
        return (DoubleDouble(man, low), exponent)
    }
}

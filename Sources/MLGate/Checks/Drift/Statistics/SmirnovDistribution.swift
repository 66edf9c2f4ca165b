import Foundation

/// The one-sided Kolmogorov–Smirnov (Smirnov) distribution: `P(D⁺ₙ ≥ x)`, a port of
/// `scipy.special.smirnov(n, x)` (scipy's `xsf/cephes/kolmogorov.h::_smirnov`, the
/// Birnbaum–Tingey sum with binomials kept as a double-double mantissa and an exponent).
/// `KolmogorovDistribution` uses it for the upper tail of the two-sided distribution.
enum SmirnovDistribution {
    /// Above this `n` scipy uses the approximation `exp(−(6nx + 1)² / (18n))`.
    static let maxComputedN = 1_000_000
    /// Cephes `MINLOG`: `exp` of anything below underflows.
    static let minLog = -7.451332191019412076235e2
    private static let ln2 = 0.693147180559945309417232121458176568

    /// `P(D⁺ₙ ≥ x)` = `scipy.special.smirnov(n, x)`.
    static func survival(n: Int, x: Double) -> Double {
        guard n > 0, x >= 0, x <= 1 else { return .nan }
        if n == 1 { return 1 - x }
        if x == 0 { return 1 }
        if x == 1 { return 0 }

        // floor(n·x) and its fractional part, exactly.
        let nxD = Double(n) * DoubleDouble(x)
        let nxFloorD = nxD.floor
        var alpha = (nxD - nxFloorD).hi
        var nxFloor = Int(nxFloorD.hi)
        if alpha == 1 {
            nxFloor += 1
            alpha = 0
        }
        var n1mxFloor = n - nxFloor - (alpha == 0 ? 0 : 1)
        var n1mxCeil = n - nxFloor
        if alpha == 0 {
            n1mxFloor -= 1
            n1mxCeil += 1
        }
        // x <= 1/n
        if nxFloor == 0 || (nxFloor == 1 && alpha == 0) {
            let t = power(DoubleDouble(1) + x, n - 1).hi
            return 1 - x * t
        }
        // The survival function underflows.
        if -2 * Double(n) * x * x < minLog { return 0 }
        // x >= 1 − 1/n
        if nxFloor >= n - 1 {
            return power(DoubleDouble(1) - x, n).hi
        }
        if n > maxComputedN {
            let logp = -Foundation.pow(6.0 * Double(n) * x + 1, 2) / 18.0 / Double(n)
            return logp < -ln2 ? exp(logp) : 1 - (-expm1(logp))
        }

        let upperTerms = n - n1mxCeil + 1
        let useUpperSum = (upperTerms <= 1 && x < 0.5)
            || (n >= 10 && upperTerms <= 3 && x <= 0.5 / Double(n).squareRoot())
        var start = 0, step = 1, termCount = n1mxFloor + 1
        var term: DoubleDouble
        if useUpperSum {
            start = n
            step = -1
            termCount = n - n1mxCeil + 1
            term = power(DoubleDouble(1) + x, n - 1)
        } else {
            term = power(DoubleDouble(1) - x, n) / x
        }
        var sum = DoubleDouble(0) + term
        var binomial = DoubleDouble(1)
        var binomialExponent = 0
        updateBinomial(&binomial, &binomialExponent, n: n, j: 0)
        let middle = n / 2
        var j = 1
        while j < termCount {
            let v = start + j * step
            term = birnbaumTingeyTerm(n: n, x: x, v: v, binomial: binomial, binomialExponent: binomialExponent)
            if term.isFinite && term.hi != 0 {
                sum = sum + term
            }
            if term.hi != 0 {
                if 4 * Double(termCount - j) * abs(term.hi) < Double.ulpOfOne * sum.hi && j != termCount - 1 {
                    break
                }
            } else if j > middle {
                break
            }
            updateBinomial(&binomial, &binomialExponent, n: n, j: j)
            j += 1
        }
        let probability = (x * sum).hi
        let survival = step < 0 ? 1 - probability : probability
        return min(max(survival, 0), 1)
    }

    /// `C(n, v) · (1 − x − v/n)^(n−v) · (x + v/n)^(v−1)` (`computeAv`).
    private static func birnbaumTingeyTerm(
        n: Int, x: Double, v: Int, binomial: DoubleDouble, binomialExponent: Int
    ) -> DoubleDouble {
        let t2x = DoubleDouble(Double(n - v)) / Double(n) - x
        let (t2, t2Exponent) = scaledPower(t2x, n - v)
        let t1x = DoubleDouble(Double(v)) / Double(n) + x
        let (t1, t1Exponent) = scaledPower(t1x, v - 1)
        let product = t1 * t2 * binomial
        return product.scaled(by: binomialExponent + t1Exponent + t2Exponent)
    }

    /// `C(n, j+1)` from `C(n, j)`, as a normalised mantissa and an exponent.
    private static func updateBinomial(_ mantissa: inout DoubleDouble, _ exponent: inout Int, n: Int, j: Int) {
        let rat = DoubleDouble(Double(n - j)) / (Double(j) + 1.0)
        let (man, e) = (mantissa * rat).frexp
        exponent += e
        mantissa = man
    }

    /// `aᵐ` (`pow_D`): `pow` on the high word, corrected for the low word.
    static func power(_ a: DoubleDouble, _ m: Int) -> DoubleDouble {
        if m <= 0 {
            if m == 0 { return DoubleDouble(1) }
            return 1.0 / power(a, -m)
        }
        if a.hi == 0 && a.lo == 0 { return DoubleDouble(0) }
        let ans = Foundation.pow(a.hi, Double(m))
        let r = a.lo / a.hi
        var adjust = Double(m) * r
        if abs(adjust) > 1e-8 {
            if abs(adjust) < 1e-4 {
                adjust += (Double(m) * r) * (Double(m - 1) / 2.0 * r)
            } else {
                adjust = expm1(Double(m) * log1p(r))
            }
        }
        return DoubleDouble(ans) + ans * adjust
    }

    /// Not 1024: keeps both words of a double-double normalised.
    private static let maxExponent = 960

    /// `aᵐ` as a mantissa and a power of two (`pow2Scaled_D`), so that huge and tiny
    /// powers neither overflow nor underflow.
    private static func scaledPower(_ a: DoubleDouble, _ m: Int) -> (DoubleDouble, Int) {
        if m <= 0 {
            if m == 0 { return (DoubleDouble(1), 0) }
            let (inverse, e1) = scaledPower(a, -m)
            let (man, e2) = (1.0 / inverse).frexp
            return (man, -e1 + e2)
        }
        let (y, yExponent) = a.frexp
        if m == 1 { return (y, yExponent) }
        var maxExponent = Self.maxExponent
        if Double(m) * (y.hi - 1) / y.hi < -Double(Self.maxExponent) * ln2 {
            let lg2y = log(y.hi) / ln2
            if Double(m) * lg2y <= -Double(Self.maxExponent) {
                maxExponent = Int(nextPowerOf2(-Double(Self.maxExponent) / lg2y + 1) / 2)
            }
        }
        if m <= maxExponent {
            let (man, e) = power(y, m).frexp
            return (man, e + m * yExponent)
        }
        let q = m / maxExponent
        let r = m % maxExponent
        let (y2r, y2rExponent) = scaledPower(y, r)
        let (y2m, y2mExponent) = scaledPower(y, maxExponent)
        let (y2mq, y2mqE) = scaledPower(y2m, q)
        let (man, e) = (y2r * y2mq).frexp
        return (man, e + y2mqE + y2mExponent * q + y2rExponent + m * yExponent)
    }

    /// `nextPowerOf2` of `kolmogorov.h`.
    private static func nextPowerOf2(_ x: Double) -> Double {
        let q = Double(sign: .plus, exponent: 1 - Double.significandBitCount - 1, significand: x)
        var l = abs(q + x)
        if l == 0 {
            l = abs(x)
        } else if let integer = Int(exactly: l) {
            l = Double(integer)
        }
        return l
    }
}

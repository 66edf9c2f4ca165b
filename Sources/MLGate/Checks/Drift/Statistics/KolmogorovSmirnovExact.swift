import Foundation

/// The exact null distribution of the two-sided two-sample Kolmogorov–Smirnov statistic:
/// `P(D ≥ h / lcm(n₁, n₂))`, computed as scipy 1.17's `_attempt_exact_2kssamp` does
/// (`scipy/stats/_stats_py.py`): `_compute_prob_outside_square` when `n₁ == n₂`, else
/// Viehmann's recursion for `1 − P(inside)` (`_stats_pythran.py::_compute_outer_prob_inside_method`).
///
/// Cost: O(n) for equal sizes; O(max(n₁, n₂) · band) otherwise, where the band is at most
/// the smaller size (10⁸ steps for 10⁴ × 10⁴ − 1, the largest `auto` hands to it).
public enum KolmogorovSmirnovExact {
    /// `P(D ≥ h / lcm)` for sample sizes `n1`, `n2`; `nil` where scipy's attempt fails
    /// (a result outside [0, 1], e.g. `n1 = n2 = 5, h = 1` gives 1.0000000000000002) and
    /// `ks_2samp` falls back to the asymptotic distribution.
    public static func pValue(n1: Int, n2: Int, h: Int) -> Double? {
        precondition(n1 > 0 && n2 > 0 && h >= 0, "sizes must be positive and h non-negative")
        if h == 0 { return 1 }
        let p: Double
        if n1 == n2 {
            p = probabilityOutsideSquare(n: n1, h: h)
        } else {
            p = probabilityOutsideInside(n1, n2, g: greatestCommonDivisor(n1, n2), h: h)
        }
        guard p >= 0, p <= 1 else { return nil }
        return p
    }

    /// The proportion of lattice paths leaving `|x − y| < h` for `n × n`
    /// (`_compute_prob_outside_square`, a Horner form of the alternating binomial sum).
    static func probabilityOutsideSquare(n: Int, h: Int) -> Double {
        var p = 0.0
        var k = Int((Double(n) / Double(h)).rounded(.down))
        while k >= 0 {
            var p1 = 1.0
            let base = k * h
            for j in 0..<h {
                p1 = Double(n - base - j) * p1 / Double(n + base + j + 1)
            }
            p = p1 * (1.0 - p)
            k -= 1
        }
        return 2 * p
    }

    /// `1 −` the proportion of paths that stay strictly inside `|x/m − y/n| < h/lcm`
    /// (Viehmann 2021; `_compute_outer_prob_inside_method`).
    static func probabilityOutsideInside(_ first: Int, _ second: Int, g: Int, h: Int) -> Double {
        let m = max(first, second), n = min(first, second)
        let mg = m / g, ng = n / g
        let mgd = Double(mg)
        var minj = 0
        var maxj = min(Int((Double(h) / mgd).rounded(.up)), n + 1)
        var currentLength = maxj - minj
        let length = min(2 * maxj + 2, n + 1)
        var column = [Double](repeating: 1, count: length)
        for j in minj..<min(maxj, length) { column[j] = 0 }
        return column.withUnsafeMutableBufferPointer { a -> Double in
            for i in 1...m {
                let lastMinj = minj, lastLength = currentLength
                minj = min(max(Int((Double(ng * i - h) / mgd).rounded(.down)) + 1, 0), n)
                maxj = min(Int((Double(ng * i + h) / mgd).rounded(.up)), n + 1)
                if maxj <= minj { return 1.0 }
                let di = Double(i)
                var value = minj == 0 ? 0.0 : 1.0
                let shift = minj - lastMinj
                var jd = Double(minj)
                for jj in 0..<(maxj - minj) {
                    value = (a[jj + shift] * di + value * jd) / (di + jd)
                    a[jj] = value
                    jd += 1
                }
                currentLength = maxj - minj
                if lastLength > currentLength {
                    for index in currentLength..<min(lastLength, length) { a[index] = 1 }
                }
            }
            return a[maxj - minj - 1]
        }
    }

    static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (abs(a), abs(b))
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}

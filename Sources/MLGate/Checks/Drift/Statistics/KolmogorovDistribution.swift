import Foundation

/// The exact two-sided one-sample Kolmogorov distribution `P(Dₙ ≥ x)`: a port of
/// `scipy.stats.kstwo.sf(x, n)` (scipy 1.17 `scipy/stats/_ksstats.py::_kolmogn` with
/// `cdf=False`), which follows Simard & L'Ecuyer (2011) and picks, by `n` and `n·x²`,
/// Ruben–Gambino's closed forms, the Durbin matrix (Marsaglia–Tsang–Wang), Pomeranz's
/// recursion, the Pelz–Good series or twice the one-sided Smirnov probability.
///
/// `ks_2samp`'s asymptotic two-sided p-value is this survival function with
/// `n = round(n₁n₂ / (n₁ + n₂))`.
public enum KolmogorovDistribution {
    /// The branch `survival(_:n:)` takes, named as scipy's code names it.
    public enum Branch: String, Sendable, CaseIterable {
        /// `x ≤ 0.5/n`: outside the support, 1.
        case belowSupport
        /// `x ≥ 1`: 0.
        case aboveSupport
        /// `n·x ≤ 1`: Ruben–Gambino, `1 − n!/nⁿ·(2nx − 1)ⁿ`.
        case rubenGambinoLow
        /// `n·x ≥ n − 1`: Ruben–Gambino, `2(1 − x)ⁿ`.
        case rubenGambinoHigh
        /// Twice the one-sided probability (`x ≥ 0.5`, or a large `n·x²`).
        case twiceSmirnov
        /// `1 −` the Durbin matrix (Marsaglia–Tsang–Wang).
        case durbinMatrix
        /// `1 −` Pomeranz's recursion (`n ≤ 140`).
        case pomeranz
        /// `1 −` the Pelz–Good series.
        case pelzGood
        /// `n > 140` and `n·x² ≥ 370`: 0.
        case zero
    }

    /// Which branch scipy 1.17 takes for `kstwo.sf(x, n)`.
    public static func branch(_ x: Double, n: Int) -> Branch {
        if x <= 0.5 / Double(n) { return .belowSupport }
        if x >= 1 { return .aboveSupport }
        let t = Double(n) * x
        if t <= 1 { return .rubenGambinoLow }
        if t >= Double(n - 1) { return .rubenGambinoHigh }
        if x >= 0.5 { return .twiceSmirnov }
        let nx2 = t * x
        if n <= 140 {
            if nx2 <= 0.754693 { return .durbinMatrix }
            if nx2 <= 4 { return .pomeranz }
            return .twiceSmirnov
        }
        if nx2 >= 370 { return .zero }
        if nx2 >= 2.2 { return .twiceSmirnov }
        if n <= 100_000 && Double(n) * Foundation.pow(x, 1.5) <= 1.4 { return .durbinMatrix }
        return .pelzGood
    }

    /// `P(Dₙ ≥ x)` for a sample of `n` (= `scipy.stats.kstwo.sf(x, n)`); NaN if `n < 1` or
    /// `x` is NaN.
    public static func survival(_ x: Double, n: Int) -> Double {
        guard n >= 1, !x.isNaN else { return .nan }
        let nd = Double(n)
        switch branch(x, n: n) {
        case .belowSupport:
            return 1
        case .aboveSupport, .zero:
            return 0
        case .rubenGambinoLow:
            let t = nd * x
            let probability: Double
            if n <= 140 {
                var product = 1.0
                for i in 1...n { product *= Double(i) * (1.0 / nd) * (2 * t - 1) }
                probability = product
            } else {
                probability = exp(logFactorialOverPower(n) + nd * log(2 * t - 1))
            }
            return clip(1 - probability)
        case .rubenGambinoHigh:
            return clip(2 * Foundation.pow(1.0 - x, nd))
        case .twiceSmirnov:
            return clip(2 * SmirnovDistribution.survival(n: n, x: x))
        case .durbinMatrix:
            return clip(1 - durbinMatrixCDF(n: n, d: x))
        case .pomeranz:
            return clip(1 - pomeranzCDF(n: n, x: x))
        case .pelzGood:
            return clip(1 - pelzGoodCDF(n: n, x: x))
        }
    }

    @inline(__always)
    static func clip(_ p: Double) -> Double { min(max(p, 0), 1) }

    // MARK: - Ruben–Gambino

    /// Stirling coefficients `B₂ⱼ / (2j(2j−1))`, j = 8…1 (`_STIRLING_COEFFS`).
    private static let stirlingCoefficients: [Double] = [
        -2.955065359477124183e-2, 6.4102564102564102564e-3,
        -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4,
        -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ]

    /// `log(n! / nⁿ)` by Stirling's series (`_log_nfactorial_div_n_pow_n`).
    static func logFactorialOverPower(_ n: Int) -> Double {
        let nd = Double(n)
        let rn = 1.0 / nd
        let z = rn / nd
        var polynomial = 0.0
        for coefficient in stirlingCoefficients { polynomial = polynomial * z + coefficient }
        return log(nd) / 2 - nd + log(2 * Double.pi) / 2 + rn * polynomial
    }

    // MARK: - Durbin matrix (Marsaglia, Tsang & Wang)

    private static let scaleUp = 0x1p128
    private static let scaleDown = 0x1p-128

    /// `P(Dₙ ≤ d)` by the `k`-th diagonal element of `Hⁿ` (`_kolmogn_DMTW`).
    static func durbinMatrixCDF(n: Int, d: Double) -> Double {
        if d >= 1 { return 1 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1

        var v = [Double](repeating: 0, count: m)
        var w = [Double](repeating: 0, count: m)
        var factorial = 1.0
        for j in 1...m {
            w[j - 1] = factorial
            factorial /= Double(j)
            v[j - 1] = (1.0 - Foundation.pow(h, Double(j))) * factorial
        }
        let tt = Foundation.pow(max(2 * h - 1.0, 0), Double(m)) - 2 * Foundation.pow(h, Double(m))
        v[m - 1] = (1.0 + tt) * factorial

        var matrix = [Double](repeating: 0, count: m * m)
        for i in 1..<max(m, 1) {
            for row in (i - 1)..<m { matrix[row * m + i] = w[row - (i - 1)] }
        }
        for row in 0..<m { matrix[row * m] = v[row] }
        for column in 0..<m { matrix[(m - 1) * m + column] = v[m - 1 - column] }

        var power = [Double](repeating: 0, count: m * m)
        for i in 0..<m { power[i * m + i] = 1 }
        var scratch = [Double](repeating: 0, count: m * m)
        var remaining = n
        var exponent = 0
        var matrixExponent = 0
        while remaining > 0 {
            if remaining % 2 == 1 {
                multiply(power, matrix, into: &scratch, size: m)
                swap(&power, &scratch)
                exponent += matrixExponent
            }
            multiply(matrix, matrix, into: &scratch, size: m)
            swap(&matrix, &scratch)
            matrixExponent *= 2
            if abs(matrix[(k - 1) * m + (k - 1)]) > scaleUp {
                for index in matrix.indices { matrix[index] /= scaleUp }
                matrixExponent += 128
            }
            remaining /= 2
        }

        var p = power[(k - 1) * m + (k - 1)]
        for i in 1...n {
            p = Double(i) * p / Double(n)
            if abs(p) < scaleDown {
                p *= scaleUp
                exponent -= 128
            }
        }
        if exponent != 0 { p = Double(sign: .plus, exponent: exponent, significand: p) }
        return clip(p)
    }

    /// `c = a · b` for square row-major matrices of `size`.
    private static func multiply(_ a: [Double], _ b: [Double], into c: inout [Double], size: Int) {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    for index in 0..<(size * size) { c[index] = 0 }
                    for i in 0..<size {
                        for k in 0..<size {
                            let aik = a[i * size + k]
                            if aik == 0 { continue }
                            for j in 0..<size { c[i * size + j] += aik * b[k * size + j] }
                        }
                    }
                }
            }
        }
    }

    // MARK: - Pomeranz

    /// The column range of row `i` in Pomeranz's recursion (`_pomeranz_compute_j1j2`).
    private static func pomeranzRange(
        _ i: Int, n: Int, ll: Int, ceilF: Int, roundF: Int
    ) -> (Int, Int) {
        var j1: Int, j2: Int
        if i == 0 {
            (j1, j2) = (-ll - ceilF - 1, ll + ceilF - 1)
        } else {
            let half = (i + 1) / 2
            if (i + 1) % 2 == 0 {
                if half == n + 1 {
                    (j1, j2) = (n - ll - ceilF - 1, n + ll + ceilF - 1)
                } else {
                    (j1, j2) = (half - 1 - ll - roundF - 1, half + ll - 1 + ceilF - 1)
                }
            } else {
                (j1, j2) = (half - 1 - ll - 1, half + ll + roundF - 1)
            }
        }
        return (max(j1 + 2, 0), min(j2, n))
    }

    /// `P(Dₙ ≤ x)` by Pomeranz's recursion (`_kolmogn_Pomeranz`).
    static func pomeranzCDF(n: Int, x: Double) -> Double {
        let t = Double(n) * x
        let ll = Int(t.rounded(.down))
        let f = t - Double(ll)
        let g = min(f, 1.0 - f)
        let ceilF = f > 0 ? 1 : 0
        let roundF = f > 0.5 ? 1 : 0
        let powers = 2 * (ll + 1)
        var gPower = [Double](repeating: 1, count: powers)
        var twoGPower = [Double](repeating: 1, count: powers)
        var oneMinusTwoGPower = [Double](repeating: 1, count: powers)
        let gOverN = g / Double(n), twoGOverN = 2 * g / Double(n), oneMinusTwoGOverN = (1 - 2 * g) / Double(n)
        for m in 1..<max(powers, 1) {
            gPower[m] = gPower[m - 1] * gOverN / Double(m)
            twoGPower[m] = twoGPower[m - 1] * twoGOverN / Double(m)
            oneMinusTwoGPower[m] = oneMinusTwoGPower[m - 1] * oneMinusTwoGOverN / Double(m)
        }

        var v0 = [Double](repeating: 0, count: powers)
        var v1 = [Double](repeating: 0, count: powers)
        v1[0] = 1
        var v0Start = 0, v1Start = 0
        var exponent = 0
        var (j1, j2) = pomeranzRange(0, n: n, ll: ll, ceilF: ceilF, roundF: roundF)
        for i in 1..<(2 * n + 2) {
            let k1 = j1
            swap(&v0, &v1)
            swap(&v0Start, &v1Start)
            for index in v1.indices { v1[index] = 0 }
            (j1, j2) = pomeranzRange(i, n: n, ll: ll, ceilF: ceilF, roundF: roundF)
            let weights = (i == 1 || i == 2 * n + 1) ? gPower : (i % 2 == 1 ? twoGPower : oneMinusTwoGPower)
            let length = j2 - k1 + 1
            guard length > 0 else { continue }
            // np.convolve(V0[k1 − V0s : k1 − V0s + length], weights[:length]), entries
            // j1 − k1 … j2 − k1 of the full convolution.
            let sourceStart = k1 - v0Start
            let sourceCount = max(0, min(length, powers - sourceStart))
            let weightCount = min(length, powers)
            let convolutionStart = j1 - k1
            let count = j2 - j1 + 1
            for c in 0..<max(count, 0) {
                let position = convolutionStart + c
                var sum = 0.0
                let low = max(0, position - weightCount + 1)
                let high = min(position, sourceCount - 1)
                if low <= high {
                    for p in low...high { sum += v0[sourceStart + p] * weights[position - p] }
                }
                v1[c] = sum
            }
            if let largest = v1.max(), largest > 0, largest < scaleDown {
                for index in v1.indices { v1[index] *= scaleUp }
                exponent -= 128
            }
            v1Start = v0Start + j1 - k1
        }
        var answer = v1[n - v1Start]
        for m in 1...n {
            if abs(answer) > scaleUp {
                answer *= scaleDown
                exponent += 128
            }
            answer *= Double(m)
        }
        if exponent != 0 { answer = Double(sign: .plus, exponent: exponent, significand: answer) }
        return clip(answer)
    }

    // MARK: - Pelz–Good

    /// `P(Dₙ ≤ x)` by the Pelz–Good series, four terms in `1/√n` (`_kolmogn_PelzGood`).
    static func pelzGoodCDF(n: Int, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let piSquared = Foundation.pow(Double.pi, 2)
        let piFour = Foundation.pow(Double.pi, 4)
        let piSix = Foundation.pow(Double.pi, 6)
        let sqrt2Pi = (2 * Double.pi).squareRoot()
        let z = Double(n).squareRoot() * x
        let z2 = z * z, z3 = Foundation.pow(z, 3), z4 = Foundation.pow(z, 4), z6 = Foundation.pow(z, 6)

        let qlog = -piSquared / 8 / z2
        if qlog < -708 { return 0 }
        var q = exp(qlog)

        let k1a = -z2
        let k1b = piSquared / 4
        let k2a = 6 * z6 + 2 * z4
        let k2b = (2 * z4 - 5 * z2) * piSquared / 4
        let k2c = piFour * (1 - 2 * z2) / 16
        let k3d = piSix * (5 - 30 * z2) / 64
        let k3c = piFour * (-60 * z2 + 212 * z4) / 16
        let k3b = piSquared * (135 * z4 - 96 * z6) / 4
        let k3a = -30 * z6 - 90 * Foundation.pow(z, 8)

        var k0 = 0.0, k1 = 0.0, k2 = 0.0, k3 = 0.0
        let maxK = Int((16 * z / Double.pi).rounded(.up))
        var k = maxK
        while k >= 1 {
            let m = Double(2 * k - 1)
            let m2 = m * m, m4 = Foundation.pow(m, 4), m6 = Foundation.pow(m, 6)
            let qPower = Foundation.pow(q, Double(8 * k))
            k0 = k0 * qPower + 1.0
            k1 = k1 * qPower + (k1a + k1b * m2)
            k2 = k2 * qPower + (k2a + k2b * m2 + k2c * m4)
            k3 = k3 * qPower + (k3a + k3b * m2 + k3c * m4 + k3d * m6)
            k -= 1
        }
        k0 = k0 * q * sqrt2Pi / z
        k1 = k1 * q * sqrt2Pi / (6 * z4)
        k2 = k2 * q * sqrt2Pi / (72 * Foundation.pow(z, 7))
        k3 = k3 * q * sqrt2Pi / (6480 * Foundation.pow(z, 10))

        q = exp(-piSquared / 2 / z2)
        let sqrt3z = 3.0.squareRoot() * z
        var k2Extra = 0.0, k3Extra = 0.0
        k = maxK
        while k >= 1 {
            let kd = Double(k)
            let kSquared = Double(k * k)
            let kPi = Double.pi * kd
            let qPower = Foundation.pow(q, kSquared)
            k2Extra += kSquared * qPower
            k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * kSquared * qPower
            k -= 1
        }
        k2 += k2Extra * (piSquared * sqrt2Pi / (-36 * z3))
        k3 += k3Extra * (piSquared * sqrt2Pi / (216 * z6))
        let nd = Double(n)
        k1 /= Foundation.pow(nd, 0.5)
        k2 /= Foundation.pow(nd, 1.0)
        k3 /= Foundation.pow(nd, 1.5)
        return k0 + k1 + k2 + k3
    }
}

import Foundation

/// Pearson's chi-square test of the current category counts against the reference
/// proportions, as Evidently's `chisquare` stat test computes it
/// (`evidently/legacy/calculations/stattests/chisquare_stattest.py` →
/// `scipy.stats.chisquare`), and the chi-square survival function (`scipy.special.chdtrc`).
public enum ChiSquare {
    /// A test result.
    public struct Result: Sendable, Hashable {
        /// `Σ (observed − expected)² / expected`; +∞ when a category is new in current.
        public var statistic: Double
        /// `Q(df/2, statistic/2)`; 0 when the statistic is infinite. With a single category
        /// (`df == 0`) it is 1, where scipy gives NaN (or 0 for a rounding-error statistic).
        public var pValue: Double
        /// Categories in reference ∪ current, minus one.
        public var degreesOfFreedom: Int

        public init(statistic: Double, pValue: Double, degreesOfFreedom: Int) {
            self.statistic = statistic
            self.pValue = pValue
            self.degreesOfFreedom = degreesOfFreedom
        }
    }

    /// Tests category counts (zero counts are ignored; each side must have a positive total).
    /// Over the union of categories, expected = reference count × (n_cur / n_ref), observed =
    /// current count; a category absent from the reference makes the statistic +∞ and p 0.
    /// Summed in ascending key order.
    public static func test<Key: Hashable & Comparable>(reference: [Key: Int], current: [Key: Int]) -> Result {
        let keys = Set(reference.filter { $0.value > 0 }.keys)
            .union(current.filter { $0.value > 0 }.keys).sorted()
        let nRef = reference.values.reduce(0) { $0 + max($1, 0) }
        let nCur = current.values.reduce(0) { $0 + max($1, 0) }
        precondition(nRef > 0 && nCur > 0, "chi-square needs at least one value per side")
        let scale = Double(nCur) / Double(nRef)
        var statistic = 0.0
        for key in keys {
            let expected = Double(reference[key] ?? 0) * scale
            let difference = Double(current[key] ?? 0) - expected
            statistic += difference * difference / expected
        }
        let df = keys.count - 1
        let p = df == 0 ? 1 : survival(statistic, degreesOfFreedom: Double(df))
        return Result(statistic: statistic, pValue: p, degreesOfFreedom: df)
    }

    /// `P(χ²_df ≥ x)` = `scipy.special.chdtrc(df, x)` = the regularized upper incomplete
    /// gamma function `Q(df/2, x/2)`. 1 for `x ≤ 0`, 0 for `x = +∞`, NaN for `df ≤ 0`.
    public static func survival(_ x: Double, degreesOfFreedom df: Double) -> Double {
        if x.isNaN || df.isNaN { return .nan }
        if x < 0 { return 1 }
        return upperRegularizedGamma(df / 2, x / 2)
    }

    /// Cephes `igamc(a, x)`: `Q(a, x) = Γ(a, x) / Γ(a)`, by `1 − P(a, x)` (power series)
    /// when `x < 1` or `x < a`, else by the continued fraction. About 1e-14 relative over
    /// the gate's range (`a·|log x| + x` times machine epsilon from the prefactor).
    static func upperRegularizedGamma(_ a: Double, _ x: Double) -> Double {
        if a <= 0 { return a == 0 && x > 0 ? 0 : .nan }
        if x == 0 { return 1 }
        if x.isInfinite { return 0 }
        if x < 1 || x < a { return 1 - lowerRegularizedGamma(a, x) }
        let logPrefactor = a * log(x) - x - lgamma(a)
        if logPrefactor < -maxLog { return 0 }
        let prefactor = exp(logPrefactor)
        var y = 1 - a
        var z = x + y + 1
        var c = 0.0
        var pkm2 = 1.0, qkm2 = x
        var pkm1 = x + 1.0, qkm1 = z * x
        var answer = pkm1 / qkm1
        var t: Double
        repeat {
            c += 1
            y += 1
            z += 2
            let yc = y * c
            let pk = pkm1 * z - pkm2 * yc
            let qk = qkm1 * z - qkm2 * yc
            if qk != 0 {
                let r = pk / qk
                t = abs((answer - r) / r)
                answer = r
            } else {
                t = 1
            }
            pkm2 = pkm1
            pkm1 = pk
            qkm2 = qkm1
            qkm1 = qk
            if abs(pk) > big {
                pkm2 *= bigInverse
                pkm1 *= bigInverse
                qkm2 *= bigInverse
                qkm1 *= bigInverse
            }
        } while t > machineEpsilon
        return answer * prefactor
    }

    /// Cephes `igam(a, x)`: `P(a, x)` by its power series.
    static func lowerRegularizedGamma(_ a: Double, _ x: Double) -> Double {
        let logPrefactor = a * log(x) - x - lgamma(a)
        if logPrefactor < -maxLog { return 0 }
        let prefactor = exp(logPrefactor)
        var r = a
        var c = 1.0
        var answer = 1.0
        repeat {
            r += 1
            c *= x / r
            answer += c
        } while c / answer > machineEpsilon
        return answer * prefactor / a
    }

    private static let maxLog = 7.09782712893383996843e2
    private static let machineEpsilon = 1.11022302462515654042e-16
    private static let big = 4.503599627370496e15
    private static let bigInverse = 2.22044604925031308085e-16
}

import Foundation

/// The pooled two-proportion z-test Evidently uses for a column with at most two values
/// (`evidently/legacy/calculations/stattests/z_stattest.py`): the values are sorted, the
/// first one counts as 0 and any other as 1, and the shares of 1 are compared.
public enum ProportionZTest {
    /// A test result.
    public struct Result: Sendable, Hashable {
        /// z = (p_ref − p_cur) / √(P(1 − P)(1/n_ref + 1/n_cur)); 0 when both sides hold the
        /// same single value (Evidently then skips the test).
        public var statistic: Double
        /// `2·(1 − Φ(|z|))`, as Evidently computes it; 1 when both sides hold the same single
        /// value.
        public var pValue: Double
        /// Share of the non-first value in the reference.
        public var referenceShare: Double
        /// Share of the non-first value in the current data.
        public var currentShare: Double

        public init(statistic: Double, pValue: Double, referenceShare: Double, currentShare: Double) {
            self.statistic = statistic
            self.pValue = pValue
            self.referenceShare = referenceShare
            self.currentShare = currentShare
        }
    }

    /// Tests value counts (zero counts are ignored; each side must have a positive total).
    /// Keys sort with `<`, so pass numbers as numbers to sort them numerically, as Evidently
    /// does; the order only flips the sign of z.
    ///
    /// The p-value keeps Evidently's `2·(1 − Φ(|z|))` (Φ = scipy's `ndtr`, through `erfc`),
    /// so it has absolute, not relative, precision: about 1e-16, and 0 for |z| ≳ 8.3.
    public static func test<Key: Hashable & Comparable>(reference: [Key: Int], current: [Key: Int]) -> Result {
        let referenceKeys = reference.filter { $0.value > 0 }.keys
        let currentKeys = current.filter { $0.value > 0 }.keys
        let n1 = referenceKeys.reduce(0) { $0 + reference[$1]! }
        let n2 = currentKeys.reduce(0) { $0 + current[$1]! }
        precondition(n1 > 0 && n2 > 0, "the z-test needs at least one value per side")
        guard let first = Set(referenceKeys).union(currentKeys).min() else {
            preconditionFailure("unreachable: both sides are non-empty")
        }
        let ones1 = n1 - (reference[first] ?? 0)
        let ones2 = n2 - (current[first] ?? 0)
        let p1 = Double(ones1) / Double(n1)
        let p2 = Double(ones2) / Double(n2)
        if referenceKeys.count == 1 && currentKeys.count == 1 && referenceKeys.first == currentKeys.first {
            return Result(statistic: 0, pValue: 1, referenceShare: p1, currentShare: p2)
        }
        let pooled = (p1 * Double(n1) + p2 * Double(n2)) / Double(n1 + n2)
        let variance = pooled * (1 - pooled) * (1.0 / Double(n1) + 1.0 / Double(n2))
        // Only reachable with more than two values (all of them non-first): no contrast.
        guard variance > 0 else { return Result(statistic: 0, pValue: 1, referenceShare: p1, currentShare: p2) }
        let z = (p1 - p2) / variance.squareRoot()
        return Result(statistic: z, pValue: 2 * (1 - normalCDF(abs(z))), referenceShare: p1, currentShare: p2)
    }

    /// Φ(a), the standard normal CDF, as scipy's `ndtr` (cephes) forms it from `erf`/`erfc`.
    public static func normalCDF(_ a: Double) -> Double {
        if a.isNaN { return .nan }
        let x = a * 0.70710678118654752440
        let z = abs(x)
        if z < 0.70710678118654752440 { return 0.5 + 0.5 * erf(x) }
        let y = 0.5 * erfc(z)
        return x > 0 ? 1 - y : y
    }
}

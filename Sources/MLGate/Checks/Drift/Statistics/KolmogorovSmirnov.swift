import Foundation

/// The two-sample Kolmogorov–Smirnov test, two-sided, exactly as scipy 1.17.1's
/// `scipy.stats.ks_2samp(reference, current)` computes it (what Evidently's `ks` stat test
/// calls): the statistic is the largest gap between the two empirical CDFs (ties move both
/// together); the p-value is exact (`KolmogorovSmirnovExact`) when `max(n₁, n₂) ≤ 10 000`
/// under `.auto`, otherwise `kstwo.sf(D, round(n₁n₂/(n₁ + n₂)))` (`KolmogorovDistribution`).
public enum KolmogorovSmirnov {
    /// How the p-value is computed (scipy's `method`).
    public enum Method: String, Sendable, CaseIterable {
        /// Exact when both samples have at most `maxExactSize` values, else asymptotic.
        case auto
        /// The exact distribution; falls back to `.asymp` where scipy does (lcm(n₁, n₂) too
        /// large, or a result outside [0, 1]). Costs up to O(n₁·n₂) for unequal sizes.
        case exact
        /// The one-sample Kolmogorov distribution with the effective size.
        case asymp
    }

    /// A test result.
    public struct Result: Sendable, Hashable {
        /// D, the largest absolute gap between the two empirical CDFs (after an exact
        /// p-value, `h / lcm(n₁, n₂)` as scipy returns it).
        public var statistic: Double
        /// `P(D ≥ statistic)` under the null hypothesis, in [0, 1].
        public var pValue: Double
        /// `.exact` or `.asymp`: the method actually used.
        public var method: Method
        /// The value where the gap is largest (scipy's `statistic_location`).
        public var location: Double
        /// +1 when the reference ECDF lies above the current one there, −1 below
        /// (scipy's `statistic_sign`).
        public var sign: Int

        public init(statistic: Double, pValue: Double, method: Method, location: Double, sign: Int) {
            self.statistic = statistic
            self.pValue = pValue
            self.method = method
            self.location = location
            self.sign = sign
        }
    }

    /// scipy's `MAX_AUTO_N`: `.auto` is exact up to this many values per side.
    public static let maxExactSize = 10_000

    /// Tests two samples, each sorted ascending, non-empty and free of NaN.
    /// O(n₁ + n₂) for the statistic, plus the p-value's cost (see `KolmogorovSmirnovExact`).
    public static func test(sortedReference: [Double], sortedCurrent: [Double], method: Method = .auto) -> Result {
        test(reference: sortedReference, current: sortedCurrent, method: method)
    }

    /// ``test(sortedReference:sortedCurrent:method:)`` on either form of a sample.
    static func test(reference: some AscendingSample, current: some AscendingSample, method: Method = .auto) -> Result {
        precondition(reference.count > 0 && current.count > 0, "ks_2samp needs at least one value per side")
        return test(gap: largestGap(reference, current), n1: reference.count, n2: current.count, method: method)
    }

    /// The test completed from the largest gap between the ECDFs of samples of `n1` and
    /// `n2` values (``largestGap(_:_:)``, or an engine's: ``gap(largest:smallest:)``).
    static func test(gap: (statistic: Double, location: Double, sign: Int), n1: Int, n2: Int, method: Method) -> Result {
        var d = gap.statistic
        var mode = method
        let g = KolmogorovSmirnovExact.greatestCommonDivisor(n1, n2)
        switch method {
        case .auto:
            mode = max(n1, n2) <= maxExactSize ? .exact : .asymp
        case .exact:
            if Double(n1 / g) >= Double(Int32.max) / Double(n2 / g) { mode = .asymp }
        case .asymp:
            break
        }
        var p = 0.0
        if mode == .exact {
            let lcm = (n1 / g) * n2
            let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
            d = Double(h) / Double(lcm)
            if let exact = KolmogorovSmirnovExact.pValue(n1: n1, n2: n2, h: h) {
                p = exact
            } else {
                mode = .asymp
            }
        }
        if mode == .asymp {
            p = asymptoticPValue(statistic: d, n1: n1, n2: n2)
        }
        return Result(
            statistic: d, pValue: min(max(p, 0), 1), method: mode, location: gap.location, sign: gap.sign)
    }

    /// The asymptotic two-sided p-value: `kstwo.sf(d, round(n₁n₂/(n₁ + n₂)))`, with the
    /// effective size rounded half to even as numpy does. Where that size rounds to 0
    /// (one value per side) scipy returns NaN; this returns 1.
    public static func asymptoticPValue(statistic d: Double, n1: Int, n2: Int) -> Double {
        let m = Double(max(n1, n2)), n = Double(min(n1, n2))
        let en = m * n / (m + n)
        let size = Int(en.rounded(.toNearestOrEven))
        guard size >= 1 else { return 1 }
        return KolmogorovDistribution.survival(d, n: size)
    }

    /// D with scipy's location and sign: the ECDFs are compared at every value of either
    /// sample (`searchsorted(…, side="right")`); on ties the first such value in
    /// `concatenate([reference, current])` wins, as `argmax`/`argmin` pick it.
    static func largestGap(_ a: some AscendingSample, _ b: some AscendingSample) -> (statistic: Double, location: Double, sign: Int) {
        let n1d = Double(a.count), n2d = Double(b.count)
        // Extremes of cdf1 − cdf2 over the values of each sample, with the first value reaching them.
        var maxA = -Double.infinity, maxALocation = 0.0, minA = Double.infinity, minALocation = 0.0
        var maxB = -Double.infinity, maxBLocation = 0.0, minB = Double.infinity, minBLocation = 0.0
        var i = 0, j = 0
        a.withWalker { walkA in
            b.withWalker { walkB in
                while let value = nextOfEither(walkA.next, walkB.next) {
                    let inA = walkA.next == value
                    let inB = walkB.next == value
                    let (i0, j0) = (i, j)
                    i = walkA.pass(atMost: value)
                    j = walkB.pass(atMost: value)
                    // NaN compares with nothing: stop rather than loop for ever (callers
                    // pass samples free of NaN; DriftColumnTest refuses them).
                    if i == i0 && j == j0 { break }
                    let diff = Double(i) / n1d - Double(j) / n2d
                    if inA {
                        if diff > maxA { maxA = diff; maxALocation = value }
                        if diff < minA { minA = diff; minALocation = value }
                    }
                    if inB {
                        if diff > maxB { maxB = diff; maxBLocation = value }
                        if diff < minB { minB = diff; minBLocation = value }
                    }
                }
            }
        }
        let maxS = max(maxA, maxB)
        let maxLocation = maxA == maxS ? maxALocation : maxBLocation
        let minDiff = min(minA, minB)
        let minLocation = minA == minDiff ? minALocation : minBLocation
        let minS = min(max(-minDiff, 0), 1)
        if minS > maxS { return (minS, minLocation, -1) }
        return (maxS, maxLocation, 1)
    }

    /// D and its sign from the largest and smallest `cdf1 − cdf2` over the values of either
    /// sample, as ``largestGap(_:_:)`` settles them (an engine computes the two extremes;
    /// the location is not known, NaN).
    static func gap(largest: Double, smallest: Double) -> (statistic: Double, location: Double, sign: Int) {
        let minS = min(max(-smallest, 0), 1)
        if minS > largest { return (minS, .nan, -1) }
        return (largest, .nan, 1)
    }
}

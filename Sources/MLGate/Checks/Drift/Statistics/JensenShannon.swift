import Foundation

/// The Jensen–Shannon distance as Evidently's `jensenshannon` stat test computes it
/// (`evidently/legacy/calculations/stattests/jensenshannon.py`, drift when ≥ 0.1 by default):
/// `scipy.spatial.distance.jensenshannon(r, c)` with the natural log (base `None`) on
/// unsmoothed shares, so it lies in [0, √ln 2 ≈ 0.8326].
public enum JensenShannon {
    /// The distance between a histogram's reference and current shares.
    public static func distance(_ histogram: DriftHistogram) -> Double {
        distance(referenceShares: histogram.referenceShares, currentShares: histogram.currentShares)
    }

    /// scipy's `jensenshannon(p, q)`: both normalised to sum 1, m = (p + q)/2,
    /// `√((Σ rel_entr(p, m) + Σ rel_entr(q, m)) / 2)` with `rel_entr(x, y) = x·ln(x/y)`
    /// (0 for x = 0).
    public static func distance(referenceShares p: [Double], currentShares q: [Double]) -> Double {
        precondition(p.count == q.count, "both sides need the same bins")
        let pTotal = p.reduce(0, +), qTotal = q.reduce(0, +)
        var left = 0.0, right = 0.0
        for index in p.indices {
            let pi = p[index] / pTotal, qi = q[index] / qTotal
            let m = (pi + qi) / 2.0
            left += relativeEntropy(pi, m)
            right += relativeEntropy(qi, m)
        }
        return max((left + right) / 2.0, 0).squareRoot()
    }

    /// `scipy.special.rel_entr(x, y)` for x, y ≥ 0.
    @inline(__always)
    static func relativeEntropy(_ x: Double, _ y: Double) -> Double {
        if x == 0 { return 0 }
        if y == 0 { return .infinity }
        return x * log(x / y)
    }
}
